// Issue #20 §1: the scanner app signed in as a floor USER reads the dashboard, the bins and the floor settings of
// its warehouse through /api/admin paths; everything else under /api/admin stays ADMIN only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/tx';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeWarehouse, seedIds } from '../helpers/admin-catalog';
import { dbChecksum } from '../property/db-checksum';

let s: TestServer;
let admin: string;
let user: string;
let ids: Awaited<ReturnType<typeof seedIds>>;
let other: Awaited<ReturnType<typeof makeWarehouse>>;

const FLOOR_KEYS = ['allow_over_receiving', 'default_receiving_bin', 'count_show_expected', 'require_packing_before_shipping'];

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ids = await seedIds(s);
  other = await makeWarehouse(s, 'WH-OTHER', { bin: true });
  // activity and open work in both warehouses, so a figure of the wrong warehouse would show
  await withTransaction(s.app.prisma, async (_tx, journal) =>
    journal.audit(
      { actionType: 'RECEIVE', entityType: 'PO', entityId: 1, userId: 'admin', warehouseId: ids.warehouseId, details: { quantity: 1 } },
      { actionType: 'PICK', entityType: 'SO', entityId: 2, userId: 'admin', warehouseId: other.warehouseId, details: { quantity: 2 } },
    ),
  );
  await s.app.prisma.purchaseOrder.create({ data: { poNumber: 'PO-OTHER', poBarcode: 'PO-OTHER', warehouseId: other.warehouseId, status: 'OPEN' } });
  admin = await s.adminToken();
  const u = await createUser(s.app, { warehouseIds: [ids.warehouseId], allowedFunctions: [...ALL_FUNCTIONS] });
  user = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

const get = (path: string, token = user) => s.api('GET', path, { token });

describe('the scanner home screen for a USER', () => {
  it('all four calls of the home screen answer 2xx', async () => {
    for (const path of ['/api/auth/me', `/api/admin/dashboard?warehouse_id=${ids.warehouseId}`, '/api/picking/active-batch', '/api/warehouses/list']) {
      const r = await get(path);
      expect(r.status, path).toBeLessThan(300);
    }
  });
});

describe('GET /api/admin/dashboard for a USER', () => {
  it('its own warehouse: exactly the admin figures for that warehouse', async () => {
    const r = await get(`/api/admin/dashboard?warehouse_id=${ids.warehouseId}`);
    const a = await get(`/api/admin/dashboard?warehouse_id=${ids.warehouseId}`, admin);
    expect(r.status).toBe(200);
    expect(a.status).toBe(200);
    expect(r.body).toEqual(a.body);
    // the figures are the warehouse's, not the whole system's
    const p = s.app.prisma;
    expect(r.body.open_pos).toBe(await p.purchaseOrder.count({ where: { warehouseId: ids.warehouseId, status: { in: ['OPEN', 'PARTIAL'] } } }));
    expect(r.body.total_bins).toBe(await p.bin.count({ where: { warehouseId: ids.warehouseId, isActive: true } }));
    expect(r.body.recent_activity.map((x: any) => x.action_type)).toContain('RECEIVE');
    expect(r.body.recent_activity.map((x: any) => x.action_type)).not.toContain('PICK');
    const whole = await get('/api/admin/dashboard', admin);
    expect(whole.body.open_pos).toBe(r.body.open_pos + 1);
  });

  it('another warehouse, no warehouse, or a warehouse_id that is not a number: 403', async () => {
    expect(await get(`/api/admin/dashboard?warehouse_id=${other.warehouseId}`)).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await get('/api/admin/dashboard?warehouse_id=0')).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await get('/api/admin/dashboard')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await get('/api/admin/dashboard?warehouse_id=')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await get('/api/admin/dashboard?warehouse_id=abc')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
  });

  it('a USER with no warehouse, and a missing token', async () => {
    const u = await createUser(s.app, { warehouseIds: [], allowedFunctions: [...ALL_FUNCTIONS] });
    const none = await s.login(u.username, u.password);
    expect(await get(`/api/admin/dashboard?warehouse_id=${ids.warehouseId}`, none)).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect((await s.api('GET', `/api/admin/dashboard?warehouse_id=${ids.warehouseId}`)).status).toBe(401);
  });
});

describe('GET /api/admin/bins for a USER', () => {
  it('its own warehouse: exactly the admin rows (bin_type filter and pages too)', async () => {
    for (const q of ['', '&bin_type=Staging', '&per_page=2&page=2']) {
      const path = `/api/admin/bins?warehouse_id=${ids.warehouseId}${q}`;
      const r = await get(path);
      const a = await get(path, admin);
      expect(r.status, path).toBe(200);
      expect(r.body, path).toEqual(a.body);
    }
    const r = (await get(`/api/admin/bins?warehouse_id=${ids.warehouseId}`)).body;
    const bins = await s.app.prisma.bin.findMany({ where: { warehouseId: ids.warehouseId }, orderBy: { binId: 'asc' } });
    expect(r.total).toBe(bins.length);
    expect(r.bins.map((b: any) => [b.id, b.bin_id, b.bin_code])).toEqual(bins.map((b) => [b.binId, b.binId, b.binCode]));
    const staging = (await get(`/api/admin/bins?warehouse_id=${ids.warehouseId}&bin_type=Staging`)).body.bins;
    expect(staging.map((b: any) => b.bin_code)).toEqual(['STAGE-01']);
  });

  it('another warehouse or no warehouse: 403; the bin detail stays ADMIN only', async () => {
    expect(await get(`/api/admin/bins?warehouse_id=${other.warehouseId}`)).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await get('/api/admin/bins')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await get('/api/admin/bins?bin_type=Staging')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await get(`/api/admin/bins/${other.binId}`)).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await get(`/api/admin/bins/${ids.bins['A-01-01']}`)).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
  });
});

describe('GET /api/admin/settings/{key} for a USER', () => {
  it('the four floor settings: the same key/value an admin reads', async () => {
    for (const key of FLOOR_KEYS) {
      const r = await get(`/api/admin/settings/${key}`);
      const stored = await s.app.prisma.appSetting.findUniqueOrThrow({ where: { key } });
      expect(r, key).toMatchObject({ status: 200, body: { key, value: stored.value } });
      expect(r.body).toEqual((await get(`/api/admin/settings/${key}`, admin)).body);
    }
    // a floor setting never saved: the same 404 as for an admin (the clients fall back to the default)
    await s.app.prisma.appSetting.delete({ where: { key: 'count_show_expected' } });
    expect(await get('/api/admin/settings/count_show_expected')).toMatchObject({ status: 404, body: { error: 'Setting not found' } });
    await s.app.prisma.appSetting.create({ data: { key: 'count_show_expected', value: 'true' } });
  });

  it('every other key (stored, unknown, never saved), the list and every write stay ADMIN only', async () => {
    const before = await dbChecksum(s.app);
    for (const key of ['session_timeout_hours', 'require_count_approval_separation', 'allow_over_receipt', 'no_such_key', 'ALLOW_OVER_RECEIVING']) {
      expect(await get(`/api/admin/settings/${key}`), key).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    }
    expect(await get('/api/admin/settings')).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    const write = await s.api('PUT', '/api/admin/settings', { token: user, body: { settings: { allow_over_receiving: 'true' } } });
    expect(write).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await dbChecksum(s.app)).toEqual(before);
    // the admin still reads any key
    expect(await get('/api/admin/settings/session_timeout_hours', admin)).toMatchObject({ status: 200, body: { key: 'session_timeout_hours' } });
  });
});
