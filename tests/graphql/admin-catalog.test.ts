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
      '{ warehouses { totalCount } }', '{ warehousesPage { total } }', '{ warehouse(id: 1) { warehouseId } }',
      '{ zones { totalCount } }', '{ bins { totalCount } }', '{ items { totalCount } }', '{ inventory { totalCount } }',
      '{ preferredBins { totalCount } }', '{ dashboard { openPos } }', '{ settings { key } }', '{ setting(key: "x") { key } }',
      '{ auditLog { totalCount } }', '{ auditLogVerify }', '{ auditLogChainStatus { sealedRows } }',
      'mutation { warehouseDelete(id: 1) { message } }', 'mutation { itemArchive(id: 1) { message } }',
      'mutation { settingsUpdate(input: { settings: { a: "b" } }) { message } }',
    ];
    for (const q of ops) {
      expect(code(await s.gql(q, {}, user)), q).toBe('FORBIDDEN');
      expect(code(await s.gql(q)), q).toBe('UNAUTHENTICATED');
    }
    expect(await s.app.prisma.item.findUniqueOrThrow({ where: { itemId: 1 } })).toMatchObject({ isActive: true });
  });
});

describe('queries', () => {
  it('warehouses: relay connection with filter, orderBy, cursors, totalCount and nested zones/bins', async () => {
    await s.app.prisma.warehouse.createMany({
      data: [
        { warehouseCode: 'G-B', warehouseName: 'Beta', isActive: false },
        { warehouseCode: 'G-A', warehouseName: 'Alpha' },
      ],
    });
    const q = `query($first: Int, $after: String, $filter: WarehouseFilter, $orderBy: WarehouseOrderBy) {
      warehouses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { warehouseCode isActive zones { zoneCode bins { binCode } } } }
      } }`;
    const first = await s.gql(q, { first: 2, orderBy: { field: 'WAREHOUSE_NAME', direction: 'ASC' } }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data.warehouses.totalCount).toBe(3);
    expect(first.data.warehouses.edges.map((e: any) => e.node.warehouseCode)).toEqual(['G-A', 'G-B']);
    expect(first.data.warehouses.pageInfo.hasNextPage).toBe(true);
    const next = await s.gql(q, { first: 2, after: first.data.warehouses.pageInfo.endCursor, orderBy: { field: 'WAREHOUSE_NAME', direction: 'ASC' } }, admin);
    const wh1 = next.data.warehouses.edges.map((e: any) => e.node);
    expect(wh1.map((n: any) => n.warehouseCode)).toEqual(['WH1']);
    expect(wh1[0].zones.map((z: any) => [z.zoneCode, z.bins.length])).toEqual([['RECV', 1], ['STOR', 6]]);
    const inactive = await s.gql(q, { filter: { isActive: false } }, admin);
    expect(inactive.data.warehouses.edges.map((e: any) => e.node.warehouseCode)).toEqual(['G-B']);
    expect(inactive.data.warehouses.totalCount).toBe(1);
    const desc = await s.gql(q, { orderBy: { field: 'WAREHOUSE_ID', direction: 'DESC' } }, admin);
    expect(desc.data.warehouses.edges.map((e: any) => e.node.warehouseCode)).toEqual(['G-A', 'G-B', 'WH1']);
  });

  it('bins, items, inventory and preferred bins: filters and computed fields', async () => {
    const bins = await s.gql(`{ bins(filter: { binType: Pickable, q: "a-01" }, orderBy: { field: PICK_SEQUENCE, direction: DESC }) {
      totalCount edges { node { binCode zoneName zone { zoneCode } warehouse { warehouseCode } } } } }`, {}, admin);
    expect(bins.data.bins.edges.map((e: any) => e.node.binCode)).toEqual(['A-01-03', 'A-01-02', 'A-01-01']);
    expect(bins.data.bins.edges[0].node).toEqual({ binCode: 'A-01-03', zoneName: 'Storage', zone: { zoneCode: 'STOR' }, warehouse: { warehouseCode: 'WH1' } });

    const items = await s.gql(`{ items(filter: { category: "Parts" }, orderBy: { field: SKU, direction: DESC }) {
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

  it('page fields return the legacy envelope values; a missing single object is null beside its siblings', async () => {
    const r = await s.gql('{ itemsPage(page: 2, perPage: 4) { total page perPage pages rows { sku } } }', {}, admin);
    expect(r.data.itemsPage).toEqual({ total: 6, page: 2, perPage: 4, pages: 2, rows: [{ sku: 'TST-005' }, { sku: 'TST-006' }] });
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
  it('create / update / delete a warehouse, zone and bin', async () => {
    const wh = await s.gql('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouseId warehouseCode isActive } }', { i: { warehouseCode: 'GQ-1', warehouseName: 'GraphQL' } }, admin);
    expect(wh.data.warehouseCreate).toMatchObject({ warehouseCode: 'GQ-1', isActive: true });
    const wid = wh.data.warehouseCreate.warehouseId;
    const dup = await s.gql('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouseId } }', { i: { warehouseCode: 'GQ-1', warehouseName: 'x' } }, admin);
    expect(code(dup)).toBe('BAD_USER_INPUT');
    expect(dup.errors![0].message).toBe('Duplicate warehouse_code: GQ-1');

    const zone = await s.gql('mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zoneId zoneType warehouse { warehouseCode } } }', { i: { warehouseId: wid, zoneCode: 'Q', zoneName: 'Quality', zoneType: 'QUALITY' } }, admin);
    expect(zone.data.zoneCreate).toMatchObject({ zoneType: 'QUALITY', warehouse: { warehouseCode: 'GQ-1' } });
    const badZone = await s.gql('mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zoneId } }', { i: { warehouseId: wid, zoneCode: '', zoneName: 'x', zoneType: 'STORAGE' } }, admin);
    expect(code(badZone)).toBe('BAD_USER_INPUT');
    expect(badZone.errors![0].extensions.problems).toEqual([{ field: ['zoneCode'], message: 'String should have at least 1 character' }]);
    // the zone type is a ZoneType enum: an unknown one is refused before the resolver
    const badType = await s.gql('mutation($i: ZoneCreateInput!) { zoneCreate(input: $i) { zoneId } }', { i: { warehouseId: wid, zoneCode: 'Q2', zoneName: 'x', zoneType: 'NOPE' } }, admin);
    expect(code(badType)).toBe('BAD_USER_INPUT');
    expect(badType.errors![0].message).toContain('"NOPE" does not exist in "ZoneType" enum');

    const bin = await s.gql('mutation($i: BinCreateInput!) { binCreate(input: $i) { binId rowNum zoneName } }', {
      i: { warehouseId: wid, zoneId: zone.data.zoneCreate.zoneId, binCode: 'Q-1', barcode: 'Q-1', binType: 'Staging', rowNum: 3 },
    }, admin);
    expect(bin.data.binCreate).toMatchObject({ rowNum: '3', zoneName: 'Quality' });
    const upd = await s.gql('mutation($id: Int!, $i: BinUpdateInput!) { binUpdate(id: $id, input: $i) { binCode isActive } }', { id: bin.data.binCreate.binId, i: { binCode: 'Q-2', isActive: false } }, admin);
    expect(upd.data.binUpdate).toEqual({ binCode: 'Q-2', isActive: false });

    const blocked = await s.gql('mutation($id: Int!) { warehouseDelete(id: $id) { message } }', { id: wid }, admin);
    expect(blocked.errors![0].message).toBe('Cannot delete warehouse with existing bins. Remove all bins first.');
    const wu = await s.gql('mutation($id: Int!, $i: WarehouseUpdateInput!) { warehouseUpdate(id: $id, input: $i) { warehouseName isActive } }', { id: wid, i: { warehouseName: 'Renamed', isActive: false } }, admin);
    expect(wu.data.warehouseUpdate).toEqual({ warehouseName: 'Renamed', isActive: false });
    const nf = await s.gql('mutation { zoneUpdate(id: 99999, input: { zoneName: "x" }) { zoneId } }', {}, admin);
    expect(code(nf)).toBe('NOT_FOUND');
  });

  it('item create / update / archive / delete and preferred bins', async () => {
    const c = await s.gql('mutation($i: ItemCreateInput!) { itemCreate(input: $i) { itemId sku weightLbs defaultBinCode } }', { i: { sku: 'GQ-I', itemName: 'G', weightLbs: 0, defaultBinId: ids.bins['A-01-01'] } }, admin);
    expect(c.data.itemCreate).toMatchObject({ sku: 'GQ-I', weightLbs: null, defaultBinCode: 'A-01-01' });
    const id = c.data.itemCreate.itemId;
    const u = await s.gql('mutation($id: Int!, $i: ItemUpdateInput!) { itemUpdate(id: $id, input: $i) { itemName reorderPoint } }', { id, i: { itemName: 'G2', reorderPoint: 4 } }, admin);
    expect(u.data.itemUpdate).toEqual({ itemName: 'G2', reorderPoint: 4 });
    const clash = await s.gql('mutation($id: Int!) { itemUpdate(id: $id, input: { sku: "TST-001" }) { sku } }', { id }, admin);
    expect(clash.errors![0].message).toBe('Duplicate SKU: TST-001');
    expect((await s.gql('mutation($id: Int!) { itemArchive(id: $id) { message isActive } }', { id }, admin)).data.itemArchive).toEqual({ message: 'Item archived', isActive: false });

    const save = await s.gql('mutation($i: PreferredBinCreateInput!) { preferredBinCreate(input: $i) { message } }', { i: { itemId: id, binId: ids.bins['PS-01'], priority: 2 } }, admin);
    expect(save.data.preferredBinCreate).toEqual({ message: 'Preferred bin saved' });
    const pb = await s.app.prisma.preferredBin.findFirstOrThrow({ where: { itemId: id } });
    const upd = await s.gql('mutation($id: Int!) { preferredBinUpdate(id: $id, input: { priority: 1 }) { message } }', { id: pb.preferredBinId }, admin);
    expect({ status: upd.status, errors: upd.errors, data: upd.data }).toEqual({ status: 200, errors: undefined, data: { preferredBinUpdate: { message: 'Priority updated' } } });
    expect((await s.app.prisma.preferredBin.findUniqueOrThrow({ where: { preferredBinId: pb.preferredBinId } })).priority).toBe(1);
    expect((await s.gql('{ item(id: ' + id + ') { defaultBinCode preferredBins { priority bin { binCode } } } }', {}, admin)).data.item).toEqual({
      defaultBinCode: 'PS-01', preferredBins: [{ priority: 1, bin: { binCode: 'PS-01' } }],
    });
    const pbDel = await s.gql('mutation($id: Int!) { preferredBinDelete(id: $id) { message } }', { id: pb.preferredBinId }, admin);
    expect({ status: pbDel.status, errors: pbDel.errors, data: pbDel.data }).toEqual({ status: 200, errors: undefined, data: { preferredBinDelete: { message: 'Preferred bin deleted' } } });
    expect(await s.app.prisma.preferredBin.count({ where: { preferredBinId: pb.preferredBinId } })).toBe(0);
    const del = await s.gql('mutation($id: Int!) { itemDelete(id: $id) { message } }', { id }, admin);
    expect(del.data.itemDelete).toEqual({ message: 'Item deleted' });
    expect(await s.app.prisma.item.count({ where: { itemId: id } })).toBe(0);
  });

  it('settingsUpdate keeps key names as given and applies the packing rule; settings / setting read them', async () => {
    const ok = await s.gql('mutation($i: SettingsUpdateInput!) { settingsUpdate(input: $i) { message } }', { i: { settings: { myCamelKey: 'v', count_show_expected: 'false' } } }, admin);
    expect(ok.data.settingsUpdate).toEqual({ message: 'Settings updated' });
    expect((await s.gql('{ setting(key: "myCamelKey") { key value } }', {}, admin)).data.setting).toEqual({ key: 'myCamelKey', value: 'v' });
    const bad = await s.gql('mutation($i: SettingsUpdateInput!) { settingsUpdate(input: $i) { message } }', { i: { settings: { require_packing_before_shipping: 'no' } } }, admin);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.problems).toEqual([{ field: ['settings', 'requirePackingBeforeShipping'], message: "Value error, require_packing_before_shipping must be 'true' or 'false'" }]);
    await s.app.prisma.salesOrder.create({ data: { soNumber: 'GQ-PACKED', status: 'PACKED', warehouseId: 1 } });
    const packed = await s.gql('mutation { settingsUpdate(input: { settings: { require_packing_before_shipping: "false" } }) { message } }', {}, admin);
    expect(packed.errors![0].message).toBe('Cannot disable packing. 1 order in PACKED status. Ship them before disabling.');
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
    expect(badDate.errors![0].message).toBe('Invalid start_date: not a date');

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
