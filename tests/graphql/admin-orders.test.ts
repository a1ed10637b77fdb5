import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { allocateForPicking, seedIds } from '../helpers/admin-orders';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seedIds>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seedIds(s.app);
});
afterAll(async () => {
  await s?.close();
});

describe('GraphQL purchase orders', () => {
  it('creates, reads, filters with a relay connection, updates and closes', async () => {
    const created = await s.gql(
      `mutation($input: PurchaseOrderCreateInput!) { purchaseOrderCreate(input: $input) { poId poNumber status createdBy lineCount lines { lineNumber sku quantityOrdered unitCost } } }`,
      { input: { poNumber: 'PO-G', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 2, unitCost: 0.5 }] } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const po = created.data.purchaseOrderCreate;
    expect(po).toMatchObject({ poNumber: 'PO-G', status: 'OPEN', createdBy: 'admin', lineCount: 1, lines: [{ lineNumber: 1, sku: 'TST-001', quantityOrdered: 2, unitCost: 0.5 }] });

    const conn = await s.gql(
      `query { purchaseOrders(first: 1, status: OPEN, warehouseId: ${ids.warehouseId}) { totalCount edges { cursor node { poId } } pageInfo { hasNextPage endCursor } } }`,
      {}, admin,
    );
    expect(conn.data.purchaseOrders.totalCount).toBe(await s.app.prisma.purchaseOrder.count({ where: { status: 'OPEN' } }));
    expect(conn.data.purchaseOrders.edges[0].node.poId).toBe(po.poId); // newest first
    expect(conn.data.purchaseOrders.pageInfo.hasNextPage).toBe(true);
    const next = await s.gql(`query($after: String) { purchaseOrders(first: 5, after: $after) { edges { node { poNumber } } } }`, { after: conn.data.purchaseOrders.pageInfo.endCursor }, admin);
    expect(next.data.purchaseOrders.edges.map((e: any) => e.node.poNumber)).toEqual(['PO-1001']);

    const upd = await s.gql(`mutation { purchaseOrderUpdate(poId: ${po.poId}, input: { notes: "n" }) { notes } }`, {}, admin);
    expect(upd.data.purchaseOrderUpdate.notes).toBe('n');
    const close = await s.gql(`mutation { purchaseOrderClose(poId: ${po.poId}) { message } }`, {}, admin);
    expect(close.data.purchaseOrderClose.message).toBe('Purchase order closed');
    const again = await s.gql(`mutation { purchaseOrderUpdate(poId: ${po.poId}, input: { notes: "x" }) { notes } }`, {}, admin);
    expect(again.errors[0]).toMatchObject({ message: 'Can only update POs with OPEN status. Current: CLOSED', extensions: { code: 'BAD_USER_INPUT' } });
    const missing = await s.gql(`query { purchaseOrder(poId: 999999) { poId } salesOrder(soId: 999999) { soId } }`, {}, admin);
    expect(missing).toMatchObject({ data: { purchaseOrder: null, salesOrder: null } });
    expect(missing.errors).toBeUndefined();
    const invalid = await s.gql(`mutation { purchaseOrderCreate(input: { poNumber: "", warehouseId: 0, lines: [] }) { poId } }`, {}, admin);
    expect(invalid.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(invalid.errors[0].extensions.problems[0]).toEqual({ field: ['poNumber'], message: 'String should have at least 1 character' });
  });

  it('page-based list matches the legacy envelope', async () => {
    const r = await s.gql(`query { purchaseOrderPage(page: 1, perPage: 1) { total page perPage pages purchaseOrders { poId } } }`, {}, admin);
    const total = await s.app.prisma.purchaseOrder.count();
    expect(r.data.purchaseOrderPage).toMatchObject({ total, page: 1, perPage: 1, pages: total });
  });
});

describe('GraphQL sales orders', () => {
  it('creates, lists, cancels releasing allocation', async () => {
    const c = await s.gql(
      `mutation($input: SalesOrderCreateInput!) { salesOrderCreate(input: $input) { soId priority lines { soLineId quantity } } }`,
      { input: { soNumber: 'SO-G', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-005'), quantityOrdered: 3 }] } },
      admin,
    );
    const so = c.data.salesOrderCreate;
    expect(so.priority).toBe(0);
    const before = (await s.app.prisma.inventory.findFirstOrThrow({ where: { itemId: ids.item('TST-005'), binId: ids.bin('A-02-02') } })).quantityAllocated;
    await allocateForPicking(s.app, so.soId, [{ soLineId: so.lines[0].soLineId, itemId: ids.item('TST-005'), binId: ids.bin('A-02-02'), quantity: 3 }]);
    const list = await s.gql(`query { salesOrders(status: PICKING) { totalCount edges { node { soNumber lineCount } } } }`, {}, admin);
    expect(list.data.salesOrders).toMatchObject({ totalCount: 1, edges: [{ node: { soNumber: 'SO-G', lineCount: 1 } }] });
    const cancel = await s.gql(`mutation { salesOrderCancel(soId: ${so.soId}) { message } }`, {}, admin);
    expect(cancel.data.salesOrderCancel.message).toBe('Sales order cancelled');
    const after = (await s.app.prisma.inventory.findFirstOrThrow({ where: { itemId: ids.item('TST-005'), binId: ids.bin('A-02-02') } })).quantityAllocated;
    expect(after).toBe(before);
    const update = await s.gql(`mutation { salesOrderUpdate(soId: ${so.soId}, input: { priority: 1 }) { soId } }`, {}, admin);
    expect(update.errors[0].message).toBe('Can only update SOs with OPEN status. Current: CANCELLED');
  });
});

describe('GraphQL users and import', () => {
  it('manages users and never exposes the hash', async () => {
    const c = await s.gql(`mutation { userCreate(input: { username: "g1", password: "Passw0rd1", fullName: "G", role: USER, warehouseIds: [1] }) { userId warehouseId isActive } }`, {}, admin);
    expect(c.data.userCreate).toMatchObject({ warehouseId: 1, isActive: true });
    const hash = await s.gql(`query { users(first: 1) { edges { node { passwordHash } } } }`, {}, admin);
    expect(hash.errors[0].message).toContain('passwordHash');
    const list = await s.gql(`query { users(warehouseId: 1) { totalCount edges { node { username } } } }`, {}, admin);
    expect(list.data.users.edges.map((e: any) => e.node.username)).toEqual(['g1']);
    const self = await s.gql(`mutation($id: Int!) { userUpdate(userId: $id, input: { role: USER }) { role } }`, { id: (await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).userId }, admin);
    expect(self.errors[0].message).toBe('Cannot downgrade your own role');
    const del = await s.gql(`mutation { userDelete(userId: ${c.data.userCreate.userId}) { message } }`, {}, admin);
    expect(del.data.userDelete.message).toBe('User deleted');
  });

  it('imports records and reports row errors', async () => {
    const r = await s.gql(`mutation($r: JSON) { importRecords(entityType: "items", records: $r) { message total imported skipped errors { row error } } }`, { r: [{ sku: 'G-1', name: 'G' }] }, admin);
    expect(r.data.importRecords).toEqual({ message: 'Import complete', total: 1, imported: 1, skipped: 0, errors: [] });
    const bad = await s.gql(`mutation($r: JSON) { importRecords(entityType: "items", records: $r) { imported errors { row error } } }`, { r: [{ sku: 'G-1', name: 'G' }] }, admin);
    expect(bad.data.importRecords).toEqual({ imported: 0, errors: [{ row: 1, error: 'Duplicate SKU: G-1' }] });
    const unsupported = await s.gql(`mutation { importRecords(entityType: "cats", records: []) { imported } }`, {}, admin);
    expect(unsupported.errors[0]).toMatchObject({ message: 'Unsupported entity type: cats', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('denies every root field to a USER with FORBIDDEN', async () => {
    const u = await createUser(s.app, { password: 'Plain1234' });
    const token = await s.login(u.username, 'Plain1234');
    for (const q of [
      'query { purchaseOrders { totalCount } }', 'query { purchaseOrderPage { total } }', 'query { purchaseOrder(poId: 1) { poId } }',
      'query { salesOrders { totalCount } }', 'query { salesOrderPage { total } }', 'query { salesOrder(soId: 1) { soId } }',
      'query { users { totalCount } }', 'query { userPage { total } }',
      'mutation { purchaseOrderClose(poId: 1) { message } }', 'mutation { salesOrderCancel(soId: 1) { message } }',
      'mutation { userDelete(userId: 1) { message } }', 'mutation { importRecords(entityType: "items", records: []) { imported } }',
    ]) {
      const r = await s.gql(q, {}, token);
      expect(r.errors?.[0]?.extensions?.code, q).toBe('FORBIDDEN');
    }
  });
});
