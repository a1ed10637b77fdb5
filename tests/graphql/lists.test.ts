// One list style (issue #16, "Lists"): every collection root field is a connection with the same arguments
// (first/after/last/before/offset, a typed filter, sortBy { field, direction }), totalCount, and at most 250 rows
// a page for every caller; REST's page/per_page read the same fields (legacy per_page up to 1000 included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeItem, makeWarehouse } from '../helpers/inventory';

let s: TestServer;
let admin: string;
/** Items this file adds (sku LST-0000 ... LST-0599), beside the seed's. */
const EXTRA = 600;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  await s.app.prisma.item.createMany({
    data: Array.from({ length: EXTRA }, (_, i) => ({ sku: `LST-${String(i).padStart(4, '0')}`, itemName: `List item ${i % 7}`, category: i % 2 ? 'Odd' : 'Even' })),
  });
  for (let i = 0; i < 5; i++) {
    await s.app.prisma.$executeRaw`
      INSERT INTO audit_log (action_type, entity_type, user_id, details, created_at)
      VALUES ('LIST_TEST', 'ITEM', 'admin', '{}'::jsonb, ${new Date(Date.UTC(2026, 0, 1, 8, i % 3))})`;
  }
});
afterAll(async () => {
  await s?.close();
});

const LIST_ARGS = ['after', 'before', 'filter', 'first', 'last', 'offset', 'sortBy'];

describe('the schema has one list style', () => {
  it('every connection root field takes the same arguments, a typed filter and a sortBy {field, direction}; no *Page field is left', async () => {
    const r = await s.gql(
      `{ __schema { queryType { fields { name args { name type { kind name ofType { kind name } } } type { kind name ofType { name } } } } } }`,
      {},
      admin,
    );
    expect(r.errors).toBeUndefined();
    const fields = r.data.__schema.queryType.fields as any[];
    const named = (t: any) => t.name ?? t.ofType?.name;
    const connections = fields.filter((f) => /Connection$/.test(named(f.type)));
    expect(connections.map((f) => f.name)).toEqual(expect.arrayContaining([
      'auditLog', 'bins', 'cycleCounts', 'inventory', 'inventoryAdjustments', 'items', 'pickBatches', 'preferredBins',
      'purchaseOrders', 'receipts', 'salesOrders', 'shipments', 'stockMoves', 'users', 'warehouses', 'zones',
    ]));
    for (const f of connections) {
      expect(f.args.map((a: any) => a.name).sort(), f.name).toEqual(LIST_ARGS);
      const filter = f.args.find((a: any) => a.name === 'filter');
      expect(filter.type, f.name).toMatchObject({ kind: 'INPUT_OBJECT', name: expect.stringMatching(/Filter$/) });
      const sortBy = f.args.find((a: any) => a.name === 'sortBy');
      expect(sortBy.type, f.name).toMatchObject({ kind: 'INPUT_OBJECT', name: expect.stringMatching(/Sort$/) });
    }
    const types = await s.gql(`{ __schema { types { name inputFields { name type { kind ofType { kind name } } } } } }`, {}, admin);
    const byName = new Map<string, any>(types.data.__schema.types.map((t: any) => [t.name, t]));
    for (const f of connections) {
      const sort = byName.get(f.args.find((a: any) => a.name === 'sortBy').type.name);
      expect(sort.inputFields.map((x: any) => x.name), f.name).toEqual(['field', 'direction']);
      expect(sort.inputFields[0].type, f.name).toMatchObject({ kind: 'NON_NULL', ofType: { kind: 'ENUM' } });
    }
    const names = fields.map((f) => f.name);
    expect(names.filter((n) => /Page$/.test(n) || n === 'preferredBinList' || n === 'inventoryPendingAdjustments')).toEqual([]);
    const legacy = ['OrderSort', 'WarehouseOrderBy', 'ZoneOrderBy', 'BinOrderBy', 'ItemOrderBy'];
    expect([...byName.keys()].filter((n) => /Page$/.test(n) || legacy.includes(n))).toEqual([]);
  });
});

const ITEMS = `query($first: Int, $after: String, $last: Int, $before: String, $offset: Int, $filter: ItemFilter, $sortBy: ItemSort) {
  items(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter, sortBy: $sortBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { itemId sku } } } }`;
const skus = (r: any) => r.data.items.edges.map((e: any) => e.node.sku);

describe('items: a converted list', () => {
  const lst = { q: 'LST-' };

  it('pages forward and backward over the same rows, with totalCount', async () => {
    const sortBy = { field: 'SKU', direction: 'ASC' };
    const p1 = await s.gql(ITEMS, { first: 3, filter: lst, sortBy }, admin);
    expect(p1.errors).toBeUndefined();
    expect(p1.data.items.totalCount).toBe(EXTRA);
    expect(skus(p1)).toEqual(['LST-0000', 'LST-0001', 'LST-0002']);
    expect(p1.data.items.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await s.gql(ITEMS, { first: 3, after: p1.data.items.pageInfo.endCursor, filter: lst, sortBy }, admin);
    expect(skus(p2)).toEqual(['LST-0003', 'LST-0004', 'LST-0005']);
    expect(p2.data.items.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await s.gql(ITEMS, { last: 2, before: p2.data.items.pageInfo.startCursor, filter: lst, sortBy }, admin);
    expect(skus(back)).toEqual(['LST-0001', 'LST-0002']);
    expect(back.data.items.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const tail = await s.gql(ITEMS, { last: 2, filter: lst, sortBy }, admin);
    expect(skus(tail)).toEqual(['LST-0598', 'LST-0599']);
    expect(tail.data.items.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('sorts both directions, the id breaking ties in the same direction', async () => {
    const desc = await s.gql(ITEMS, { first: 2, filter: lst, sortBy: { field: 'SKU', direction: 'DESC' } }, admin);
    expect(skus(desc)).toEqual(['LST-0599', 'LST-0598']);
    // seven items share each name: ties by id
    const tie = { q: 'List item 3' };
    const asc = await s.gql(ITEMS, { first: 250, filter: tie, sortBy: { field: 'ITEM_NAME', direction: 'ASC' } }, admin);
    const ascIds = asc.data.items.edges.map((e: any) => e.node.itemId);
    expect(ascIds).toEqual([...ascIds].sort((a: number, b: number) => a - b));
    const dsc = await s.gql(ITEMS, { first: 250, filter: tie, sortBy: { field: 'ITEM_NAME', direction: 'DESC' } }, admin);
    expect(dsc.data.items.edges.map((e: any) => e.node.itemId)).toEqual([...ascIds].reverse());
  });

  it('filters, and offset skips rows (page-numbered tables)', async () => {
    const odd = await s.gql(ITEMS, { first: 2, filter: { ...lst, category: 'Odd' }, sortBy: { field: 'SKU', direction: 'ASC' } }, admin);
    expect(odd.data.items.totalCount).toBe(EXTRA / 2);
    expect(skus(odd)).toEqual(['LST-0001', 'LST-0003']);
    const off = await s.gql(ITEMS, { first: 2, offset: 10, filter: lst, sortBy: { field: 'SKU', direction: 'ASC' } }, admin);
    expect(skus(off)).toEqual(['LST-0010', 'LST-0011']);
    expect(off.data.items.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const past = await s.gql(ITEMS, { first: 2, offset: 10_000, filter: lst }, admin);
    expect(past.data.items).toMatchObject({ totalCount: EXTRA, edges: [], pageInfo: { hasNextPage: false } });
  });

  it('refuses first: 251, a negative offset and offset with last, as BAD_USER_INPUT naming the argument', async () => {
    for (const [vars, argument] of [
      [{ first: 251 }, 'first'],
      [{ last: 251 }, 'last'],
      [{ first: 2, offset: -1 }, 'offset'],
      [{ last: 2, offset: 3 }, 'offset'],
    ] as const) {
      const r = await s.gql(ITEMS, vars, admin);
      expect(r.errors?.[0]?.extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', argument, maxPageSize: 250 });
      expect(r.data?.items ?? null).toBeNull();
    }
    const ok = await s.gql(ITEMS, { first: 250, filter: lst }, admin);
    expect(ok.data.items.edges).toHaveLength(250);
  });

  it('refuses an unknown sort field and direction', async () => {
    const field = await s.gql(ITEMS, { first: 1, sortBy: { field: 'PRICE' } }, admin);
    expect(field.errors?.[0]).toMatchObject({ message: expect.stringContaining('"PRICE" does not exist in "ItemSortField" enum'), extensions: { code: 'BAD_USER_INPUT' } });
    const dir = await s.gql(`{ items(first: 1, sortBy: { field: SKU, direction: UP }) { totalCount } }`, {}, admin);
    expect(dir.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });
});

describe('other converted lists', () => {
  it('auditLog: 64-bit ids as cursors, newest first, ties by id', async () => {
    const Q = `query($after: String) { auditLog(first: 2, after: $after, filter: { actionType: "LIST_TEST" }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { logId createdAt } } } }`;
    const rows = await s.app.prisma.auditLog.findMany({ where: { actionType: 'LIST_TEST' }, orderBy: [{ createdAt: 'desc' }, { logId: 'desc' }] });
    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const r: any = await s.gql(Q, { after }, admin);
      expect(r.errors).toBeUndefined();
      expect(r.data.auditLog.totalCount).toBe(5);
      seen.push(...r.data.auditLog.edges.map((e: any) => e.node.logId));
      after = r.data.auditLog.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows.map((x) => Number(x.logId)));
  });

  it('users: filter and sortBy', async () => {
    await createUser(s.app, { username: 'zz-list-user' });
    const r = await s.gql(`{ users(first: 1, filter: { q: "zz-list" }, sortBy: { field: USERNAME, direction: DESC }) { totalCount edges { node { username } } } }`, {}, admin);
    expect(r.data.users).toEqual({ totalCount: 1, edges: [{ node: { username: 'zz-list-user' } }] });
    const all = await s.gql(`{ users(first: 250, sortBy: { field: USERNAME, direction: ASC }) { edges { node { username } } } }`, {}, admin);
    const sorted = await s.app.prisma.user.findMany({ orderBy: [{ username: 'asc' }, { userId: 'asc' }], select: { username: true } });
    expect(all.data.users.edges.map((e: any) => e.node.username)).toEqual(sorted.map((u) => u.username));
  });

  it('salesOrders: a list of statuses, an unknown status refused', async () => {
    const r = await s.gql(`{ salesOrders(first: 250, filter: { status: [OPEN, CANCELLED] }, sortBy: { field: SO_ID, direction: ASC }) { totalCount edges { node { soId status } } } }`, {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.salesOrders.totalCount).toBe(await s.app.prisma.salesOrder.count({ where: { status: { in: ['OPEN', 'CANCELLED'] } } }));
    const ids = r.data.salesOrders.edges.map((e: any) => e.node.soId);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    const bad = await s.gql(`{ salesOrders(filter: { status: [Open] }) { totalCount } }`, {}, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('stockMoves: an inter-warehouse move names the warehouse it went to (what inventoryInterWarehouseTransfers showed)', async () => {
    const from = await makeWarehouse(s.app, { name: 'Move from', binCount: 1 });
    const to = await makeWarehouse(s.app, { name: 'Move to', binCount: 1 });
    const item = await makeItem(s.app);
    await s.app.prisma.binTransfer.create({
      data: { itemId: item.itemId, fromBinId: from.bins[0].binId, toBinId: to.bins[0].binId, warehouseId: from.warehouseId, quantity: 2, transferType: 'INTER_WAREHOUSE' },
    });
    const r = await s.gql(`query($w: Int) { stockMoves(filter: { warehouseId: $w, moveType: [INTER_WAREHOUSE] }) { edges { node { warehouseId toWarehouseId quantity } } } }`, { w: from.warehouseId }, admin);
    expect(r.data.stockMoves.edges).toEqual([{ node: { warehouseId: from.warehouseId, toWarehouseId: to.warehouseId, quantity: 2 } }]);
  });

  it('inventoryAdjustments: APPROVED unless the filter names statuses', async () => {
    const r = await s.gql(`{ a: inventoryAdjustments { totalCount } b: inventoryAdjustments(filter: { status: [PENDING, APPROVED, REJECTED] }) { totalCount } }`, {}, admin);
    expect(r.data.a.totalCount).toBe(await s.app.prisma.inventoryAdjustment.count({ where: { status: 'APPROVED' } }));
    expect(r.data.b.totalCount).toBe(await s.app.prisma.inventoryAdjustment.count());
  });
});

describe('REST pages read the same connections, at most 250 rows at a time', () => {
  const allItems = () => s.app.prisma.item.findMany({ orderBy: { itemId: 'asc' }, select: { itemId: true } });

  it('per_page=1000 answers every row in id order, with the legacy total and pages', async () => {
    const ids = (await allItems()).map((i) => i.itemId);
    expect(ids.length).toBeGreaterThan(500);
    const r = await s.api('GET', '/api/admin/items?per_page=1000', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: any) => i.item_id)).toEqual(ids);
    expect(r.body).toMatchObject({ total: ids.length, page: 1, per_page: 1000, pages: 1 });
  });

  it('a page crossing the 250-row chunks, and per_page above 1000 capped like the legacy', async () => {
    const ids = (await allItems()).map((i) => i.itemId);
    const r = await s.api('GET', '/api/admin/items?per_page=300&page=2', { token: admin });
    expect(r.body.items.map((i: any) => i.item_id)).toEqual(ids.slice(300, 600));
    expect(r.body).toMatchObject({ total: ids.length, page: 2, per_page: 300, pages: Math.ceil(ids.length / 300) });
    const capped = await s.api('GET', '/api/admin/items?per_page=5000', { token: admin });
    expect(capped.body).toMatchObject({ per_page: 1000, total: ids.length });
    expect(capped.body.items).toHaveLength(Math.min(1000, ids.length));
  });

  it('a page beyond the end is empty with the real total (also at the Int range)', async () => {
    const total = await s.app.prisma.item.count();
    for (const q of ['page=99&per_page=1000', 'page=2147483647&per_page=1000', 'page=99999999999']) {
      const r = await s.api('GET', `/api/admin/items?${q}`, { token: admin });
      expect(r.status, q).toBe(200);
      expect(r.body.items, q).toEqual([]);
      expect(r.body.total, q).toBe(total);
    }
  });

  it('lists the legacy never paginated answer every row (preferred bins), read in chunks', async () => {
    const bins = await s.app.prisma.bin.findMany({ take: 2, orderBy: { binId: 'asc' } });
    const items = await s.app.prisma.item.findMany({ where: { sku: { startsWith: 'LST-' } }, orderBy: { itemId: 'asc' }, take: 260 });
    await s.app.prisma.preferredBin.createMany({ data: items.map((i, n) => ({ itemId: i.itemId, binId: bins[n % 2].binId, priority: 1 })) });
    const total = await s.app.prisma.preferredBin.count();
    expect(total).toBeGreaterThan(250);
    const r = await s.api('GET', '/api/admin/preferred-bins', { token: admin });
    expect(r.status).toBe(200);
    const order = await s.app.prisma.preferredBin.findMany({ orderBy: [{ item: { sku: 'asc' } }, { priority: 'asc' }, { preferredBinId: 'asc' }] });
    expect(r.body.preferred_bins.map((p: any) => p.preferred_bin_id)).toEqual(order.map((p) => p.preferredBinId));
  });
});
