import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { RunningServer } from '../../src/server';
import { startServer } from '../../main';
import { createTestDatabase } from '../helpers/db';
import { ADMIN_PASSWORD, TEST_JWT_SECRET } from '../helpers/server';
import { sleep } from '../helpers/fixtures';

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

async function call(url: string, method: string, path: string, token?: string, body?: unknown, timeoutMs = 15_000) {
  const started = Date.now();
  try {
    const res = await fetch(url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, text, ms: Date.now() - started };
  } catch (e) {
    return { status: 0, text: String(e), ms: Date.now() - started };
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.race([Promise.resolve().then(c).catch(() => {}), sleep(15_000)]);
}, 120_000);

// ---------------------------------------------------------------------------------------------------
// A throw-away PostgreSQL cluster (never the shared one on 5432), stopped and started under load.
const pgBin = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const v = readdirSync(root).sort().at(-1);
  return v ? join(root, v, 'bin') : null;
})();
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', join(pgBin!, cmd), ...args], { encoding: 'utf8' }) : spawnSync(join(pgBin!, cmd), args, { encoding: 'utf8' });

// Outside CI the PostgreSQL test is skipped (with a message) when no server binaries are installed; in CI (CI=true)
// a missing binary is a failure, not a silent skip, as for Chromium in tests/browser.
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!pgBin && !inCi) {
  console.warn('[tests/reliability] SKIPPED: no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (initdb, pg_ctl); install the `postgresql` package to run the PostgreSQL fault test. In CI (CI=true) it is required.');
}
if (!pgBin && inCi) {
  describe('PostgreSQL down and restarted under load', () => {
    it('needs the PostgreSQL server binaries in CI', () => {
      throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin: CI runs PostgreSQL locally (.ci/run), so initdb and pg_ctl must be there');
    });
  });
}

describe.skipIf(!pgBin)('PostgreSQL down and restarted under load', () => {
  it('answers 503 {"error": "Service unavailable"} fast while it is down and recovers without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wms-pgfault-'));
    chmodSync(dir, 0o777);
    const data = join(dir, 'data');
    const port = await freePort();
    const init = asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    expect(init.status, init.stderr).toBe(0);
    const ctl = (action: 'start' | 'stop') =>
      asPostgres('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', join(dir, 'log'), ...(action === 'start' ? ['-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`] : ['-m', 'immediate']), action]);
    expect(ctl('start').status).toBe(0);
    cleanups.push(() => {
      ctl('stop');
      rmSync(dir, { recursive: true, force: true });
    });

    const server: RunningServer = await startServer(
      loadConfig({
        NODE_ENV: 'test', DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/postgres`, JWT_SECRET: TEST_JWT_SECRET,
        ADMIN_PASSWORD, LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true', DB_POOL_MAX: '5',
      }),
      { port: 0, host: '127.0.0.1' },
    );
    cleanups.push(() => server.close());
    const login = await call(server.url, 'POST', '/api/auth/login', undefined, { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const token = JSON.parse(login.text).token as string;

    // Load: REST reads and writes and GraphQL, 8 at a time, for the whole test.
    const results: { phase: string; status: number; text: string; ms: number }[] = [];
    let phase = 'up';
    let stop = false;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const k = n++;
        const p = phase;
        const r =
          k % 3 === 0 ? await call(server.url, 'GET', '/api/admin/warehouses', token)
          : k % 3 === 1 ? await call(server.url, 'POST', '/api/admin/zones', token, { warehouse_id: 1, zone_code: `Z${k}`, zone_name: `Zone ${k}`, zone_type: 'STORAGE' })
          : await call(server.url, 'POST', '/graphql', token, { query: '{ me { username } }' });
        results.push({ phase: p, ...r });
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await sleep(1000);
    phase = 'down';
    expect(ctl('stop').status).toBe(0);
    await sleep(3000);
    phase = 'restarting';
    expect(ctl('start').status).toBe(0);
    // Recovery: the pool reconnects by itself.
    const deadline = Date.now() + 20_000;
    let recovered = false;
    while (Date.now() < deadline) {
      if ((await call(server.url, 'GET', '/api/auth/me', token)).status === 200) {
        recovered = true;
        break;
      }
      await sleep(200);
    }
    expect(recovered).toBe(true);
    phase = 'after';
    await sleep(1000);
    stop = true;
    await Promise.all(workers);

    const up = results.filter((r) => r.phase === 'up');
    expect(up.length).toBeGreaterThan(5);
    // requests still in flight when it stopped answer 503 too; never a 500 or a dropped connection
    expect(up.filter((r) => (r.status >= 500 && r.status !== 503) || r.status === 0)).toEqual([]);
    const down = results.filter((r) => r.phase === 'down');
    expect(down.length).toBeGreaterThan(5);
    for (const r of down) {
      // Some requests were in flight when it went away and may have finished; failures are 503s, never 500s.
      if (r.status >= 500) {
        expect({ status: r.status, text: r.text.includes('"errors"') ? JSON.parse(r.text).errors[0].extensions.code : r.text }).toMatchObject(
          r.text.includes('"errors"') ? { status: 503, text: 'SERVICE_UNAVAILABLE' } : { status: 503, text: '{"error":"Service unavailable"}' },
        );
      }
      expect(r.status).not.toBe(0);
      expect(r.ms).toBeLessThan(6000); // fail fast (the pool's connect timeout is 5 s; a refused connect is immediate)
    }
    expect(down.filter((r) => r.status === 503).length).toBeGreaterThan(3);
    const after = results.filter((r) => r.phase === 'after');
    expect(after.length).toBeGreaterThan(3);
    expect(after.every((r) => r.status < 500)).toBe(true);
    const ready = await call(server.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
  }, 90_000);
});

/** Resolves once a Redis server on `port` answers PING (the server needs it reachable at start). */
async function redisAnswers(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await new Promise<string>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      let got = '';
      sock.setTimeout(1000, () => sock.destroy());
      sock.on('connect', () => sock.write('PING\r\n'));
      sock.on('data', (d) => {
        got += d;
        if (got.includes('\r\n')) sock.end();
      });
      sock.on('close', () => resolve(got));
      sock.on('error', () => resolve(''));
    });
    if (answer.startsWith('+PONG')) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await sleep(25); // poll interval, not a wait for the server to be ready
  }
}

// ---------------------------------------------------------------------------------------------------
describe('Redis down', () => {
  it('login fails closed with 503 while Redis is unreachable and works again when it is back', async () => {
    const port = await freePort();
    const startRedis = () => spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let redis: ChildProcess = startRedis();
    cleanups.push(() => void redis.kill('SIGKILL'));
    await redisAnswers(port);
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const server = await startServer(
      loadConfig({
        NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET: TEST_JWT_SECRET, ADMIN_PASSWORD, LOG_LEVEL: 'silent',
        REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: `wmsfault${port}`, DB_POOL_MAX: '3',
      }),
      { port: 0, host: '127.0.0.1' },
    );
    cleanups.push(() => server.close());
    const body = { username: 'admin', password: ADMIN_PASSWORD };
    expect((await call(server.url, 'POST', '/api/auth/login', undefined, body)).status).toBe(200);

    const gone = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGKILL');
    await gone;
    const down = await call(server.url, 'POST', '/api/auth/login', undefined, body);
    expect(down).toMatchObject({ status: 503, text: '{"error":"Service unavailable"}' });
    expect(down.ms).toBeLessThan(5000);
    const wrong = await call(server.url, 'POST', '/api/auth/login', undefined, { username: 'admin', password: 'wrong-pass1' });
    expect(wrong.status).toBe(503);
    expect((await call(server.url, 'GET', '/readyz')).status).toBe(503);

    redis = startRedis();
    await redisAnswers(port);
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      await sleep(300);
      status = (await call(server.url, 'POST', '/api/auth/login', undefined, body)).status;
    }
    expect(status).toBe(200);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------
describe('SIGTERM under load', () => {
  it('every request answered 2xx is in the database; the process exits 0', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const port = await freePort();
    // node --import tsx (what `npx tsx src/server.ts` runs) so the signal reaches the server process itself
    const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, JWT_SECRET: TEST_JWT_SECRET, ADMIN_PASSWORD, LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true', REDIS_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 40_000;
    while ((await call(url, 'GET', '/healthz', undefined, undefined, 1000)).status !== 200) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start: ${stderr}`);
      await sleep(200);
    }
    const login = await call(url, 'POST', '/api/auth/login', undefined, { username: 'admin', password: ADMIN_PASSWORD });
    const token = JSON.parse(login.text).token as string;

    const acknowledged: string[] = [];
    const refused: number[] = [];
    let n = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const code = `SIG${n++}`;
        const r = await call(url, 'POST', '/api/admin/zones', token, { warehouse_id: 1, zone_code: code, zone_name: code, zone_type: 'STORAGE' }, 5000);
        if (r.status >= 200 && r.status < 300) acknowledged.push(code);
        else refused.push(r.status);
        if (r.status === 0) await sleep(20);
      }
    };
    const workers = Array.from({ length: 10 }, worker);
    await sleep(1500);
    child.kill('SIGTERM');
    const code = await exited;
    await sleep(300);
    stop = true;
    await Promise.all(workers);

    expect(code).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(10);
    // refused: connection refused/reset after the listener closed (status 0), never a 5xx
    expect(refused.filter((s) => s >= 500)).toEqual([]);
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ zone_code: string }>('SELECT zone_code FROM zones WHERE zone_code = ANY($1::text[])', [acknowledged]);
      expect(rows.length).toBe(acknowledged.length);
    } finally {
      await client.end();
    }
  }, 90_000);
});
