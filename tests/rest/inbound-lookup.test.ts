import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { floorUser, secondWarehouse, seeded } from '../helpers/inbound';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seeded>>;
let user: { token: string };
let other: Awaited<ReturnType<typeof secondWarehouse>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seeded(s.app);
  user = await floorUser(s, [ids.warehouseId], []);
  other = await secondWarehouse(s.app);
  // stock of TST-001 in the other warehouse: visible to admins only
  await s.app.prisma.inventory.create({ data: { itemId: ids.item1, binId: other.storageBinId, warehouseId: other.warehouseId, quantityOnHand: 9 } });
});
afterAll(async () => {
  await s?.close();
});

describe('GET /api/lookup/item/{barcode}', () => {
  it('finds an item by UPC, SKU or alias (trimmed) with its scoped locations', async () => {
    for (const code of ['012345678905', 'TST-001', 'ALIAS-TST-001', '%20TST-001%20']) {
      const r = await s.api('GET', `/api/lookup/item/${code}`, { token: user.token });
      expect(r.status).toBe(200);
      expect(r.body.item).toEqual({ item_id: ids.item1, sku: 'TST-001', item_name: 'Test Widget Small', upc: '012345678905', category: 'Widgets', weight_lbs: 0.5 });
    }
    const r = await s.api('GET', '/api/lookup/item/TST-001', { token: user.token });
    expect(r.body.locations).toEqual([
      { bin_id: ids.a0101, bin_code: 'A-01-01', bin_type: 'Pickable', zone_name: 'Storage', quantity_on_hand: 50, quantity_allocated: 0, quantity_available: 50, lot_number: null },
      { bin_id: ids.ps01, bin_code: 'PS-01', bin_type: 'PickableStaging', zone_name: 'Storage', quantity_on_hand: 15, quantity_allocated: 0, quantity_available: 15, lot_number: null },
    ]);
    const asAdmin = await s.api('GET', '/api/lookup/item/TST-001', { token: admin });
    expect(asAdmin.body.locations.map((l: any) => l.bin_code)).toEqual(['A-01-01', 'PS-01', other.storageCode]);
  });

  it('answers 404 when nothing matches, also for quotes and backslashes (legacy 500)', async () => {
    for (const code of ['NOPE', '%22', '%5C', 'a%22b%5C']) {
      expect(await s.api('GET', `/api/lookup/item/${code}`, { token: user.token })).toMatchObject({ status: 404, body: { error: 'Item not found' } });
    }
  });

  it('reports weight 0 as null', async () => {
    await s.app.prisma.item.update({ where: { itemId: ids.item3 }, data: { weightLbs: 0 } });
    const r = await s.api('GET', '/api/lookup/item/TST-003', { token: user.token });
    expect(r.body.item.weight_lbs).toBeNull();
  });

  it('needs a token', async () => {
    expect((await s.api('GET', '/api/lookup/item/TST-001')).status).toBe(401);
  });
});

describe('GET /api/lookup/bin/{barcode}', () => {
  it('finds a bin by barcode or code with its contents', async () => {
    for (const code of ['BIN-A-01-01', 'A-01-01']) {
      const r = await s.api('GET', `/api/lookup/bin/${code}`, { token: user.token });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        bin: { bin_id: ids.a0101, bin_code: 'A-01-01', bin_barcode: 'BIN-A-01-01', bin_type: 'Pickable', zone_name: 'Storage', aisle: 'A', row_num: '1', level_num: '1' },
        items: [{ item_id: ids.item1, sku: 'TST-001', item_name: 'Test Widget Small', upc: '012345678905', quantity_on_hand: 50, quantity_allocated: 0, quantity_available: 50, lot_number: null }],
      });
    }
  });

  it('answers 404 for unknown bins and bins of other warehouses', async () => {
    expect(await s.api('GET', '/api/lookup/bin/NOPE', { token: user.token })).toMatchObject({ status: 404, body: { error: 'Bin not found' } });
    expect(await s.api('GET', `/api/lookup/bin/${other.storageCode}`, { token: user.token })).toMatchObject({ status: 404, body: { error: 'Bin not found' } });
    expect((await s.api('GET', `/api/lookup/bin/${other.storageCode}`, { token: admin })).status).toBe(200);
  });
});

describe('GET /api/lookup/so/{barcode}', () => {
  it('returns the order with its lines nested inside', async () => {
    const r = await s.api('GET', '/api/lookup/so/SO-1001', { token: user.token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sales_order: {
        so_id: expect.any(Number), so_number: 'SO-1001', so_barcode: 'SO-1001', customer_name: 'Jane Customer', customer_phone: '555-0100',
        customer_address: null, ship_address: '10 Main St, Springfield', status: 'OPEN', warehouse_id: ids.warehouseId,
        lines: [
          { sku: 'TST-001', item_name: 'Test Widget Small', quantity_ordered: 2, quantity_picked: 0, quantity_packed: 0, quantity_shipped: 0 },
          { sku: 'TST-002', item_name: 'Test Widget Large', quantity_ordered: 1, quantity_picked: 0, quantity_packed: 0, quantity_shipped: 0 },
        ],
      },
    });
  });

  it('answers 404 for unknown orders and orders of other warehouses', async () => {
    await s.app.prisma.salesOrder.create({ data: { soNumber: 'SO-W2', soBarcode: 'SO-W2', warehouseId: other.warehouseId } });
    expect(await s.api('GET', '/api/lookup/so/NOPE', { token: user.token })).toMatchObject({ status: 404, body: { error: 'Sales order not found' } });
    expect(await s.api('GET', '/api/lookup/so/SO-W2', { token: user.token })).toMatchObject({ status: 404, body: { error: 'Sales order not found' } });
    expect((await s.api('GET', '/api/lookup/so/SO-W2', { token: admin })).status).toBe(200);
  });
});

describe('GET /api/lookup/item/search and /bin/search', () => {
  it('searches items case-insensitively as a bare array; empty q gives []', async () => {
    const r = await s.api('GET', '/api/lookup/item/search?q=%20widget%20', { token: user.token });
    expect(r.status).toBe(200);
    expect(r.body.map((i: any) => i.sku)).toEqual(['TST-001', 'TST-002']);
    expect(r.body[1]).toEqual({ item_id: ids.item2, sku: 'TST-002', item_name: 'Test Widget Large', upc: '012345678912', category: 'Widgets', weight_lbs: 2.25 });
    expect((await s.api('GET', '/api/lookup/item/search', { token: user.token })).body).toEqual([]);
    expect((await s.api('GET', '/api/lookup/item/search?q=', { token: user.token })).body).toEqual([]);
  });

  it('limits non-admin item search to items stocked or preferred in their warehouses', async () => {
    const newItem = await s.app.prisma.item.create({ data: { sku: 'ZZ-NEW', itemName: 'Unstocked widget' } });
    const mine = await s.api('GET', '/api/lookup/item/search?q=widget', { token: user.token });
    expect(mine.body.map((i: any) => i.sku)).toEqual(['TST-001', 'TST-002']);
    const all = await s.api('GET', '/api/lookup/item/search?q=widget', { token: admin });
    expect(all.body.map((i: any) => i.sku)).toEqual(['TST-001', 'TST-002', 'ZZ-NEW']);
    await s.app.prisma.preferredBin.create({ data: { itemId: newItem.itemId, binId: ids.a0201 } });
    expect((await s.api('GET', '/api/lookup/item/search?q=widget', { token: user.token })).body.map((i: any) => i.sku)).toContain('ZZ-NEW');
  });

  it('searches bins by code or barcode, scoped', async () => {
    const r = await s.api('GET', '/api/lookup/bin/search?q=stage', { token: user.token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ bin_id: ids.stageBinId, bin_code: 'STAGE-01', bin_barcode: 'BIN-STAGE-01', bin_type: 'Staging', zone_name: 'Receiving / Staging', aisle: null, row_num: null, level_num: null }]);
    const asAdmin = await s.api('GET', '/api/lookup/bin/search?q=stage', { token: admin });
    expect(asAdmin.body.map((b: any) => b.bin_code)).toEqual(['STAGE-01', other.stageCode]);
    expect((await s.api('GET', '/api/lookup/bin/search?q=%20', { token: user.token })).body).toEqual([]);
  });
});
