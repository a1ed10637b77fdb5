import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` on the embedded database with neither JWT_SECRET nor SENTRY_ENCRYPTION_KEY: both are drawn on the
// first start, kept in DATA_DIR/secrets.json (0600) and used again after a real restart of the server process.
const ROOT = resolve(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'wms-secrets-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });

async function start(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'development', LOG_LEVEL: 'info', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const end = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function call(port: number, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('embedded start without JWT_SECRET and SENTRY_ENCRYPTION_KEY', () => {
  it('stores connector credentials, and tokens and credentials survive a restart; the secrets are never logged', async () => {
    const port = await freePort();
    const first = await start(port);
    let token: string;
    try {
      const login = await call(port, 'POST', '/api/auth/login', { username: 'admin', password: 'admin' });
      expect(login.status).toBe(200);
      token = login.body.token;
      const saved = await call(port, 'POST', '/api/admin/connectors/example/credentials', { warehouse_id: 1, credentials: { api_key: 'k-123', base_url: 'https://api.example.com' } }, token);
      expect(saved).toEqual({ status: 200, body: { message: 'Credentials saved', connector: 'example', warehouse_id: 1, keys: ['api_key', 'base_url'] } });
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(secrets).sort()).toEqual(['jwt_secret', 'sentry_encryption_key']);
    expect(secrets.sentry_encryption_key).toMatch(/^[A-Za-z0-9_-]{43}=$/);

    const second = await start(port);
    try {
      // the token of the first process is still good, and the stored credentials still decrypt
      const me = await call(port, 'GET', '/api/auth/me', undefined, token);
      expect(me).toMatchObject({ status: 200, body: { username: 'admin' } });
      const listed = await call(port, 'GET', '/api/admin/connectors/example/credentials?warehouse_id=1', undefined, token);
      expect(listed.status).toBe(200);
      expect(listed.body.credentials.map((c: { key: string; value: string }) => [c.key, c.value])).toEqual([['api_key', '****'], ['base_url', '****']]);
      const tested = await call(port, 'POST', '/api/admin/connectors/example/test', { warehouse_id: 1 }, token);
      expect(tested).toEqual({ status: 200, body: { connector: 'example', warehouse_id: 1, connected: true, message: 'Example connector - no real connection' } });
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(secrets); // the same secrets, not redrawn
    for (const out of [first.output(), second.output()]) {
      expect(out).toContain('secrets not set in the environment are kept in the data folder');
      expect(out).not.toContain(secrets.jwt_secret);
      expect(out).not.toContain(secrets.sentry_encryption_key);
      expect(out).not.toContain('JWT_SECRET is not set');
    }
  }, 240_000);
});
