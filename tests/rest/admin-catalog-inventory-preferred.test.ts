import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, expectAnswer, answered } from '../helpers/server';
import { adminAndUser, ISO, makeWarehouse, seedIds } from '../helpers/admin-catalog';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seedIds>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ({ admin } = await adminAndUser(s));
  ids = await seedIds(s);
});
afterAll(async () => {
  await s?.close();
});

describe('GET /api/admin/inventory', () => {
  it('lists rows by id with committed_to_orders across all warehouses; filters warehouse_id and item_id', async () => {
    const other = await makeWarehouse(s, 'WH-INV', { bin: true });
    const tst1 = ids.items['TST-001'];
    await s.app.prisma.inventory.create({ data: { itemId: tst1, binId: other.binId!, warehouseId: other.warehouseId, quantityOnHand: 4, quantityAllocated: 1 } });
    // SO-1001 (OPEN) orders 2 of TST-001; add a PACKED order in the other warehouse (5 ordered, 1 shipped),
    // a SHIPPED one and a CANCELLED one (not committed), and an over-shipped PICKED line (ignored).
    const mk = (n: string, status: string, warehouseId: number, ordered: number, shipped: number) =>
      s.app.prisma.salesOrder.create({ data: { soNumber: n, status, warehouseId, lines: { create: [{ itemId: tst1, quantityOrdered: ordered, quantityShipped: shipped, lineNumber: 1 }] } } });
    await mk('SO-C1', 'PACKED', other.warehouseId, 5, 1);
    await mk('SO-C2', 'SHIPPED', 1, 7, 0);
    await mk('SO-C3', 'CANCELLED', 1, 9, 0);
    await mk('SO-C4', 'PICKED', 1, 1, 3);

    const all = await s.app.prisma.inventory.findMany({ orderBy: { inventoryId: 'asc' } });
    const r = await s.api('GET', '/api/admin/inventory', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(all.length);
    expect(r.body.inventory.map((x: any) => x.inventory_id)).toEqual(all.map((x) => x.inventoryId));
    expect(r.body.inventory[0]).toEqual({
      inventory_id: all[0].inventoryId, item_id: tst1, sku: 'TST-001', item_name: 'Test Widget Small', bin_id: ids.bins['A-01-01'],
      bin_code: 'A-01-01', zone_name: 'Storage', quantity_on_hand: 50, quantity_allocated: 0, quantity_available: 50,
      committed_to_orders: 6, lot_number: null, last_counted_at: null,
    });

    const wh = await s.api('GET', `/api/admin/inventory?warehouse_id=${other.warehouseId}`, { token: admin });
    expect(wh.body).toEqual({
      inventory: [{
        inventory_id: expect.any(Number), item_id: tst1, sku: 'TST-001', item_name: 'Test Widget Small', bin_id: other.binId,
        bin_code: 'WH-INV-B', zone_name: 'Zone', quantity_on_hand: 4, quantity_allocated: 1, quantity_available: 3,
        committed_to_orders: 6, lot_number: null, last_counted_at: null,
      }],
      total: 1, page: 1, per_page: 50, pages: 1,
    });
    const byItem = await s.api(`GET`, `/api/admin/inventory?item_id=${tst1}`, { token: admin });
    expect(byItem.body.inventory.map((x: any) => x.bin_code)).toEqual(['A-01-01', 'PS-01', 'WH-INV-B']);
    expect(byItem.body.inventory.every((x: any) => x.committed_to_orders === 6)).toBe(true);
    const tst2 = (await s.api('GET', `/api/admin/inventory?item_id=${ids.items['TST-002']}`, { token: admin })).body.inventory;
    expect(tst2.map((x: any) => x.committed_to_orders)).toEqual([1]);
    // the panel's search box: nothing matches zzz (the legacy ignored q and listed everything)
    expect((await s.api('GET', '/api/admin/inventory?q=zzz', { token: admin })).body).toMatchObject({ inventory: [], total: 0 });
    const paged = (await s.api('GET', '/api/admin/inventory?per_page=3&page=3', { token: admin })).body;
    expect(paged).toMatchObject({ page: 3, per_page: 3, total: all.length, pages: Math.ceil(all.length / 3) });
    expect(paged.inventory.map((x: any) => x.inventory_id)).toEqual(all.slice(6, 9).map((x) => x.inventoryId));
  });
});

describe('GET /api/admin/inventory?q= (the panel\'s search box)', () => {
  const search = async (query: string) => {
    const r = await s.api('GET', `/api/admin/inventory?${query}`, { token: admin });
    expect(r.status).toBe(200);
    return r.body;
  };
  const expected = async (where: (row: { sku: string; itemName: string; binCode: string; warehouseId: number }) => boolean) => {
    const rows = await s.app.prisma.inventory.findMany({ include: { item: true, bin: true }, orderBy: { inventoryId: 'asc' } });
    return rows.filter((r) => where({ sku: r.item.sku, itemName: r.item.itemName, binCode: r.bin.binCode, warehouseId: r.warehouseId })).map((r) => r.inventoryId);
  };

  it('matches sku, item name or bin code, case-insensitive contains', async () => {
    const bySku = await search('q=tst-00');
    expect(bySku.inventory.map((x: any) => x.inventory_id)).toEqual(await expected((r) => r.sku.toLowerCase().includes('tst-00')));
    expect(bySku.total).toBeGreaterThan(5);

    const byName = await search('q=WIDGET%20l');
    expect(byName.inventory.map((x: any) => [x.sku, x.bin_code])).toEqual([['TST-002', 'A-01-02']]);
    expect(byName.total).toBe(1);

    const byBin = await search('q=a-02');
    expect(byBin.inventory.map((x: any) => x.bin_code).sort()).toEqual(['A-02-01', 'A-02-02']);
    expect(byBin.inventory.map((x: any) => x.inventory_id)).toEqual(await expected((r) => r.binCode.includes('A-02')));

    // one row matches by bin code only (TST-006 lies in STAGE-01), another by sku only
    expect((await search('q=stage')).inventory.map((x: any) => x.sku)).toEqual(['TST-006']);
    expect((await search('q=TST-006')).inventory.map((x: any) => x.bin_code)).toEqual(['STAGE-01']);

    // LIKE wildcards are plain characters
    expect((await search('q=%25')).total).toBe(0);
    expect((await search('q=_')).total).toBe(0);
    // an empty q is no filter
    expect((await search('q=')).total).toBe((await expected(() => true)).length);
  });

  it('combines with warehouse_id, item_id and the pages', async () => {
    const other = await makeWarehouse(s, 'WH-Q', { bin: true });
    await s.app.prisma.inventory.create({ data: { itemId: ids.items['TST-004'], binId: other.binId!, warehouseId: other.warehouseId, quantityOnHand: 3 } });
    const gizmo = await search('q=gizmo');
    expect(gizmo.inventory.map((x: any) => x.bin_code)).toEqual(['A-02-01', 'WH-Q-B']);
    const inOther = await search(`q=gizmo&warehouse_id=${other.warehouseId}`);
    expect(inOther).toMatchObject({ total: 1, inventory: [{ sku: 'TST-004', bin_code: 'WH-Q-B', quantity_on_hand: 3 }] });
    expect((await search(`q=gizmo&warehouse_id=${ids.warehouseId}`)).inventory.map((x: any) => x.bin_code)).toEqual(['A-02-01']);
    expect((await search(`q=gizmo&item_id=${ids.items['TST-001']}`)).total).toBe(0);
    const odd = await s.app.prisma.item.create({ data: { sku: 'ODD_50%', itemName: 'Odd' } });
    await s.app.prisma.inventory.create({ data: { itemId: odd.itemId, binId: other.binId!, warehouseId: other.warehouseId, quantityOnHand: 1 } });
    expect((await search('q=d_50%25')).inventory.map((x: any) => x.sku)).toEqual(['ODD_50%']);
    expect((await search('q=d%2550')).total).toBe(0);
    const page2 = await search('q=tst&per_page=2&page=2');
    const all = await expected((r) => r.sku.toLowerCase().includes('tst'));
    expect(page2).toMatchObject({ page: 2, per_page: 2, total: all.length, pages: Math.ceil(all.length / 2) });
    expect(page2.inventory.map((x: any) => x.inventory_id)).toEqual(all.slice(2, 4));
  });
});

describe('preferred bins', () => {
  it('POST upserts on (item, bin) and leaves other rows and the default bin alone', async () => {
    const item = ids.items['TST-003'];
    const r = await s.api('POST', '/api/admin/preferred-bins', { token: admin, body: { item_id: item, bin_id: ids.bins['A-02-01'] } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Preferred bin saved' });
    const row = await s.app.prisma.preferredBin.findUniqueOrThrow({ where: { itemId_binId: { itemId: item, binId: ids.bins['A-02-01'] } } });
    expect(row.priority).toBe(1);
    const again = await s.api('POST', '/api/admin/preferred-bins', { token: admin, body: { item_id: item, bin_id: ids.bins['A-02-01'], priority: 7 } });
    expect(again.body).toEqual({ message: 'Preferred bin saved' });
    expect(await s.app.prisma.preferredBin.count({ where: { itemId: item } })).toBe(1);
    expect((await s.app.prisma.preferredBin.findUniqueOrThrow({ where: { preferredBinId: row.preferredBinId } })).priority).toBe(7);
    expect((await s.app.prisma.item.findUniqueOrThrow({ where: { itemId: item } })).defaultBinId).toBe(ids.bins['A-01-03']);
  });

  it('POST errors: unknown item or bin (legacy 500) and validation', async () => {
    const noItem = await s.api('POST', '/api/admin/preferred-bins', { token: admin, body: { item_id: 999, bin_id: 1 } });
    expect(noItem.status).toBe(400);
    expect(noItem.body).toEqual({ error: 'Item 999 not found' });
    expectAnswer(await s.api('POST', '/api/admin/preferred-bins', { token: admin, body: { item_id: 1, bin_id: 999 } }), 400, { error: 'Bin 999 not found' });
    const bad = await s.api('POST', '/api/admin/preferred-bins', { token: admin, body: { item_id: 1, priority: 101 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'missing', loc: ['bin_id'], msg: 'Field required' },
        { type: 'less_than_equal', loc: ['priority'], msg: 'Input should be less than or equal to 100' },
      ],
    });
  });

  it('GET lists by sku then priority, with filters item_id, bin_id and q', async () => {
    await s.app.prisma.preferredBin.createMany({
      data: [
        { itemId: ids.items['TST-005'], binId: ids.bins['A-02-02'], priority: 2, notes: 'n' },
        { itemId: ids.items['TST-005'], binId: ids.bins['A-01-01'], priority: 1 },
        { itemId: ids.items['TST-002'], binId: ids.bins['A-01-02'], priority: 4 },
      ],
    });
    const r = await s.api('GET', '/api/admin/preferred-bins', { token: admin });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['preferred_bins']);
    expect(r.body.preferred_bins.map((p: any) => [p.sku, p.priority])).toEqual([
      ['TST-001', 1], ['TST-002', 4], ['TST-003', 7], ['TST-005', 1], ['TST-005', 2],
    ]);
    const five = await s.api('GET', `/api/admin/preferred-bins?item_id=${ids.items['TST-005']}&bin_id=${ids.bins['A-02-02']}`, { token: admin });
    expect(five.body.preferred_bins).toEqual([{
      preferred_bin_id: expect.any(Number), item_id: ids.items['TST-005'], bin_id: ids.bins['A-02-02'], priority: 2, notes: 'n',
      updated_at: expect.stringMatching(ISO), sku: 'TST-005', item_name: 'Test Sprocket', bin_code: 'A-02-02', zone_name: 'Storage',
    }]);
    expect((await s.api('GET', '/api/admin/preferred-bins?q=SPROCK', { token: admin })).body.preferred_bins.map((p: any) => p.bin_code)).toEqual(['A-01-01', 'A-02-02']);
    expect((await s.api('GET', '/api/admin/preferred-bins?q=tst-002', { token: admin })).body.preferred_bins).toHaveLength(1);
    expect((await s.api('GET', `/api/admin/preferred-bins?bin_id=${ids.bins['A-01-01']}`, { token: admin })).body.preferred_bins.map((p: any) => p.sku)).toEqual(['TST-001', 'TST-005']);
    expect((await s.api('GET', '/api/admin/preferred-bins?', { token: admin })).body.preferred_bins).toHaveLength(5);
  });

  it('PUT changes the priority (200 even for a missing id); DELETE removes (200 even when missing)', async () => {
    const p = await s.app.prisma.preferredBin.create({ data: { itemId: ids.items['TST-004'], binId: ids.bins['A-02-01'], priority: 5 } });
    const r = await s.api('PUT', `/api/admin/preferred-bins/${p.preferredBinId}`, { token: admin, body: { priority: 2 } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Priority updated' });
    expect((await s.app.prisma.preferredBin.findUniqueOrThrow({ where: { preferredBinId: p.preferredBinId } })).priority).toBe(2);
    expect((await s.api('PUT', '/api/admin/preferred-bins/99999', { token: admin, body: { priority: 2 } })).body).toEqual({ message: 'Priority updated' });
    const bad = await s.api('PUT', `/api/admin/preferred-bins/${p.preferredBinId}`, { token: admin, body: { priority: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ type: 'greater_than_equal', loc: ['priority'], msg: 'Input should be greater than or equal to 1' }]);
    expect(answered(await s.api('PUT', `/api/admin/preferred-bins/${p.preferredBinId}`, { token: admin, body: {} }), 400).body.details[0].type).toBe('missing');

    const d = await s.api('DELETE', `/api/admin/preferred-bins/${p.preferredBinId}`, { token: admin, headers: { 'content-type': 'application/json' } });
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ message: 'Preferred bin deleted' });
    expect(await s.app.prisma.preferredBin.count({ where: { preferredBinId: p.preferredBinId } })).toBe(0);
    expect((await s.api('DELETE', '/api/admin/preferred-bins/99999', { token: admin })).body).toEqual({ message: 'Preferred bin deleted' });
  });
});
