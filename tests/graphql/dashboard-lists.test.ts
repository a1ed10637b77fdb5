// The dashboard lists (issue #16) as a dashboard client uses them: page forward and back with cursors,
// filter, sortBy, totalCount, the page-size limit, warehouse scoping, and `me` to know which warehouses to show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeItem, makeWarehouse } from '../helpers/inventory';

let s: TestServer;
let admin: string;
let floor: string;
let whA: Awaited<ReturnType<typeof makeWarehouse>>;
let whB: Awaited<ReturnType<typeof makeWarehouse>>;
let item: Awaited<ReturnType<typeof makeItem>>;
const batchIdsA: number[] = [];

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 8, minute, 0));

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.adminToken();
  const db = s.app.prisma;
  whA = await makeWarehouse(s.app, { name: 'Dash A', binCount: 2 });
  whB = await makeWarehouse(s.app, { name: 'Dash B', binCount: 2 });
  item = await makeItem(s.app);
  // Warehouse A: 7 batches (5 BATCH, 2 WAVE) with distinct creation times, out of id order for one of them.
  const statuses = ['OPEN', 'COMPLETED', 'OPEN', 'CANCELLED', 'COMPLETED', 'OPEN', 'COMPLETED'];
  for (let i = 0; i < 7; i++) {
    const b = await db.pickBatch.create({
      data: {
        batchNumber: `${i >= 5 ? 'WAVE' : 'BATCH'}-20260115-08000${i}`,
        warehouseId: whA.warehouseId,
        status: statuses[i],
        assignedTo: i % 2 === 0 ? 'alice' : 'bob',
        totalOrders: 1,
        totalItems: 10 + i,
        createdAt: at(i === 2 ? 30 : i),
        completedAt: statuses[i] === 'COMPLETED' ? at(20 + i) : null,
      },
    });
    batchIdsA.push(b.batchId);
  }
  // Warehouse B: one of each, never visible to the floor user.
  await db.pickBatch.create({ data: { batchNumber: 'BATCH-20260115-090000', warehouseId: whB.warehouseId, status: 'OPEN', totalOrders: 1, createdAt: at(40) } });
  for (const wh of [whA, whB]) {
    await db.itemReceipt.create({
      data: { itemId: item.itemId, quantityReceived: 4, binId: wh.bins[0].binId, warehouseId: wh.warehouseId, receivedBy: 'rx', receivedAt: at(1) },
    });
    await db.binTransfer.create({
      data: { itemId: item.itemId, fromBinId: wh.bins[0].binId, toBinId: wh.bins[1].binId, warehouseId: wh.warehouseId, quantity: 4, transferType: 'PUTAWAY', transferredBy: 'px', transferredAt: at(2) },
    });
    await db.binTransfer.create({
      data: { itemId: item.itemId, fromBinId: wh.bins[1].binId, toBinId: wh.bins[0].binId, warehouseId: wh.warehouseId, quantity: 1, transferType: 'MOVE', transferredBy: 'mx', transferredAt: at(3) },
    });
    const so = await db.salesOrder.create({ data: { soNumber: `SO-${wh.code}`, warehouseId: wh.warehouseId, status: 'SHIPPED', customerName: 'C' } });
    const line = await db.salesOrderLine.create({ data: { soId: so.soId, lineNumber: 1, itemId: item.itemId, quantityOrdered: 3, quantityShipped: 3 } });
    await db.itemFulfillment.create({
      data: { soId: so.soId, warehouseId: wh.warehouseId, carrier: 'UPS', trackingNumber: `1Z${wh.code}`, shippedBy: 'sx', shippedAt: at(5), lines: { create: [{ soLineId: line.soLineId, itemId: item.itemId, quantityShipped: 3 }] } },
    });
  }
  await db.cycleCount.create({ data: { warehouseId: whB.warehouseId, binId: whB.bins[0].binId, status: 'VARIANCE', createdAt: at(6) } });
  const u = await createUser(s.app, { warehouseIds: [whA.warehouseId], allowedFunctions: ['count', 'pick'] });
  floor = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

const BATCHES = `query($first: Int, $after: String, $last: Int, $before: String, $filter: PickBatchFilter, $sortBy: PickBatchSort) {
  pickBatches(first: $first, after: $after, last: $last, before: $before, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { batchId batchNumber kind warehouseId status assignedTo totalItems createdAt } }
  }
}`;
const ids = (r: any) => r.data.pickBatches.edges.map((e: any) => e.node.batchId);

describe('pickBatches: paging, filter, sort', () => {
  it('pages forward with first/after and back with last/before over the same rows, newest first by default', async () => {
    const filter = { warehouseId: whA.warehouseId };
    const p1 = await s.gql(BATCHES, { first: 3, filter }, floor);
    expect(p1.errors).toBeUndefined();
    const newestFirst = [...batchIdsA].reverse();
    expect(ids(p1)).toEqual(newestFirst.slice(0, 3));
    expect(p1.data.pickBatches.totalCount).toBe(7);
    expect(p1.data.pickBatches.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const p2 = await s.gql(BATCHES, { first: 3, after: p1.data.pickBatches.pageInfo.endCursor, filter }, floor);
    expect(ids(p2)).toEqual(newestFirst.slice(3, 6));
    expect(p2.data.pickBatches.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

    const p3 = await s.gql(BATCHES, { first: 3, after: p2.data.pickBatches.pageInfo.endCursor, filter }, floor);
    expect(ids(p3)).toEqual(newestFirst.slice(6));
    expect(p3.data.pickBatches.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    // Back from page 3: the three rows before its first one, in list order.
    const back = await s.gql(BATCHES, { last: 3, before: p3.data.pickBatches.pageInfo.startCursor, filter }, floor);
    expect(ids(back)).toEqual(newestFirst.slice(3, 6));
    expect(back.data.pickBatches.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const tail = await s.gql(BATCHES, { last: 2, filter }, floor);
    expect(ids(tail)).toEqual(newestFirst.slice(5));
    expect(tail.data.pickBatches.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('rows carry enums and ISO-8601 UTC timestamps with Z', async () => {
    const r = await s.gql(BATCHES, { first: 1, filter: { warehouseId: whA.warehouseId }, sortBy: { field: 'BATCH_ID', direction: 'ASC' } }, floor);
    expect(r.data.pickBatches.edges[0].node).toEqual({
      batchId: batchIdsA[0],
      batchNumber: 'BATCH-20260115-080000',
      kind: 'BATCH',
      warehouseId: whA.warehouseId,
      status: 'OPEN',
      assignedTo: 'alice',
      totalItems: 10,
      createdAt: '2026-01-15T08:00:00.000Z',
    });
    expect(r.data.pickBatches.edges[0].node.createdAt).toMatch(ISO_Z);
  });

  it('filters by status list, kind, assignee and creation time; totalCount follows the filter', async () => {
    const w = whA.warehouseId;
    const done = await s.gql(BATCHES, { filter: { warehouseId: w, status: ['COMPLETED', 'CANCELLED'] }, sortBy: { field: 'BATCH_ID', direction: 'ASC' } }, floor);
    expect(ids(done)).toEqual([batchIdsA[1], batchIdsA[3], batchIdsA[4], batchIdsA[6]]);
    expect(done.data.pickBatches.totalCount).toBe(4);
    const waves = await s.gql(BATCHES, { filter: { warehouseId: w, kind: 'WAVE' } }, floor);
    expect(waves.data.pickBatches.edges.map((e: any) => e.node.kind)).toEqual(['WAVE', 'WAVE']);
    const bob = await s.gql(BATCHES, { filter: { warehouseId: w, assignedTo: 'bob', status: ['COMPLETED'] } }, floor);
    expect(ids(bob)).toEqual([batchIdsA[1]]);
    expect(bob.data.pickBatches.edges.every((e: any) => e.node.assignedTo === 'bob' && e.node.status === 'COMPLETED')).toBe(true);
    expect(bob.data.pickBatches.totalCount).toBe(1);
    const window = await s.gql(BATCHES, { filter: { warehouseId: w, createdFrom: at(3).toISOString(), createdTo: at(31).toISOString() }, sortBy: { field: 'CREATED_AT', direction: 'ASC' } }, floor);
    expect(ids(window)).toEqual([batchIdsA[3], batchIdsA[4], batchIdsA[5], batchIdsA[6], batchIdsA[2]]);
    const bad = await s.gql(BATCHES, { filter: { warehouseId: w, createdFrom: 'not a date' } }, floor);
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.data).toBeUndefined(); // refused while reading the variables, before anything runs
    const unknownStatus = await s.gql(BATCHES, { filter: { warehouseId: w, status: ['open'] } }, floor);
    expect(unknownStatus.errors[0].message).toMatch(/PickBatchStatus/);
  });

  it('sorts by a column with pages that stay consistent across the tie-breaker', async () => {
    const sortBy = { field: 'CREATED_AT', direction: 'DESC' };
    const filter = { warehouseId: whA.warehouseId };
    const all = await s.gql(BATCHES, { first: 250, filter, sortBy }, floor);
    const expected = [batchIdsA[2], batchIdsA[6], batchIdsA[5], batchIdsA[4], batchIdsA[3], batchIdsA[1], batchIdsA[0]];
    expect(ids(all)).toEqual(expected);
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await s.gql(BATCHES, { first: 2, after, filter, sortBy }, floor);
      seen.push(...ids(r));
      if (!r.data.pickBatches.pageInfo.hasNextPage) break;
      after = r.data.pickBatches.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    // A column that is empty on most rows still pages through every row exactly once.
    for (const direction of ['ASC', 'DESC']) {
      const byCompleted: number[] = [];
      let next: string | null = null;
      for (;;) {
        const r: any = await s.gql(BATCHES, { first: 2, after: next, filter, sortBy: { field: 'COMPLETED_AT', direction } }, floor);
        byCompleted.push(...ids(r));
        if (!r.data.pickBatches.pageInfo.hasNextPage) break;
        next = r.data.pickBatches.pageInfo.endCursor;
      }
      expect([...byCompleted].sort((a, b) => a - b), direction).toEqual([...batchIdsA].sort((a, b) => a - b));
    }
    const byItems = await s.gql(BATCHES, { first: 2, filter, sortBy: { field: 'TOTAL_ITEMS' } }, floor);
    expect(byItems.data.pickBatches.edges.map((e: any) => e.node.totalItems)).toEqual([16, 15]);
  });

  it('a page larger than 250 is refused with a coded error, never capped; bad cursors and mixed directions too', async () => {
    const big = await s.gql(BATCHES, { first: 251 }, floor);
    expect(big.data).toBeNull();
    expect(big.errors[0]).toMatchObject({
      message: 'Argument "first" must be between 0 and 250',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first', maxPageSize: 250 },
    });
    const bigLast = await s.gql(BATCHES, { last: 1000 }, admin);
    expect(bigLast.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
    const negative = await s.gql(BATCHES, { first: -1 }, floor);
    expect(negative.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const both = await s.gql(BATCHES, { first: 2, last: 2 }, floor);
    expect(both.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const cursor = await s.gql(BATCHES, { first: 2, after: 'garbage' }, floor);
    expect(cursor.errors[0]).toMatchObject({ message: 'Invalid cursor', extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
    // A well-formed cursor of an id no 32-bit key can hold: bad input too, not a database failure.
    const forged = Buffer.from('GPC:N:99999999999').toString('base64');
    const huge = await s.gql(BATCHES, { first: 2, after: forged }, floor);
    expect(huge.errors[0]).toMatchObject({ message: 'Invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
    const max = await s.gql(BATCHES, { first: 250 }, floor);
    expect(max.errors).toBeUndefined();
  });
});

describe('warehouse scope', () => {
  it("another warehouse is invisible: asking for it lists nothing, like a warehouse that does not exist", async () => {
    const other = await s.gql(BATCHES, { filter: { warehouseId: whB.warehouseId } }, floor);
    expect(other.errors).toBeUndefined();
    expect(other.data.pickBatches).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
    const missing = await s.gql(BATCHES, { filter: { warehouseId: 999999 } }, floor);
    expect(missing.data).toEqual(other.data);
    // Without a warehouse filter only its own warehouses are listed; the admin sees both.
    const mine = await s.gql(BATCHES, { first: 250 }, floor);
    expect(mine.data.pickBatches.totalCount).toBe(7);
    expect(mine.data.pickBatches.edges.every((e: any) => e.node.warehouseId === whA.warehouseId)).toBe(true);
    const all = await s.gql(BATCHES, { first: 250, filter: { warehouseId: whB.warehouseId } }, admin);
    expect(all.data.pickBatches.totalCount).toBe(1);
  });

  it('a cursor of another warehouse pages nothing of it into view', async () => {
    const adminB = await s.gql(BATCHES, { first: 1, filter: { warehouseId: whB.warehouseId } }, admin);
    const r = await s.gql(BATCHES, { first: 250, after: adminB.data.pickBatches.pageInfo.endCursor }, floor);
    expect(r.errors).toBeUndefined();
    expect(r.data.pickBatches.edges.every((e: any) => e.node.warehouseId === whA.warehouseId)).toBe(true);
  });

  it('without a token the lists are UNAUTHENTICATED', async () => {
    const r = await s.gql(`{ receipts { totalCount } }`);
    expect(r.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('receipts, shipments, stock moves, cycle counts', () => {
  const DASH = `query($w: Int!) {
    receipts(filter: { warehouseId: $w }) { totalCount edges { node { warehouseId sku itemName quantityReceived binCode receivedBy receivedAt } } }
    shipments(filter: { warehouseId: $w, status: [SHIPPED] }) { totalCount edges { node { warehouseId soNumber carrier trackingNumber status unitsShipped shippedAt } } }
    stockMoves(filter: { warehouseId: $w }, sortBy: { field: TRANSFERRED_AT, direction: ASC }) { totalCount edges { node { moveType quantity fromBinCode toBinCode transferredAt } } }
    putaways: stockMoves(filter: { warehouseId: $w, moveType: [PUTAWAY] }) { totalCount }
    cycleCounts(filter: { warehouseId: $w }) { totalCount edges { node { countId warehouseId binCode status lineCount createdAt } } }
  }`;

  it('one dashboard query of four lists for its own warehouse', async () => {
    // A count created through the API by the floor user shows up in its warehouse's list with warehouseId.
    const created = await s.gql(
      `mutation($i: InventoryCountCreateInput!) { inventoryCountCreate(input: $i) { creation { counts { countId } } userErrors { message } } }`,
      { i: { warehouseId: whA.warehouseId, binIds: [whA.bins[1].binId] } },
      floor,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.inventoryCountCreate.userErrors).toEqual([]);
    const countId = created.data.inventoryCountCreate.creation.counts[0].countId;

    const r = await s.gql(DASH, { w: whA.warehouseId }, floor);
    expect(r.errors).toBeUndefined();
    expect(r.data.receipts).toEqual({
      totalCount: 1,
      edges: [{ node: { warehouseId: whA.warehouseId, sku: item.sku, itemName: item.itemName, quantityReceived: 4, binCode: whA.bins[0].binCode, receivedBy: 'rx', receivedAt: '2026-01-15T08:01:00.000Z' } }],
    });
    expect(r.data.shipments).toEqual({
      totalCount: 1,
      edges: [{ node: { warehouseId: whA.warehouseId, soNumber: `SO-${whA.code}`, carrier: 'UPS', trackingNumber: `1Z${whA.code}`, status: 'SHIPPED', unitsShipped: 3, shippedAt: '2026-01-15T08:05:00.000Z' } }],
    });
    expect(r.data.stockMoves).toEqual({
      totalCount: 2,
      edges: [
        { node: { moveType: 'PUTAWAY', quantity: 4, fromBinCode: whA.bins[0].binCode, toBinCode: whA.bins[1].binCode, transferredAt: '2026-01-15T08:02:00.000Z' } },
        { node: { moveType: 'MOVE', quantity: 1, fromBinCode: whA.bins[1].binCode, toBinCode: whA.bins[0].binCode, transferredAt: '2026-01-15T08:03:00.000Z' } },
      ],
    });
    expect(r.data.putaways.totalCount).toBe(1);
    expect(r.data.cycleCounts.totalCount).toBe(1);
    expect(r.data.cycleCounts.edges[0].node).toMatchObject({ countId, warehouseId: whA.warehouseId, binCode: whA.bins[1].binCode, status: 'PENDING' });
    expect(r.data.cycleCounts.edges[0].node.createdAt).toMatch(ISO_Z);

    // The same query for warehouse B: empty for the floor user, B's rows for the admin.
    const hidden = await s.gql(DASH, { w: whB.warehouseId }, floor);
    expect(hidden.errors).toBeUndefined();
    for (const list of ['receipts', 'shipments', 'stockMoves', 'cycleCounts']) {
      expect(hidden.data[list]).toEqual({ totalCount: 0, edges: [] });
    }
    const asAdmin = await s.gql(DASH, { w: whB.warehouseId }, admin);
    expect(asAdmin.data.cycleCounts.edges[0].node).toMatchObject({ warehouseId: whB.warehouseId, status: 'VARIANCE' });
    expect(asAdmin.data.shipments.edges[0].node.soNumber).toBe(`SO-${whB.code}`);
    expect(asAdmin.data.stockMoves.totalCount).toBe(2);
  });
});

describe('me', () => {
  const ME = `{ me { username role allowedFunctions warehouses { warehouseId warehouseCode warehouseName isActive } } }`;

  it('a floor user: its role, functions as enums and only its warehouses', async () => {
    const r = await s.gql(ME, {}, floor);
    expect(r.errors).toBeUndefined();
    expect(r.data.me).toMatchObject({
      role: 'USER',
      allowedFunctions: ['COUNT', 'PICK'],
      warehouses: [{ warehouseId: whA.warehouseId, warehouseCode: whA.code, warehouseName: 'Dash A', isActive: true }],
    });
  });

  it('an admin: every warehouse and every function; REST /api/auth/me keeps the legacy names', async () => {
    const r = await s.gql(ME, {}, admin);
    expect(r.data.me.role).toBe('ADMIN');
    expect(r.data.me.allowedFunctions).toEqual(['RECEIVE', 'PUTAWAY', 'PICK', 'PACK', 'SHIP', 'COUNT', 'TRANSFER']);
    const all = await s.app.prisma.warehouse.findMany({ orderBy: { warehouseId: 'asc' } });
    expect(r.data.me.warehouses.map((w: any) => w.warehouseId)).toEqual(all.map((w) => w.warehouseId));
    const rest = await s.api('GET', '/api/auth/me', { token: floor });
    expect(rest.status).toBe(200);
    expect(rest.body.allowed_functions).toEqual(['count', 'pick']);
    expect(rest.body.role).toBe('USER');
  });
});
