import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, expectAnswer } from '../helpers/server';
import { adminAndUser, ISO, makeWarehouse } from '../helpers/admin-catalog';

let s: TestServer;
let admin: string;
let user: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ({ admin, user } = await adminAndUser(s));
});
afterAll(async () => {
  await s?.close();
});

describe('admin role', () => {
  it('answers 403 Forbidden to a non-admin on every catalog path, and 401 without a token', async () => {
    const paths: [string, string][] = [
      ['GET', '/api/admin/warehouses'], ['GET', '/api/admin/warehouses/1'], ['POST', '/api/admin/warehouses'],
      ['PUT', '/api/admin/warehouses/1'], ['DELETE', '/api/admin/warehouses/1'], ['GET', '/api/admin/zones'],
      ['POST', '/api/admin/zones'], ['PUT', '/api/admin/zones/1'], ['GET', '/api/admin/bins'], ['GET', '/api/admin/bins/1'],
      ['POST', '/api/admin/bins'], ['PUT', '/api/admin/bins/1'], ['GET', '/api/admin/items'], ['GET', '/api/admin/items/1'],
      ['POST', '/api/admin/items'], ['PUT', '/api/admin/items/1'], ['DELETE', '/api/admin/items/1'],
      ['POST', '/api/admin/items/1/archive'], ['GET', '/api/admin/inventory'], ['GET', '/api/admin/preferred-bins'],
      ['POST', '/api/admin/preferred-bins'], ['PUT', '/api/admin/preferred-bins/1'], ['DELETE', '/api/admin/preferred-bins/1'],
      ['GET', '/api/admin/dashboard'], ['GET', '/api/admin/settings'], ['GET', '/api/admin/settings/x'], ['PUT', '/api/admin/settings'],
      ['GET', '/api/admin/audit-log'],
    ];
    for (const [method, path] of paths) {
      const r = await s.api(method, path, { token: user, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body).toEqual({ error: 'Forbidden' });
      expect((await s.api(method, path)).status, `${method} ${path} anonymous`).toBe(401);
    }
    // the generic warehouse check comes first for a disallowed warehouse_id
    const r = await s.api('GET', '/api/admin/bins?warehouse_id=99', { token: user });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Access denied for this warehouse' });
  });

  it('answers the legacy HTML 404/405 for non-integer ids and methods the legacy lacked', async () => {
    const r = await s.api('GET', '/api/admin/warehouses/abc', { token: admin });
    expect(r.status).toBe(404);
    expect(r.text).toContain('<title>404 Not Found</title>');
    for (const [m, p] of [['GET', '/api/admin/zones/1'], ['DELETE', '/api/admin/zones/1'], ['DELETE', '/api/admin/bins/1']]) {
      const x = await s.api(m, p, { token: admin });
      expect(x.status, `${m} ${p}`).toBe(405);
    }
  });
});

describe('warehouses', () => {
  it('POST creates a warehouse (201, documented object) and rejects a duplicate code', async () => {
    const r = await s.api('POST', '/api/admin/warehouses', { token: admin, body: { warehouse_code: 'WH-02', warehouse_name: 'Second Warehouse', address: '456 Oak St' } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      warehouse_id: expect.any(Number), warehouse_code: 'WH-02', warehouse_name: 'Second Warehouse', address: '456 Oak St',
      is_active: true, created_at: expect.stringMatching(ISO),
    });
    expect(Object.keys(r.body)).toEqual(['address', 'created_at', 'is_active', 'warehouse_code', 'warehouse_id', 'warehouse_name']);
    const row = await s.app.prisma.warehouse.findUniqueOrThrow({ where: { warehouseId: r.body.warehouse_id } });
    expect(row).toMatchObject({ warehouseCode: 'WH-02', warehouseName: 'Second Warehouse', address: '456 Oak St', isActive: true });

    const dup = await s.api('POST', '/api/admin/warehouses', { token: admin, body: { warehouse_code: 'WH-02', warehouse_name: 'X' } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ error: 'Duplicate warehouse_code: WH-02' });
    expect(await s.app.prisma.warehouse.count({ where: { warehouseCode: 'WH-02' } })).toBe(1);
  });

  it('POST validates the body (pydantic format), capping strings at the column length', async () => {
    const r = await s.api('POST', '/api/admin/warehouses', { token: admin, body: {} });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'missing', loc: ['warehouse_code'], msg: 'Field required' },
        { type: 'missing', loc: ['warehouse_name'], msg: 'Field required' },
      ],
    });
    const long = await s.api('POST', '/api/admin/warehouses', { token: admin, body: { warehouse_code: 'X'.repeat(21), warehouse_name: 'ok' } });
    expect(long.status).toBe(400);
    expect(long.body.details).toEqual([{ type: 'string_too_long', loc: ['warehouse_code'], msg: 'String should have at most 20 characters' }]);
  });

  it('GET lists every warehouse (inactive too) by id with the page envelope', async () => {
    await makeWarehouse(s, 'WH-INACT');
    await s.app.prisma.warehouse.update({ where: { warehouseCode: 'WH-INACT' }, data: { isActive: false } });
    const all = await s.app.prisma.warehouse.findMany({ orderBy: { warehouseId: 'asc' } });
    const r = await s.api('GET', '/api/admin/warehouses', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(all.length);
    expect(r.body).toMatchObject({ page: 1, per_page: 50, pages: 1 });
    expect(r.body.warehouses.map((w: any) => w.warehouse_id)).toEqual(all.map((w) => w.warehouseId));
    expect(r.body.warehouses.find((w: any) => w.warehouse_code === 'WH-INACT').is_active).toBe(false);
    expect(r.body.warehouses[0]).toEqual({
      warehouse_id: all[0].warehouseId, warehouse_code: 'WH1', warehouse_name: 'Main Warehouse', address: '1 Warehouse Way',
      is_active: true, created_at: expect.stringMatching(ISO),
    });

    const p2 = await s.api('GET', '/api/admin/warehouses?page=2&per_page=1', { token: admin });
    expect(p2.body).toMatchObject({ page: 2, per_page: 1, total: all.length, pages: all.length });
    expect(p2.body.warehouses.map((w: any) => w.warehouse_id)).toEqual([all[1].warehouseId]);
    const past = await s.api('GET', '/api/admin/warehouses?page=99', { token: admin });
    expect(past.status).toBe(200);
    expect(past.body.warehouses).toEqual([]);
    // non-integers fall back to the defaults; per_page is capped at 1000; <= 0 is clamped (legacy 500)
    const junk = await s.api('GET', '/api/admin/warehouses?page=x&per_page=y', { token: admin });
    expect(junk.body).toMatchObject({ page: 1, per_page: 50 });
    expect((await s.api('GET', '/api/admin/warehouses?per_page=5000', { token: admin })).body.per_page).toBe(1000);
    const zero = await s.api('GET', '/api/admin/warehouses?page=0&per_page=0', { token: admin });
    expect(zero.status).toBe(200);
    expect(zero.body).toMatchObject({ page: 1, per_page: 1 });
  });

  it('GET /{id} returns the warehouse, its zones by id, and the same fields flat for the admin panel', async () => {
    const r = await s.api('GET', '/api/admin/warehouses/1', { token: admin });
    expect(r.status).toBe(200);
    const warehouse = { warehouse_id: 1, warehouse_code: 'WH1', warehouse_name: 'Main Warehouse', address: '1 Warehouse Way', is_active: true, created_at: expect.stringMatching(ISO) };
    expect(r.body).toEqual({
      ...warehouse,
      warehouse,
      zones: [
        { zone_id: 1, id: 1, warehouse_id: 1, zone_code: 'RECV', zone_name: 'Receiving / Staging', zone_type: 'RECEIVING', is_active: true },
        { zone_id: 2, id: 2, warehouse_id: 1, zone_code: 'STOR', zone_name: 'Storage', zone_type: 'STORAGE', is_active: true },
      ],
    });
    const missing = await s.api('GET', '/api/admin/warehouses/9999', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'Warehouse not found' });
    expect((await s.api('GET', '/api/admin/warehouses/99999999999', { token: admin })).status).toBe(404);
  });

  it('PUT updates only the given keys; 404, empty body, null names and duplicate codes are 4xx', async () => {
    const { warehouseId } = await makeWarehouse(s, 'WH-PUT');
    const r = await s.api('PUT', `/api/admin/warehouses/${warehouseId}`, { token: admin, body: { warehouse_name: 'Renamed', address: null, is_active: false } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ warehouse_id: warehouseId, warehouse_code: 'WH-PUT', warehouse_name: 'Renamed', address: null, is_active: false, created_at: expect.stringMatching(ISO) });
    expect(await s.app.prisma.warehouse.findUniqueOrThrow({ where: { warehouseId } })).toMatchObject({ warehouseCode: 'WH-PUT', warehouseName: 'Renamed', isActive: false });

    expectAnswer(await s.api('PUT', '/api/admin/warehouses/9999', { token: admin, body: { warehouse_name: 'x' } }), 404, { error: 'Warehouse not found' });
    const empty = await s.api('PUT', `/api/admin/warehouses/${warehouseId}`, { token: admin, body: { unknown: 1 } });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: 'No valid fields provided' });
    // legacy-difference: these were 500s
    const dup = await s.api('PUT', `/api/admin/warehouses/${warehouseId}`, { token: admin, body: { warehouse_code: 'WH1' } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ error: 'Duplicate warehouse_code: WH1' });
    const nul = await s.api('PUT', `/api/admin/warehouses/${warehouseId}`, { token: admin, body: { warehouse_name: null } });
    expect(nul.status).toBe(400);
    expect(nul.body).toEqual({ error: 'validation_error', details: [{ type: 'string_type', loc: ['warehouse_name'], msg: 'Input should be a valid string' }] });
    expect((await s.app.prisma.warehouse.findUniqueOrThrow({ where: { warehouseId } })).warehouseName).toBe('Renamed');
    // keeping its own code is not a duplicate
    expect((await s.api('PUT', `/api/admin/warehouses/${warehouseId}`, { token: admin, body: { warehouse_code: 'WH-PUT' } })).status).toBe(200);
  });

  it('DELETE checks stock, bins, zones (in that order) and other history before a hard delete', async () => {
    expectAnswer(await s.api('DELETE', '/api/admin/warehouses/9999', { token: admin }), 404, { error: 'Warehouse not found' });

    const w = await makeWarehouse(s, 'WH-DEL', { bin: true });
    await s.app.prisma.inventory.create({ data: { itemId: 1, binId: w.binId!, warehouseId: w.warehouseId, quantityOnHand: 3 } });
    const del = (id: number) => s.api('DELETE', `/api/admin/warehouses/${id}`, { token: admin });
    expectAnswer(await del(w.warehouseId), 400, { error: 'Cannot delete warehouse with existing inventory' });
    await s.app.prisma.inventory.deleteMany({ where: { binId: w.binId } });
    const bins = await del(w.warehouseId);
    expect(bins.status).toBe(400);
    expect(bins.body).toEqual({ error: 'Cannot delete warehouse with existing bins. Remove all bins first.' });
    await s.app.prisma.bin.delete({ where: { binId: w.binId } });
    expectAnswer(await del(w.warehouseId), 400, { error: 'Cannot delete warehouse with existing zones. Remove all zones first.' });
    await s.app.prisma.zone.delete({ where: { zoneId: w.zoneId } });

    // legacy-difference: other references were a 500; now a 400 and nothing is deleted
    const po = await s.app.prisma.purchaseOrder.create({ data: { poNumber: 'PO-WHDEL', warehouseId: w.warehouseId } });
    const ref = await del(w.warehouseId);
    expect(ref.status).toBe(400);
    expect(ref.body).toEqual({ error: 'Cannot delete warehouse with existing purchase orders. Deactivate it instead.' });
    expect(await s.app.prisma.warehouse.count({ where: { warehouseId: w.warehouseId } })).toBe(1);
    await s.app.prisma.purchaseOrder.delete({ where: { poId: po.poId } });

    const ok = await del(w.warehouseId);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ message: 'Warehouse deleted' });
    expect(await s.app.prisma.warehouse.count({ where: { warehouseId: w.warehouseId } })).toBe(0);
  });
});

describe('zones', () => {
  it('POST creates a zone (201) with the documented keys plus `id`', async () => {
    const r = await s.api('POST', '/api/admin/zones', { token: admin, body: { warehouse_id: 1, zone_code: 'TEST', zone_name: 'Test Zone', zone_type: 'STORAGE', is_active: false } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ zone_id: expect.any(Number), id: r.body.zone_id, warehouse_id: 1, zone_code: 'TEST', zone_name: 'Test Zone', zone_type: 'STORAGE', is_active: true });
    expect(await s.app.prisma.zone.findUniqueOrThrow({ where: { zoneId: r.body.zone_id } })).toMatchObject({ zoneCode: 'TEST', zoneType: 'STORAGE', isActive: true });
  });

  it('POST rejects a duplicate code in the same warehouse, an unknown warehouse and bad types', async () => {
    const dup = await s.api('POST', '/api/admin/zones', { token: admin, body: { warehouse_id: 1, zone_code: 'RECV', zone_name: 'x', zone_type: 'STORAGE' } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ error: "Duplicate zone_code 'RECV' in warehouse 1" });
    // legacy-difference: an unknown warehouse was a 500
    const nowh = await s.api('POST', '/api/admin/zones', { token: admin, body: { warehouse_id: 4242, zone_code: 'N', zone_name: 'x', zone_type: 'STORAGE' } });
    expect(nowh.status).toBe(400);
    expect(nowh.body).toEqual({ error: 'Warehouse 4242 not found' });
    const bad = await s.api('POST', '/api/admin/zones', { token: admin, body: { warehouse_id: 0, zone_code: '', zone_name: 'x', zone_type: 'BOGUS' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'greater_than', loc: ['warehouse_id'], msg: 'Input should be greater than 0' },
        { type: 'string_too_short', loc: ['zone_code'], msg: 'String should have at least 1 character' },
        { type: 'value_error', loc: ['zone_type'], msg: 'Value error, zone_type must be one of: RECEIVING, STORAGE, PICKING, STAGING, SHIPPING, QUALITY, DAMAGE' },
      ],
    });
  });

  it('accepts the reference zone types QUALITY and DAMAGE (reference wins) and still PICKING', async () => {
    for (const [code, type] of [['Q', 'QUALITY'], ['D', 'DAMAGE'], ['P', 'PICKING']]) {
      const r = await s.api('POST', '/api/admin/zones', { token: admin, body: { warehouse_id: 1, zone_code: code, zone_name: type, zone_type: type } });
      expect(r.status, type).toBe(201);
      expect(r.body.zone_type).toBe(type);
    }
  });

  it('GET lists zones by id, filtered by warehouse_id (ignored when 0 or not an integer)', async () => {
    const other = await makeWarehouse(s, 'WH-Z', { zone: true });
    const all = await s.app.prisma.zone.findMany({ orderBy: { zoneId: 'asc' } });
    const r = await s.api('GET', '/api/admin/zones', { token: admin });
    expect(r.body.total).toBe(all.length);
    expect(r.body.zones.map((z: any) => z.zone_id)).toEqual(all.map((z) => z.zoneId));
    const f = await s.api('GET', `/api/admin/zones?warehouse_id=${other.warehouseId}`, { token: admin });
    expect(f.body).toEqual({
      zones: [{ zone_id: other.zoneId, id: other.zoneId, warehouse_id: other.warehouseId, zone_code: 'Z', zone_name: 'Zone', zone_type: 'STORAGE', is_active: true }],
      total: 1, page: 1, per_page: 50, pages: 1,
    });
    for (const q of ['0', 'abc']) expect((await s.api('GET', `/api/admin/zones?warehouse_id=${q}`, { token: admin })).body.total).toBe(all.length);
    const paged = await s.api('GET', '/api/admin/zones?per_page=2&page=2', { token: admin });
    expect(paged.body.zones.map((z: any) => z.zone_id)).toEqual(all.slice(2, 4).map((z) => z.zoneId));
    expect(paged.body.pages).toBe(Math.ceil(all.length / 2));
  });

  it('PUT updates the given keys; 404, empty body, duplicate code and nulls are 4xx', async () => {
    const z = await s.app.prisma.zone.create({ data: { warehouseId: 1, zoneCode: 'UPD', zoneName: 'Upd', zoneType: 'STAGING' } });
    const r = await s.api('PUT', `/api/admin/zones/${z.zoneId}`, { token: admin, body: { zone_name: 'Updated', zone_type: 'SHIPPING', is_active: false, warehouse_id: 99 } });
    // warehouse_id in the body is not an admin's scoping problem and is not changeable
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ zone_id: z.zoneId, id: z.zoneId, warehouse_id: 1, zone_code: 'UPD', zone_name: 'Updated', zone_type: 'SHIPPING', is_active: false });
    expectAnswer(await s.api('PUT', '/api/admin/zones/9999', { token: admin, body: { zone_name: 'x' } }), 404, { error: 'Zone not found' });
    expectAnswer(await s.api('PUT', `/api/admin/zones/${z.zoneId}`, { token: admin, body: {} }), 400, { error: 'No valid fields provided' });
    const dup = await s.api('PUT', `/api/admin/zones/${z.zoneId}`, { token: admin, body: { zone_code: 'STOR' } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ error: "Duplicate zone_code 'STOR' in warehouse 1" });
    const nul = await s.api('PUT', `/api/admin/zones/${z.zoneId}`, { token: admin, body: { zone_type: null } });
    expect(nul.status).toBe(400);
    expect(nul.body.details).toEqual([{ type: 'string_type', loc: ['zone_type'], msg: 'Input should be a valid string' }]);
    const badType = await s.api('PUT', `/api/admin/zones/${z.zoneId}`, { token: admin, body: { zone_type: 'storage' } });
    expect(badType.status).toBe(400);
    expect(badType.body.details[0].type).toBe('value_error');
    expect(await s.app.prisma.zone.findUniqueOrThrow({ where: { zoneId: z.zoneId } })).toMatchObject({ zoneCode: 'UPD', zoneType: 'SHIPPING' });
  });
});
