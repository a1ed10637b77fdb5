import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../helpers/db';

// `WEB_CONCURRENCY=2 npm start`: a primary and two server processes on one port (src/cluster.ts).
vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** One request on a new connection (so the primary hands each one to the next worker). */
function call(port: number, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

interface Started {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

const logged = (s: Started, msg: string) => s.lines.map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter((l) => l?.msg === msg);

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('WEB_CONCURRENCY: one port, several server processes', () => {
  it('serves from two workers with one shared token secret, replaces a worker that dies, and stops on SIGTERM', async () => {
    const port = await freePort();
    // no JWT_SECRET: the primary draws one and hands it to both workers, so a token works on either
    const s = start({
      WEB_CONCURRENCY: '2',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      ADMIN_PASSWORD: 'Cluster-admin-1',
      REDIS_URL,
      REDIS_PREFIX: `cluster-test-${process.pid}`,
    });
    try {
      const [started] = await until('cluster started', () => logged(s, 'cluster started')[0] && logged(s, 'cluster started'));
      expect(started.workers).toBe(2);
      const pids: number[] = started.pids;
      expect(new Set(pids).size).toBe(2);
      expect(pids.every(alive)).toBe(true);
      expect(pids).not.toContain(s.child.pid);

      const login = await call(port, 'POST', '/api/auth/login', undefined, { username: 'admin', password: 'Cluster-admin-1' });
      expect(login.status).toBe(200);
      const token = login.body.token as string;
      // new connections alternate between the workers: every one accepts the token
      const statuses = await Promise.all(Array.from({ length: 12 }, () => call(port, 'GET', '/api/warehouses/list', token).then((r) => r.status)));
      expect(statuses).toEqual(Array(12).fill(200));

      // /metrics from either worker counts the requests of both, and the database is up (min over workers)
      const scrape = () =>
        new Promise<string>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve(text));
          });
          req.on('error', reject);
          req.end();
        });
      for (let i = 0; i < 4; i++) {
        const text = await scrape();
        expect(text).toContain('wms_http_request_duration_seconds_count{method="GET",route="/api/warehouses/list",status="200"} 12\n');
        expect(text).toMatch(/^wms_database_up 1$/m);
      }

      process.kill(pids[0], 'SIGKILL');
      await until('worker exited', () => logged(s, 'worker exited').length > 0);
      await until('a replacement worker', async () => {
        const r = await Promise.all(Array.from({ length: 6 }, () => call(port, 'GET', '/api/warehouses/list', token).catch(() => ({ status: 0 }))));
        return r.every((x) => x.status === 200);
      });
      expect(logged(s, 'worker exited')[0]).toMatchObject({ pid: pids[0], signal: 'SIGKILL' });

      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(alive(pids[1])).toBe(false);
    } finally {
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
  });

  it('refuses more than one worker on the embedded database', async () => {
    const s = start({ WEB_CONCURRENCY: '2', PORT: '0', DATA_DIR: 'memory://' });
    expect(await s.exited).toBe(1);
    expect(s.lines.join('\n')).toContain('WEB_CONCURRENCY > 1 needs DATABASE_URL');
  });
});
