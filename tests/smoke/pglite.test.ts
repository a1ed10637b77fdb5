import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer } from '../../main';

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
      // the scanner's lookups (straight reads, not through the ORM on PostgreSQL) on the embedded database
      const item = await call(first.url, 'GET', '/api/lookup/item/ALIAS-TST-001', undefined, token);
      expect(item.status).toBe(200);
      expect(item.body.item).toMatchObject({ sku: 'TST-001', upc: '012345678905', weight_lbs: 0.5 });
      expect(item.body.locations.length).toBeGreaterThan(0);
      expect(item.body.locations[0]).toMatchObject({ bin_code: 'A-01-01', quantity_available: expect.any(Number) });
      const bin = await call(first.url, 'GET', '/api/lookup/bin/BIN-A-01-01', undefined, token);
      expect(bin.status).toBe(200);
      expect(bin.body.bin.bin_code).toBe('A-01-01');
      expect(bin.body.items.map((i: any) => i.sku)).toContain('TST-001');
      const po = await call(first.url, 'GET', '/api/receiving/po/PO-1001', undefined, token);
      expect(po.status).toBe(200);
      expect(po.body.purchase_order).toMatchObject({ po_number: 'PO-1001', status: 'OPEN' });
      expect(po.body.lines.map((l: any) => [l.sku, l.quantity_remaining])).toEqual([
        ['TST-001', 24],
        ['TST-006', 10],
      ]);
      expect((await call(first.url, 'GET', '/api/lookup/item/NOPE', undefined, token)).status).toBe(404);
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
      expect(await gql.json()).toEqual({
        data: { me: { username: 'admin', role: 'ADMIN' } },
        extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, maxQueryCost: 5000 } },
      });
    } finally {
      await second.close();
    }
  }, 60_000);
});
