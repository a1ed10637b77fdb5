import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { startTestServer, type TestServer } from '../helpers/server';
import { dbChecksum } from '../property/db-checksum';

/**
 * Every by-id admin route answers an id that matches no row with its own 404 and legacy body (preferred-bin
 * PUT/DELETE: the legacy 200), and writes nothing. The table must cover every such route of the route table, so a new one cannot be left out.
 */
const MISSING = 987654;
const TABLE: Record<string, { body?: unknown; error?: string; status?: number; answer?: unknown }> = {
  'GET /api/admin/warehouses/:id#': { error: 'Warehouse not found' },
  'PUT /api/admin/warehouses/:id#': { body: { warehouse_name: 'x' }, error: 'Warehouse not found' },
  'DELETE /api/admin/warehouses/:id#': { error: 'Warehouse not found' },
  'PUT /api/admin/zones/:id#': { body: { zone_name: 'x' }, error: 'Zone not found' },
  'GET /api/admin/bins/:id#': { error: 'Bin not found' },
  'PUT /api/admin/bins/:id#': { body: { aisle: 'x' }, error: 'Bin not found' },
  'GET /api/admin/items/:id#': { error: 'Item not found' },
  'PUT /api/admin/items/:id#': { body: { item_name: 'x' }, error: 'Item not found' },
  'POST /api/admin/items/:id#/archive': { error: 'Item not found' },
  'DELETE /api/admin/items/:id#': { error: 'Item not found' },
  // legacy (spec 70): 200 even when the id does not exist; still nothing may be written (no audit row either)
  'PUT /api/admin/preferred-bins/:id#': { body: { priority: 1 }, status: 200, answer: { message: 'Priority updated' } },
  'DELETE /api/admin/preferred-bins/:id#': { status: 200, answer: { message: 'Preferred bin deleted' } },
  'GET /api/admin/purchase-orders/:id#': { error: 'Purchase order not found' },
  'PUT /api/admin/purchase-orders/:id#': { body: { vendor_name: 'x' }, error: 'Purchase order not found' },
  'POST /api/admin/purchase-orders/:id#/close': { error: 'Purchase order not found' },
  'GET /api/admin/sales-orders/:id#': { error: 'Sales order not found' },
  'PUT /api/admin/sales-orders/:id#': { body: { priority: 1 }, error: 'Sales order not found' },
  'POST /api/admin/sales-orders/:id#/cancel': { error: 'Sales order not found' },
  'PUT /api/admin/users/:id#': { body: { full_name: 'x' }, error: 'User not found' },
  'DELETE /api/admin/users/:id#': { error: 'User not found' },
};

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

describe('404 of every by-id admin route', () => {
  const byId = routes.filter((r) => r.auth === 'admin' && /\/:id#/.test(r.path)).map((r) => `${r.method} ${r.path}`);

  it('the table covers every by-id admin route of the route table', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...byId].sort());
  });

  it.each(Object.entries(TABLE))('%s', async (key, { body, error, status, answer }) => {
    const [method, path] = key.split(' ');
    const before = await dbChecksum(s.app);
    const r = await s.api(method, path.replace(':id#', String(MISSING)), { token: admin, ...(body ? { body } : {}) });
    expect({ status: r.status, body: r.body }).toEqual({ status: status ?? 404, body: answer ?? { error } });
    expect(await dbChecksum(s.app)).toEqual(before);
  });
});
