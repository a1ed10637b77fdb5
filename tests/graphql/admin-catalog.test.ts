import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/tx';
import { startTestServer, type TestServer } from '../helpers/server';
import { adminAndUser, seedIds } from '../helpers/admin-catalog';

let s: TestServer;
let admin: string;
let user: string;
let ids: Awaited<ReturnType<typeof seedIds>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ({ admin, user } = await adminAndUser(s));
  ids = await seedIds(s);
});
afterAll(async () => {
  await s?.close();
});

const code = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;

describe('access', () => {
  it('every catalog/system root field is FORBIDDEN to a USER and UNAUTHENTICATED without a token', async () => {
    const ops = [
      '{ warehouses { totalCount } }', '{ warehouse(id: 1) { warehouseId } }',
      '{ zones { totalCount } }', '{ bins { totalCount } }', '{ items { totalCount } }', '{ inventory { totalCount } }',
      '{ preferredBins { totalCount } }', '{ dashboard { openPos } }', '{ settings { key } }', '{ setting(key: "x") { key } }',
      '{ auditLog { totalCount } }', '{ auditLogVerify }', '{ auditLogChainStatus { sealedRows } }',
      'mutation { warehouseDelete(input: { warehouseId: 1 }) { deletedWarehouseId } }', 'mutation { itemArchive(input: { itemId: 1 }) { item { isActive } } }',
      'mutation { settingsUpdate(input: { settings: { a: "b" } }) { settings { key } } }',
    ];
    for (const q of ops) {
      expect(code(await s.gql(q, {}, user)), q).toBe('FORBIDDEN');
      expect(code(await s.gql(q)), q).toBe('UNAUTHENTICATED');
    }
    expect(await s.app.prisma.item.findUniqueOrThrow({ where: { itemId: 1 } })).toMatchObject({ isActive: true });
  });
});

describe('queries', () => {
  it('warehouses: relay connection with filter, sortBy, cursors, totalCount and nested zones/bins', async () => {
    await s.app.prisma.warehouse.createMany({
      data: [
        { warehouseCode: 'G-B', warehouseName: 'Beta', isActive: false },
        { warehouseCode: 'G-A', warehouseName: 'Alpha' },
      ],
    });
    const q = `query($first: Int, $after: String, $filter: WarehouseFilter, $sortBy: WarehouseSort) {
      warehouses(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { warehouseCode isActive zones { zoneCode bins { binCode } } } }
      } }`;
    const first = await s.gql(q, { first: 2, sortBy: { field: 'WAREHOUSE_NAME', direction: 'ASC' } }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data.warehouses.totalCount).toBe(3);
    expect(first.data.warehouses.edges.map((e: any) => e.node.warehouseCode)).toEqual(['G-A', 'G-B']);
    expect(first.data.warehouses.pageInfo.hasNextPage).toBe(true);
    const next = await s.gql(q, { first: 2, after: first.data.warehouses.pageInfo.endCursor, sortBy: { field: 'WAREHOUSE_NAME', direction: 'ASC' } }, admin);
    const wh1 = next.data.warehouses.edges.map((e: any) => e.node);
    expect(wh1.map((n: any) => n.warehouseCode)).toEqual(['WH1']);
    expect(wh1[0].zones.map((z: any) => [z.zoneCode, z.bins.length])).toEqual([['RECV', 1], ['STOR', 6]]);
    const inactive = await s.gql(q, { filter: { isActive: false } }, admin);
    expect(inactive.data.warehouses.edges.map((e: any) => e.node.warehouseCode)).toEqual(['G-B']);
    expect(inactive.data.warehouses.totalCount).toBe(1);
    const desc = await s.gql(q, { sortBy: { field: 'WAREHOUSE_ID', direction: 'DESC' } }, admin);
    expect(desc.data.warehouses.edges.map((e: any) => e.node.warehouseCode)).toEqual(['G-A', 'G-B', 'WH1']);
  });

  it('bins, items, inventory and preferred bins: filters and computed fields', async () => {
    const bins = await s.gql(`{ bins(filter: { binType: PICKABLE, q: "a-01" }, sortBy: { field: PICK_SEQUENCE, direction: DESC }) {
      totalCount edges { node { binCode zoneName zone { zoneCode } warehouse { warehouseCode } } } } }`, {}, admin);
    expect(bins.data.bins.edges.map((e: any) => e.node.binCode)).toEqual(['A-01-03', 'A-01-02', 'A-01-01']);
    expect(bins.data.bins.edges[0].node).toEqual({ binCode: 'A-01-03', zoneName: 'Storage', zone: { zoneCode: 'STOR' }, warehouse: { warehouseCode: 'WH1' } });

    const items = await s.gql(`{ items(filter: { category: "Parts" }, sortBy: { field: SKU, direction: DESC }) {
      totalCount edges { node { sku weightLbs defaultBinCode defaultBin { binCode } inventory { binCode quantityOnHand } } } } }`, {}, admin);
    expect(items.data.items).toEqual({
      totalCount: 2,
      edges: [
        { node: { sku: 'TST-006', weightLbs: 0.3, defaultBinCode: 'A-02-02', defaultBin: { binCode: 'A-02-02' }, inventory: [{ binCode: 'STAGE-01', quantityOnHand: 12 }] } },
        { node: { sku: 'TST-005', weightLbs: 0.125, defaultBinCode: 'A-02-02', defaultBin: { binCode: 'A-02-02' }, inventory: [{ binCode: 'A-02-02', quantityOnHand: 100 }] } },
      ],
    });

    const inv = await s.gql(`{ inventory(first: 2, filter: { q: "widget" }) { totalCount edges { node { sku binCode quantityAvailable committedToOrders item { itemName } } } } }`, {}, admin);
    expect(inv.data.inventory.totalCount).toBe(3);
    expect(inv.data.inventory.edges.map((e: any) => [e.node.sku, e.node.binCode, e.node.committedToOrders])).toEqual([['TST-001', 'A-01-01', 2], ['TST-001', 'PS-01', 2]]);

    const pb = await s.gql(`{ preferredBins(filter: { itemId: ${ids.items['TST-001']} }) { totalCount edges { node { sku binCode zoneName priority item { sku } bin { binCode } } } } }`, {}, admin);
    expect(pb.data.preferredBins.edges.map((e: any) => e.node)).toEqual([{ sku: 'TST-001', binCode: 'A-01-01', zoneName: 'Storage', priority: 1, item: { sku: 'TST-001' }, bin: { binCode: 'A-01-01' } }]);
  });

  it('offset skips rows for page-numbered tables; a missing single object is null beside its siblings', async () => {
    const r = await s.gql('{ items(first: 4, offset: 4) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { sku } } } }', {}, admin);
    expect(r.data.items).toEqual({
      totalCount: 6,
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      edges: [{ node: { sku: 'TST-005' } }, { node: { sku: 'TST-006' } }],
    });
    const x = await s.gql(
      `{ warehouse(id: 999) { warehouseId } bin(id: 999) { binId } item(id: 999) { itemId } zone(id: 999) { zoneId }
         setting(key: "nope") { key } found: item(id: ${ids.items['TST-001']}) { sku } }`,
      {},
      admin,
    );
    expect(x.errors).toBeUndefined();
    expect(x.data).toEqual({ warehouse: null, bin: null, item: null, zone: null, setting: null, found: { sku: 'TST-001' } });
  });
});

describe('mutations', () => {
  /** Expected failures are userErrors beside data: no top-level error, no result, nothing written. */
  const refused = (r: { errors?: unknown; data?: any }, name: string, userErrors: unknown[]) => {
    expect(r.errors, name).toBeUndefined();
    const { userErrors: got, ...result } = r.data[name];
    expect(Object.values(result), name).toEqual([null]);
    expect(got, name).toEqual(userErrors);
  };
  const UE = 'userErrors { field code message }';

  it('create / update / delete a warehouse, zone and bin', async () => {
    const wh = await s.gql(`mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouse { warehouseId warehouseCode isActive } ${UE} } }`, { i: { warehouseCode: 'GQ-1', warehouseName: 'GraphQL' } }, admin);
    expect(wh.data.warehouseCreate).toMatchObject({ warehouse: { warehouseCode: 'GQ-1', isActive: true }, userErrors: [] });
    const wid = wh.data.warehouseCreate.warehouse.warehouseId;
    const before = await s.app.prisma.warehouse.count();
    const dup = await s.gql(`mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouse { warehouseId } ${UE} } }`, { i: { warehouseCode: 'GQ-1', warehouseName: 'x' } }, admin);
    refused(dup, 'warehouseCreate', [{ field: ['input', 'warehouseCode'], code: 'BAD_USER_INPUT', message: 'Duplicate warehouse_code: GQ-1' }]);
    // invalid input: every problem, each at its field
    const blank = await s.gql(`mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouse { warehouseId } ${UE} } }`, { i: { warehouseCode: '', warehouseName: 'x'.repeat(101) } }, admin);
    refused(blank, 'warehouseCreate', [
      { field: ['input', 'warehouseCode'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' },
      { field: ['input', 'warehouseName'], code: 'BAD_USER_INPUT', message: 'String should have at most 100 characters' },
    ]);
    expect(await s.app.prisma.warehouse.count()).toBe(before);

    const zone = await s.gql(`mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneId zoneType warehouse { warehouseCode } } ${UE} } }`, { i: { warehouseId: wid, zoneCode: 'Q', zoneName: 'Quality', zoneType: 'QUALITY' } }, admin);
    expect(zone.data.zoneCreate).toMatchObject({ zone: { zoneType: 'QUALITY', warehouse: { warehouseCode: 'GQ-1' } }, userErrors: [] });
    const zoneId = zone.data.zoneCreate.zone.zoneId;
    const badZone = await s.gql(`mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneId } ${UE} } }`, { i: { warehouseId: wid, zoneCode: '', zoneName: 'x', zoneType: 'STORAGE' } }, admin);
    refused(badZone, 'zoneCreate', [{ field: ['input', 'zoneCode'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' }]);
    const noWh = await s.gql(`mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneId } ${UE} } }`, { i: { warehouseId: 99999, zoneCode: 'Z', zoneName: 'x', zoneType: 'STORAGE' } }, admin);
    refused(noWh, 'zoneCreate', [{ field: ['input', 'warehouseId'], code: 'BAD_USER_INPUT', message: 'Warehouse 99999 not found' }]);
    const dupZone = await s.gql(`mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneId } ${UE} } }`, { i: { warehouseId: wid, zoneCode: 'Q', zoneName: 'x', zoneType: 'STORAGE' } }, admin);
    refused(dupZone, 'zoneCreate', [{ field: ['input', 'zoneCode'], code: 'BAD_USER_INPUT', message: `Duplicate zone_code 'Q' in warehouse ${wid}` }]);
    // the zone type is a ZoneType enum: an unknown one is refused before the resolver (a malformed request)
    const badType = await s.gql(`mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneId } ${UE} } }`, { i: { warehouseId: wid, zoneCode: 'Q2', zoneName: 'x', zoneType: 'NOPE' } }, admin);
    expect(code(badType)).toBe('BAD_USER_INPUT');
    expect(badType.errors![0].message).toContain('"NOPE" does not exist in "ZoneType" enum');

    const bin = await s.gql(`mutation($i: BinCreateInput!) { binCreate(input: $i) { bin { binId rowNum zoneName } ${UE} } }`, {
      i: { warehouseId: wid, zoneId, binCode: 'Q-1', binBarcode: 'Q-1', binType: 'STAGING', rowNum: 3 },
    }, admin);
    expect(bin.data.binCreate).toMatchObject({ bin: { rowNum: '3', zoneName: 'Quality' }, userErrors: [] });
    const binId = bin.data.binCreate.bin.binId;
    const noZone = await s.gql(`mutation($i: BinCreateInput!) { binCreate(input: $i) { bin { binId } ${UE} } }`, {
      i: { warehouseId: wid, zoneId: 99999, binCode: 'Q-9', binBarcode: 'Q-9', binType: 'STAGING' },
    }, admin);
    refused(noZone, 'binCreate', [{ field: ['input', 'zoneId'], code: 'BAD_USER_INPUT', message: 'Zone 99999 not found' }]);
    const upd = await s.gql(`mutation($i: BinUpdateInput!) { binUpdate(input: $i) { bin { binCode isActive } ${UE} } }`, { i: { binId, binCode: 'Q-2', isActive: false } }, admin);
    expect(upd.data.binUpdate).toEqual({ bin: { binCode: 'Q-2', isActive: false }, userErrors: [] });
    // a null for a column that cannot be empty: the field that is at fault
    const nul = await s.gql(`mutation($i: BinUpdateInput!) { binUpdate(input: $i) { bin { binCode } ${UE} } }`, { i: { binId, binCode: null } }, admin);
    refused(nul, 'binUpdate', [{ field: ['input', 'binCode'], code: 'BAD_USER_INPUT', message: 'Input should be a valid string' }]);
    const none = await s.gql(`mutation($id: Int!) { binUpdate(input: { binId: $id }) { bin { binCode } ${UE} } }`, { id: binId }, admin);
    refused(none, 'binUpdate', [{ field: null, code: 'BAD_USER_INPUT', message: 'No valid fields provided' }]);

    const blocked = await s.gql(`mutation($id: Int!) { warehouseDelete(input: { warehouseId: $id }) { deletedWarehouseId ${UE} } }`, { id: wid }, admin);
    refused(blocked, 'warehouseDelete', [{ field: null, code: 'BAD_USER_INPUT', message: 'Cannot delete warehouse with existing bins. Remove all bins first.' }]);
    const wu = await s.gql(`mutation($i: WarehouseUpdateInput!) { warehouseUpdate(input: $i) { warehouse { warehouseName isActive } ${UE} } }`, { i: { warehouseId: wid, warehouseName: 'Renamed', isActive: false } }, admin);
    expect(wu.data.warehouseUpdate).toEqual({ warehouse: { warehouseName: 'Renamed', isActive: false }, userErrors: [] });
    const nf = await s.gql(`mutation { zoneUpdate(input: { zoneId: 99999, zoneName: "x" }) { zone { zoneId } ${UE} } }`, {}, admin);
    refused(nf, 'zoneUpdate', [{ field: ['input', 'zoneId'], code: 'NOT_FOUND', message: 'Zone not found' }]);

    // an empty warehouse is deleted: the payload names it
    const empty = await s.gql(`mutation { warehouseCreate(input: { warehouseCode: "GQ-DEL", warehouseName: "Gone" }) { warehouse { warehouseId } } }`, {}, admin);
    const gone = empty.data.warehouseCreate.warehouse.warehouseId;
    const del = await s.gql(`mutation($id: Int!) { warehouseDelete(input: { warehouseId: $id }) { deletedWarehouseId ${UE} } }`, { id: gone }, admin);
    expect(del.data.warehouseDelete).toEqual({ deletedWarehouseId: gone, userErrors: [] });
    expect(await s.app.prisma.warehouse.count({ where: { warehouseId: gone } })).toBe(0);
  });

  it('item create / update / archive / delete and preferred bins', async () => {
    const c = await s.gql(`mutation($i: ItemCreateInput!) { itemCreate(input: $i) { item { itemId sku weightLbs defaultBinCode } ${UE} } }`, { i: { sku: 'GQ-I', itemName: 'G', weightLbs: 0, defaultBinId: ids.bins['A-01-01'] } }, admin);
    expect(c.data.itemCreate).toMatchObject({ item: { sku: 'GQ-I', weightLbs: null, defaultBinCode: 'A-01-01' }, userErrors: [] });
    const id = c.data.itemCreate.item.itemId;
    const noBin = await s.gql(`mutation($i: ItemCreateInput!) { itemCreate(input: $i) { item { itemId } ${UE} } }`, { i: { sku: 'GQ-J', itemName: 'J', defaultBinId: 99999 } }, admin);
    refused(noBin, 'itemCreate', [{ field: ['input', 'defaultBinId'], code: 'BAD_USER_INPUT', message: 'Bin 99999 not found' }]);
    const u = await s.gql(`mutation($i: ItemUpdateInput!) { itemUpdate(input: $i) { item { itemName reorderPoint } ${UE} } }`, { i: { itemId: id, itemName: 'G2', reorderPoint: 4 } }, admin);
    expect(u.data.itemUpdate).toEqual({ item: { itemName: 'G2', reorderPoint: 4 }, userErrors: [] });
    const clash = await s.gql(`mutation($id: Int!) { itemUpdate(input: { itemId: $id, sku: "TST-001" }) { item { sku } ${UE} } }`, { id }, admin);
    refused(clash, 'itemUpdate', [{ field: ['input', 'sku'], code: 'BAD_USER_INPUT', message: 'Duplicate SKU: TST-001' }]);
    const negative = await s.gql(`mutation($id: Int!) { itemUpdate(input: { itemId: $id, reorderQty: -1 }) { item { sku } ${UE} } }`, { id }, admin);
    refused(negative, 'itemUpdate', [{ field: ['input', 'reorderQty'], code: 'BAD_USER_INPUT', message: 'Input should be greater than or equal to 0' }]);
    const archive = `mutation($id: Int!) { itemArchive(input: { itemId: $id }) { item { itemId isActive } ${UE} } }`;
    expect((await s.gql(archive, { id }, admin)).data.itemArchive).toEqual({ item: { itemId: id, isActive: false }, userErrors: [] });
    refused(await s.gql(archive, { id: 99999 }, admin), 'itemArchive', [{ field: ['input', 'itemId'], code: 'NOT_FOUND', message: 'Item not found' }]);

    const save = await s.gql(`mutation($i: PreferredBinCreateInput!) { preferredBinCreate(input: $i) { preferredBin { itemId priority bin { binCode } } ${UE} } }`, { i: { itemId: id, binId: ids.bins['PS-01'], priority: 2 } }, admin);
    expect(save.data.preferredBinCreate).toEqual({ preferredBin: { itemId: id, priority: 2, bin: { binCode: 'PS-01' } }, userErrors: [] });
    const badPb = await s.gql(`mutation($i: PreferredBinCreateInput!) { preferredBinCreate(input: $i) { preferredBin { priority } ${UE} } }`, { i: { itemId: 99999, binId: ids.bins['PS-01'] } }, admin);
    refused(badPb, 'preferredBinCreate', [{ field: ['input', 'itemId'], code: 'BAD_USER_INPUT', message: 'Item 99999 not found' }]);
    const pb = await s.app.prisma.preferredBin.findFirstOrThrow({ where: { itemId: id } });
    const updDoc = `mutation($id: Int!) { preferredBinUpdate(input: { preferredBinId: $id, priority: 1 }) { preferredBin { preferredBinId priority } ${UE} } }`;
    const upd = await s.gql(updDoc, { id: pb.preferredBinId }, admin);
    expect({ status: upd.status, errors: upd.errors, data: upd.data }).toEqual({ status: 200, errors: undefined, data: { preferredBinUpdate: { preferredBin: { preferredBinId: pb.preferredBinId, priority: 1 }, userErrors: [] } } });
    expect((await s.app.prisma.preferredBin.findUniqueOrThrow({ where: { preferredBinId: pb.preferredBinId } })).priority).toBe(1);
    // an unknown id changes nothing and is no error (REST answers 200 there too)
    expect((await s.gql(updDoc, { id: 99999 }, admin)).data.preferredBinUpdate).toEqual({ preferredBin: null, userErrors: [] });
    expect((await s.gql('{ item(id: ' + id + ') { defaultBinCode preferredBins { priority bin { binCode } } } }', {}, admin)).data.item).toEqual({
      defaultBinCode: 'PS-01', preferredBins: [{ priority: 1, bin: { binCode: 'PS-01' } }],
    });
    const delDoc = `mutation($id: Int!) { preferredBinDelete(input: { preferredBinId: $id }) { deletedPreferredBinId ${UE} } }`;
    const pbDel = await s.gql(delDoc, { id: pb.preferredBinId }, admin);
    expect({ status: pbDel.status, errors: pbDel.errors, data: pbDel.data }).toEqual({ status: 200, errors: undefined, data: { preferredBinDelete: { deletedPreferredBinId: pb.preferredBinId, userErrors: [] } } });
    expect(await s.app.prisma.preferredBin.count({ where: { preferredBinId: pb.preferredBinId } })).toBe(0);
    expect((await s.gql(delDoc, { id: pb.preferredBinId }, admin)).data.preferredBinDelete).toEqual({ deletedPreferredBinId: null, userErrors: [] });

    const stocked = await s.gql(`mutation($id: Int!) { itemDelete(input: { itemId: $id }) { deletedItemId ${UE} } }`, { id: ids.items['TST-001'] }, admin);
    refused(stocked, 'itemDelete', [{ field: null, code: 'BAD_USER_INPUT', message: 'Cannot delete item with existing inventory' }]);
    const del = await s.gql(`mutation($id: Int!) { itemDelete(input: { itemId: $id }) { deletedItemId ${UE} } }`, { id }, admin);
    expect(del.data.itemDelete).toEqual({ deletedItemId: id, userErrors: [] });
    expect(await s.app.prisma.item.count({ where: { itemId: id } })).toBe(0);
  });

  it('every catalog mutation takes one input: the object id inside it, camelCase problem paths, nothing written on error', async () => {
    const names = [
      'warehouseCreate', 'warehouseUpdate', 'warehouseDelete', 'zoneCreate', 'zoneUpdate', 'binCreate', 'binUpdate',
      'itemCreate', 'itemUpdate', 'itemArchive', 'itemDelete', 'preferredBinCreate', 'preferredBinUpdate', 'preferredBinDelete',
    ];
    const schema = await s.gql('{ __schema { mutationType { fields { name args { name type { kind } } } } } }', {}, admin);
    const fields = schema.data.__schema.mutationType.fields.filter((f: { name: string }) => names.includes(f.name));
    expect(fields.map((f: { name: string }) => f.name).sort()).toEqual([...names].sort());
    for (const f of fields) expect({ name: f.name, args: f.args }).toEqual({ name: f.name, args: [{ name: 'input', type: { kind: 'NON_NULL' } }] });

    // an id no row has (0, negative, unknown) is not found, at the input's id field
    const wh = await s.app.prisma.warehouse.findFirstOrThrow({ where: { warehouseCode: 'WH1' } });
    for (const warehouseId of [99999, 0, -1]) {
      refused(
        await s.gql(`mutation($i: WarehouseUpdateInput!) { warehouseUpdate(input: $i) { warehouse { warehouseId } ${UE} } }`, { i: { warehouseId, warehouseName: 'x' } }, admin),
        'warehouseUpdate', [{ field: ['input', 'warehouseId'], code: 'NOT_FOUND', message: 'Warehouse not found' }],
      );
    }
    refused(await s.gql(`mutation { warehouseDelete(input: { warehouseId: 99999 }) { deletedWarehouseId ${UE} } }`, {}, admin),
      'warehouseDelete', [{ field: ['input', 'warehouseId'], code: 'NOT_FOUND', message: 'Warehouse not found' }]);
    refused(await s.gql(`mutation { binUpdate(input: { binId: 99999, aisle: "x" }) { bin { binId } ${UE} } }`, {}, admin),
      'binUpdate', [{ field: ['input', 'binId'], code: 'NOT_FOUND', message: 'Bin not found' }]);
    refused(await s.gql(`mutation { itemUpdate(input: { itemId: 99999, itemName: "x" }) { item { itemId } ${UE} } }`, {}, admin),
      'itemUpdate', [{ field: ['input', 'itemId'], code: 'NOT_FOUND', message: 'Item not found' }]);
    refused(await s.gql(`mutation { itemDelete(input: { itemId: 0 }) { deletedItemId ${UE} } }`, {}, admin),
      'itemDelete', [{ field: ['input', 'itemId'], code: 'NOT_FOUND', message: 'Item not found' }]);
    expect((await s.app.prisma.warehouse.findUniqueOrThrow({ where: { warehouseId: wh.warehouseId } })).warehouseName).toBe(wh.warehouseName);

    // invalid changes: every problem at its camelCase field, with its code; the row is untouched
    const binId = ids.bins['A-01-01'];
    const binBefore = await s.app.prisma.bin.findUniqueOrThrow({ where: { binId } });
    const badBin = await s.gql(`mutation($i: BinUpdateInput!) { binUpdate(input: $i) { bin { binId } ${UE} } }`, {
      i: { binId, binCode: '', aisle: 'x'.repeat(11), pickSequence: -1, zoneId: 0 },
    }, admin);
    refused(badBin, 'binUpdate', [
      { field: ['input', 'binCode'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' },
      { field: ['input', 'aisle'], code: 'BAD_USER_INPUT', message: 'String should have at most 10 characters' },
      { field: ['input', 'pickSequence'], code: 'BAD_USER_INPUT', message: 'Input should be greater than or equal to 0' },
      { field: ['input', 'zoneId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
    ]);
    expect(await s.app.prisma.bin.findUniqueOrThrow({ where: { binId } })).toEqual(binBefore);
    // a null pickSequence leaves it as it is; a null aisle clears it
    const cleared = await s.gql(`mutation($i: BinUpdateInput!) { binUpdate(input: $i) { bin { aisle pickSequence } ${UE} } }`, {
      i: { binId, aisle: null, pickSequence: null },
    }, admin);
    expect(cleared.data.binUpdate).toEqual({ bin: { aisle: null, pickSequence: binBefore.pickSequence }, userErrors: [] });

    const itemId = ids.items['TST-002'];
    const itemBefore = await s.app.prisma.item.findUniqueOrThrow({ where: { itemId } });
    refused(await s.gql(`mutation($i: ItemUpdateInput!) { itemUpdate(input: $i) { item { itemId } ${UE} } }`, { i: { itemId, weightLbs: 100000, itemName: null } }, admin),
      'itemUpdate', [
        { field: ['input', 'itemName'], code: 'BAD_USER_INPUT', message: 'Input should be a valid string' },
        { field: ['input', 'weightLbs'], code: 'BAD_USER_INPUT', message: 'Input should be less than or equal to 99999' },
      ]);
    expect(await s.app.prisma.item.findUniqueOrThrow({ where: { itemId } })).toEqual(itemBefore);

    const pbBefore = await s.app.prisma.preferredBin.findMany({ orderBy: { preferredBinId: 'asc' } });
    const anyPb = pbBefore[0]?.preferredBinId ?? 1;
    refused(await s.gql(`mutation { preferredBinUpdate(input: { preferredBinId: ${anyPb}, priority: 0 }) { preferredBin { priority } ${UE} } }`, {}, admin),
      'preferredBinUpdate', [{ field: ['input', 'priority'], code: 'BAD_USER_INPUT', message: 'Input should be greater than or equal to 1' }]);
    refused(await s.gql(`mutation { preferredBinCreate(input: { itemId: ${itemId}, binId: 0, priority: 101 }) { preferredBin { priority } ${UE} } }`, {}, admin),
      'preferredBinCreate', [
        { field: ['input', 'binId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
        { field: ['input', 'priority'], code: 'BAD_USER_INPUT', message: 'Input should be less than or equal to 100' },
      ]);
    expect(await s.app.prisma.preferredBin.findMany({ orderBy: { preferredBinId: 'asc' } })).toEqual(pbBefore);

    // the legacy panel's `barcode` is REST's alias only: GraphQL names the field binBarcode
    const alias = await s.gql(`mutation { binCreate(input: { warehouseId: ${wh.warehouseId}, zoneId: ${ids.zones.STOR}, binCode: "AL-1", barcode: "AL-1", binType: PICKABLE }) { bin { binId } } }`, {}, admin);
    expect(code(alias)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await s.app.prisma.bin.count({ where: { binCode: 'AL-1' } })).toBe(0);
  });

  it('settingsUpdate keeps key names as given and applies the packing rule; settings / setting read them', async () => {
    const doc = `mutation($i: SettingsUpdateInput!) { settingsUpdate(input: $i) { settings { key value } ${UE} } }`;
    const ok = await s.gql(doc, { i: { settings: { myCamelKey: 'v', count_show_expected: 'false' } } }, admin);
    expect(ok.data.settingsUpdate).toEqual({ settings: [{ key: 'count_show_expected', value: 'false' }, { key: 'myCamelKey', value: 'v' }], userErrors: [] });
    expect((await s.gql('{ setting(key: "myCamelKey") { key value } }', {}, admin)).data.setting).toEqual({ key: 'myCamelKey', value: 'v' });
    // the path names the key as sent (setting names are data, not schema fields)
    const bad = await s.gql(doc, { i: { settings: { require_packing_before_shipping: 'no', session_timeout_hours: '0' } } }, admin);
    refused(bad, 'settingsUpdate', [
      { field: ['input', 'settings', 'require_packing_before_shipping'], code: 'BAD_USER_INPUT', message: "require_packing_before_shipping must be 'true' or 'false'" },
      { field: ['input', 'settings', 'session_timeout_hours'], code: 'BAD_USER_INPUT', message: 'session_timeout_hours must be a positive integer' },
    ]);
    await s.app.prisma.salesOrder.create({ data: { soNumber: 'GQ-PACKED', status: 'PACKED', warehouseId: 1 } });
    const packed = await s.gql(doc, { i: { settings: { require_packing_before_shipping: 'false' } } }, admin);
    refused(packed, 'settingsUpdate', [{ field: ['input', 'settings', 'require_packing_before_shipping'], code: 'BAD_USER_INPUT', message: 'Cannot disable packing. 1 order in PACKED status. Ship them before disabling.' }]);
    const all = await s.gql('{ settings { key value } }', {}, admin);
    expect(all.data.settings.find((x: any) => x.key === 'require_packing_before_shipping').value).toBe('true');
  });
});

describe('dashboard and audit log', () => {
  it('dashboard(warehouseId) answers nulls for packing counters when packing is off', async () => {
    const on = await s.gql('{ dashboard(warehouseId: 1) { requirePacking readyToPack ordersPacked readyToShip openSos recentActivity { actionType } } }', {}, admin);
    expect(on.data.dashboard).toMatchObject({ requirePacking: true, readyToPack: 0, ordersPacked: 1, readyToShip: 1 });
    await s.app.prisma.appSetting.update({ where: { key: 'require_packing_before_shipping' }, data: { value: 'false' } });
    const off = await s.gql('{ dashboard { requirePacking readyToPack ordersPacked readyToShip } }', {}, admin);
    expect(off.data.dashboard).toEqual({ requirePacking: false, readyToPack: null, ordersPacked: null, readyToShip: 1 });
    await s.app.prisma.appSetting.update({ where: { key: 'require_packing_before_shipping' }, data: { value: 'true' } });
  });

  it('auditLog connection with filters never exposes hashes; auditLogVerify finds a tampered row', async () => {
    await withTransaction(s.app.prisma, async (_tx, journal) =>
      journal.audit(
        { actionType: 'COUNT', entityType: 'BIN', entityId: ids.bins['A-01-01'], userId: 'counter', warehouseId: 1, details: { count_id: 1, bin_code: 'A-01-01' } },
        { actionType: 'SHIP', entityType: 'SO', entityId: 1, userId: 'shipper', warehouseId: 1, details: { so_number: 'SO-1001' } },
      ),
    );
    const r = await s.gql(`{ auditLog(first: 1, filter: { userId: "counter" }) { totalCount edges { node { actionType entityName warehouseCode details references { key } username } } } }`, {}, admin);
    expect(r.data.auditLog).toEqual({
      totalCount: 1,
      edges: [{ node: { actionType: 'COUNT', entityName: 'A-01-01', warehouseCode: 'WH1', details: { count_id: 1, bin_code: 'A-01-01' }, references: [], username: 'counter' } }],
    });
    // details exactly as recorded (numbers stay numbers); the display names are the separate `references`
    const so = await s.app.prisma.salesOrder.findFirstOrThrow({ where: { soNumber: 'SO-1001' } });
    const recorded = { bin_id: ids.bins['A-01-01'], from_bin_id: 999999, item_id: ids.items['TST-004'], so_id: so.soId, so_count: so.soId, total_items: ids.items['TST-004'], reason: 'r' };
    await withTransaction(s.app.prisma, async (_tx, journal) =>
      journal.audit({ actionType: 'ADJUST', entityType: 'ITEM', entityId: ids.items['TST-004'], userId: 'referee', warehouseId: 1, details: recorded }),
    );
    const refs = await s.gql('{ auditLog(first: 1, filter: { userId: "referee" }) { edges { node { details references { key entityType entityId name } } } } }', {}, admin);
    expect(refs.data.auditLog.edges[0].node).toEqual({
      details: recorded,
      references: [
        // in the stored (JSONB) key order: shorter keys first
        { key: 'so_id', entityType: 'SO', entityId: so.soId, name: 'SO-1001' },
        { key: 'bin_id', entityType: 'BIN', entityId: ids.bins['A-01-01'], name: 'A-01-01' },
        { key: 'item_id', entityType: 'ITEM', entityId: ids.items['TST-004'], name: 'TST-004' },
      ],
    });
    const hashField = await s.gql('{ auditLog { edges { node { rowHash } } } }', {}, admin);
    expect(hashField.errors![0].message).toMatch(/Cannot query field "rowHash"/);
    const badDate = await s.gql('{ auditLog(filter: { startDate: "not a date" }) { totalCount } }', {}, admin);
    expect(badDate.errors![0]).toMatchObject({ message: expect.stringMatching(/Date must be a calendar date YYYY-MM-DD/), extensions: { code: 'BAD_USER_INPUT' } });

    expect((await s.gql('{ auditLogVerify }', {}, admin)).data).toEqual({ auditLogVerify: null });
    // Simulate tampering by a superuser who bypasses the append-only trigger.
    const target = await s.app.prisma.auditLog.findFirstOrThrow({ where: { userId: 'counter' } });
    await s.app.prisma.$transaction([
      s.app.prisma.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only_trg'),
      s.app.prisma.$executeRawUnsafe(`UPDATE audit_log SET user_id = 'mallory' WHERE log_id = ${target.logId}`),
      s.app.prisma.$executeRawUnsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only_trg'),
    ]);
    expect((await s.gql('{ auditLogVerify }', {}, admin)).data).toEqual({ auditLogVerify: Number(target.logId) });
    const total = await s.app.prisma.auditLog.count();
    const st = await s.gql('{ auditLogChainStatus { firstBrokenId sealedRows unsealedRows oldestUnsealedAt } }', {}, admin);
    expect(st.data).toEqual({ auditLogChainStatus: { firstBrokenId: Number(target.logId), sealedRows: total, unsealedRows: 0, oldestUnsealedAt: null } });
  });
});
