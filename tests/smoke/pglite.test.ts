import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';

// The bare-machine path: no DATABASE_URL, embedded PGlite under DATA_DIR, demo data and admin/admin.
const dataDir = mkdtempSync(join(tmpdir(), 'wms-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const config = () =>
  loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET: 'smoke-secret-smoke-secret-smoke-secret-42', LOG_LEVEL: 'silent' });

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('embedded PGlite', () => {
  it('serves the demo data with admin/admin and keeps data across restarts', async () => {
    const first = await startServer(config(), { port: 0, host: '127.0.0.1' });
    let token: string;
    try {
      const login = await call(first.url, 'POST', '/api/auth/login', { username: 'admin', password: 'admin' });
      expect(login.status).toBe(200);
      token = login.body.token;
      const list = await call(first.url, 'GET', '/api/warehouses/list', undefined, token);
      expect(list.body.warehouses.map((w: any) => w.code)).toContain('WH1');
      await first.app.prisma.warehouse.create({ data: { warehouseCode: 'PERSIST', warehouseName: 'Persisted Site' } });
    } finally {
      await first.close();
    }

    const second = await startServer(config(), { port: 0, host: '127.0.0.1' });
    try {
      const login = await call(second.url, 'POST', '/api/auth/login', { username: 'admin', password: 'admin' });
      expect(login.status).toBe(200);
      const list = await call(second.url, 'GET', '/api/warehouses/list', undefined, login.body.token);
      const codes = list.body.warehouses.map((w: any) => w.code);
      expect(codes).toContain('PERSIST');
      expect(codes.filter((c: string) => c === 'WH1')).toHaveLength(1); // demo data loaded once only
      const gql = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.body.token}` },
        body: JSON.stringify({ query: '{ me { username role } }' }),
      });
      expect(await gql.json()).toEqual({ data: { me: { username: 'admin', role: 'ADMIN' } } });
    } finally {
      await second.close();
    }
  }, 60_000);
});
