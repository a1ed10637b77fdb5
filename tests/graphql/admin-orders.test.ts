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

const USER_ERRORS = 'userErrors { field code message }';

describe('GraphQL purchase orders', () => {
  it('creates, reads, filters with a relay connection, updates and closes', async () => {
    const CREATE = `mutation($input: PurchaseOrderCreateInput!) { purchaseOrderCreate(input: $input) {
      purchaseOrder { poId poNumber status createdBy lineCount lines { lineNumber sku quantityOrdered unitCost } } ${USER_ERRORS} } }`;
    const created = await s.gql(
      CREATE,
      { input: { poNumber: 'PO-G', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 2, unitCost: 0.5 }] } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.purchaseOrderCreate.userErrors).toEqual([]);
    const po = created.data.purchaseOrderCreate.purchaseOrder;
    expect(po).toMatchObject({ poNumber: 'PO-G', status: 'OPEN', createdBy: 'admin', lineCount: 1, lines: [{ lineNumber: 1, sku: 'TST-001', quantityOrdered: 2, unitCost: 0.5 }] });

    // business failures are userErrors on the input field, with nothing written
    const posBefore = await s.app.prisma.purchaseOrder.count();
    const dup = await s.gql(CREATE, { input: { poNumber: 'PO-G', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 1 }] } }, admin);
    expect(dup.errors).toBeUndefined();
    expect(dup.data.purchaseOrderCreate).toEqual({ purchaseOrder: null, userErrors: [{ field: ['input', 'poNumber'], code: 'BAD_USER_INPUT', message: 'Duplicate po_number: PO-G' }] });
    const noItem = await s.gql(CREATE, { input: { poNumber: 'PO-G2', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 1 }, { itemId: 424242, quantityOrdered: 1 }] } }, admin);
    expect(noItem.data.purchaseOrderCreate.userErrors).toEqual([{ field: ['input', 'lines', '1', 'itemId'], code: 'BAD_USER_INPUT', message: 'Item 424242 not found' }]);
    const badDate = await s.gql(CREATE, { input: { poNumber: 'PO-G3', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 1 }], expectedDate: '2026-02-30' } }, admin);
    // refused by the Date scalar while the variables are read: a top-level error, before any resolver runs
    expect(badDate.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badDate.data).toBeUndefined();
    expect(await s.app.prisma.purchaseOrder.count()).toBe(posBefore);

    const conn = await s.gql(
      `query { purchaseOrders(first: 1, filter: { status: [OPEN], warehouseId: ${ids.warehouseId} }) { totalCount edges { cursor node { poId } } pageInfo { hasNextPage endCursor } } }`,
      {}, admin,
    );
    expect(conn.data.purchaseOrders.totalCount).toBe(await s.app.prisma.purchaseOrder.count({ where: { status: 'OPEN' } }));
    expect(conn.data.purchaseOrders.edges[0].node.poId).toBe(po.poId); // newest first
    expect(conn.data.purchaseOrders.pageInfo.hasNextPage).toBe(true);
    const next = await s.gql(`query($after: String) { purchaseOrders(first: 5, after: $after) { edges { node { poNumber } } } }`, { after: conn.data.purchaseOrders.pageInfo.endCursor }, admin);
    expect(next.data.purchaseOrders.edges.map((e: any) => e.node.poNumber)).toEqual(['PO-1001']);

    const UPDATE = `mutation($input: PurchaseOrderUpdateInput!) { purchaseOrderUpdate(input: $input) { purchaseOrder { notes } ${USER_ERRORS} } }`;
    const upd = await s.gql(UPDATE, { input: { poId: po.poId, notes: 'n' } }, admin);
    expect(upd.data.purchaseOrderUpdate).toEqual({ purchaseOrder: { notes: 'n' }, userErrors: [] });
    const nulled = await s.gql(UPDATE, { input: { poId: po.poId, poNumber: null } }, admin);
    expect(nulled.data.purchaseOrderUpdate.userErrors).toEqual([{ field: ['input', 'poNumber'], code: 'BAD_USER_INPUT', message: 'Input should be a valid string' }]);
    // input problems name the camelCase field inside the one input, and nothing is written
    const tooLong = await s.gql(UPDATE, { input: { poId: po.poId, notes: 'changed', poBarcode: 'x'.repeat(101) } }, admin);
    expect(tooLong.errors).toBeUndefined();
    expect(tooLong.data.purchaseOrderUpdate).toEqual({ purchaseOrder: null, userErrors: [{ field: ['input', 'poBarcode'], code: 'BAD_USER_INPUT', message: 'String should have at most 100 characters' }] });
    expect((await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: po.poId } })).notes).toBe('n');
    const unknown = await s.gql(UPDATE, { input: { poId: 999999, notes: 'n' } }, admin);
    expect(unknown.data.purchaseOrderUpdate).toEqual({ purchaseOrder: null, userErrors: [{ field: ['input', 'poId'], code: 'NOT_FOUND', message: 'Purchase order not found' }] });
    const unknownClose = await s.gql(`mutation { purchaseOrderClose(input: { poId: 999999 }) { purchaseOrder { poId } ${USER_ERRORS} } }`, {}, admin);
    expect(unknownClose.data.purchaseOrderClose).toEqual({ purchaseOrder: null, userErrors: [{ field: ['input', 'poId'], code: 'NOT_FOUND', message: 'Purchase order not found' }] });
    // the closed order comes back as the client selected it, lines too
    const close = await s.gql(`mutation { purchaseOrderClose(input: { poId: ${po.poId} }) { purchaseOrder { poId status lines { sku } } ${USER_ERRORS} } }`, {}, admin);
    expect(close.data.purchaseOrderClose).toEqual({ purchaseOrder: { poId: po.poId, status: 'CLOSED', lines: [{ sku: 'TST-001' }] }, userErrors: [] });
    const again = await s.gql(UPDATE, { input: { poId: po.poId, notes: 'x' } }, admin);
    expect(again.errors).toBeUndefined();
    expect(again.data.purchaseOrderUpdate).toEqual({ purchaseOrder: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Can only update POs with OPEN status. Current: CLOSED' }] });
    const missing = await s.gql(`query { purchaseOrder(poId: 999999) { poId } salesOrder(soId: 999999) { soId } }`, {}, admin);
    expect(missing).toMatchObject({ data: { purchaseOrder: null, salesOrder: null } });
    expect(missing.errors).toBeUndefined();
    const badLine = await s.gql(CREATE, { input: { poNumber: 'PO-G4', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 1 }, { itemId: ids.item('TST-001'), quantityOrdered: 0, unitCost: -1 }] } }, admin);
    expect(badLine.data.purchaseOrderCreate).toEqual({
      purchaseOrder: null,
      userErrors: [
        { field: ['input', 'lines', '1', 'quantityOrdered'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
        { field: ['input', 'lines', '1', 'unitCost'], code: 'BAD_USER_INPUT', message: 'Input should be greater than or equal to 0' },
      ],
    });
    expect(await s.app.prisma.purchaseOrder.count({ where: { poNumber: 'PO-G4' } })).toBe(0);
    const invalid = await s.gql(`mutation { purchaseOrderCreate(input: { poNumber: "", warehouseId: 0, lines: [] }) { purchaseOrder { poId } ${USER_ERRORS} } }`, {}, admin);
    expect(invalid.errors).toBeUndefined();
    expect(invalid.data.purchaseOrderCreate).toEqual({
      purchaseOrder: null,
      userErrors: [
        { field: ['input', 'poNumber'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' },
        { field: ['input', 'warehouseId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
        { field: ['input', 'lines'], code: 'BAD_USER_INPUT', message: 'List should have at least 1 item' },
      ],
    });
  });

  it('an offset page of the connection: the rows a page-numbered table shows, newest first', async () => {
    const all = await s.app.prisma.purchaseOrder.findMany({ orderBy: { poId: 'desc' }, select: { poId: true } });
    expect(all.length).toBeGreaterThan(1);
    const r = await s.gql(`query { purchaseOrders(first: 1, offset: 1) { totalCount edges { node { poId } } } }`, {}, admin);
    expect(r.data.purchaseOrders).toEqual({ totalCount: all.length, edges: [{ node: { poId: all[1].poId } }] });
  });
});

describe('GraphQL sales orders', () => {
  it('creates, lists, cancels releasing allocation', async () => {
    const c = await s.gql(
      `mutation($input: SalesOrderCreateInput!) { salesOrderCreate(input: $input) { order: salesOrder { soId priority lines { soLineId quantityOrdered } } ${USER_ERRORS} } }`,
      { input: { soNumber: 'SO-G', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item('TST-005'), quantityOrdered: 3 }] } },
      admin,
    );
    expect(c.data.salesOrderCreate.userErrors).toEqual([]);
    const so = c.data.salesOrderCreate.order;
    expect(so.priority).toBe(0);
    const before = (await s.app.prisma.inventory.findFirstOrThrow({ where: { itemId: ids.item('TST-005'), binId: ids.bin('A-02-02') } })).quantityAllocated;
    await allocateForPicking(s.app, so.soId, [{ soLineId: so.lines[0].soLineId, itemId: ids.item('TST-005'), binId: ids.bin('A-02-02'), quantity: 3 }]);
    const list = await s.gql(`query { salesOrders(filter: { status: [PICKING] }) { totalCount edges { node { soNumber lineCount } } } }`, {}, admin);
    expect(list.data.salesOrders).toMatchObject({ totalCount: 1, edges: [{ node: { soNumber: 'SO-G', lineCount: 1 } }] });
    const CANCEL = `mutation($id: Int!) { salesOrderCancel(input: { soId: $id }) { salesOrder { soId status lines { quantityAllocated } } ${USER_ERRORS} } }`;
    const cancel = await s.gql(CANCEL, { id: so.soId }, admin);
    expect(cancel.data.salesOrderCancel).toEqual({ salesOrder: { soId: so.soId, status: 'CANCELLED', lines: [{ quantityAllocated: 0 }] }, userErrors: [] });
    const after = (await s.app.prisma.inventory.findFirstOrThrow({ where: { itemId: ids.item('TST-005'), binId: ids.bin('A-02-02') } })).quantityAllocated;
    expect(after).toBe(before);
    const twice = await s.gql(CANCEL, { id: so.soId }, admin);
    expect(twice.errors).toBeUndefined();
    expect(twice.data.salesOrderCancel).toEqual({
      salesOrder: null,
      userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Can only cancel OPEN, ALLOCATED, or PICKING orders. Current: CANCELLED' }],
    });
    const UPDATE = `mutation($input: SalesOrderUpdateInput!) { salesOrderUpdate(input: $input) { salesOrder { soId } ${USER_ERRORS} } }`;
    const update = await s.gql(UPDATE, { input: { soId: so.soId, priority: 1 } }, admin);
    expect(update.data.salesOrderUpdate).toEqual({ salesOrder: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Can only update SOs with OPEN status. Current: CANCELLED' }] });
    const invalid = await s.gql(UPDATE, { input: { soId: so.soId, priority: 11 } }, admin);
    expect(invalid.data.salesOrderUpdate.userErrors).toEqual([{ field: ['input', 'priority'], code: 'BAD_USER_INPUT', message: 'Input should be less than or equal to 10' }]);
    const missing = await s.gql(CANCEL, { id: 999999 }, admin);
    expect(missing.data.salesOrderCancel).toEqual({ salesOrder: null, userErrors: [{ field: ['input', 'soId'], code: 'NOT_FOUND', message: 'Sales order not found' }] });
    const missingUpdate = await s.gql(UPDATE, { input: { soId: 999999, priority: 1 } }, admin);
    expect(missingUpdate.data.salesOrderUpdate).toEqual({ salesOrder: null, userErrors: [{ field: ['input', 'soId'], code: 'NOT_FOUND', message: 'Sales order not found' }] });
  });
});

describe('GraphQL users and import', () => {
  it('manages users and never exposes the hash', async () => {
    const UE = 'userErrors { field code message }';
    const c = await s.gql(`mutation { userCreate(input: { username: "g1", password: "Passw0rd1", fullName: "G", role: USER, warehouseIds: [1] }) { user { userId warehouseId isActive } ${UE} } }`, {}, admin);
    expect(c.data.userCreate).toMatchObject({ user: { warehouseId: 1, isActive: true }, userErrors: [] });
    const userId = c.data.userCreate.user.userId;
    const users = await s.app.prisma.user.count();
    // expected failures are userErrors at the field at fault, no top-level error, nothing written
    const create = (input: string) => s.gql(`mutation { userCreate(input: { ${input} }) { user { userId } ${UE} } }`, {}, admin);
    for (const [input, userErrors] of [
      ['username: "g1", password: "Passw0rd1", fullName: "G", role: USER', [{ field: ['input', 'username'], code: 'BAD_USER_INPUT', message: 'Duplicate username: g1' }]],
      ['username: "g2", password: "short", fullName: "G", role: USER', [{ field: ['input', 'password'], code: 'BAD_USER_INPUT', message: 'Password must be at least 8 characters' }]],
      ['username: "g2", password: "Passw0rd1", fullName: "G", role: USER, warehouseIds: [99999, 1]', [{ field: ['input', 'warehouseIds', '0'], code: 'BAD_USER_INPUT', message: 'Warehouse 99999 not found' }]],
      ['username: "", password: "Passw0rd1", fullName: "", role: USER', [
        { field: ['input', 'username'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' },
        { field: ['input', 'fullName'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' },
      ]],
    ] as const) {
      const r = await create(input);
      expect(r.errors, input).toBeUndefined();
      expect(r.data.userCreate, input).toEqual({ user: null, userErrors });
    }
    expect(await s.app.prisma.user.count()).toBe(users);
    const renamed = await s.gql(`mutation($id: Int!) { userUpdate(input: { userId: $id, fullName: "G2" }) { user { userId fullName } ${UE} } }`, { id: userId }, admin);
    expect(renamed.data.userUpdate).toEqual({ user: { userId, fullName: 'G2' }, userErrors: [] });
    const nul = await s.gql(`mutation($id: Int!) { userUpdate(input: { userId: $id, fullName: null }) { user { userId } ${UE} } }`, { id: userId }, admin);
    expect(nul.data.userUpdate).toEqual({ user: null, userErrors: [{ field: ['input', 'fullName'], code: 'BAD_USER_INPUT', message: 'Input should be a valid string' }] });
    const missing = await s.gql(`mutation { userUpdate(input: { userId: 99999, fullName: "x" }) { user { userId } ${UE} } }`, {}, admin);
    expect(missing.data.userUpdate).toEqual({ user: null, userErrors: [{ field: ['input', 'userId'], code: 'NOT_FOUND', message: 'User not found' }] });
    const hash = await s.gql(`query { users(first: 1) { edges { node { passwordHash } } } }`, {}, admin);
    expect(hash.errors[0].message).toContain('passwordHash');
    const list = await s.gql(`query { users(filter: { warehouseId: 1 }) { totalCount edges { node { username } } } }`, {}, admin);
    expect(list.data.users.edges.map((e: any) => e.node.username)).toEqual(['g1']);
    const adminId = (await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).userId;
    const self = await s.gql(`mutation($id: Int!) { userUpdate(input: { userId: $id, role: USER }) { user { role } ${UE} } }`, { id: adminId }, admin);
    expect(self.errors).toBeUndefined();
    expect(self.data.userUpdate).toEqual({ user: null, userErrors: [{ field: ['input', 'role'], code: 'BAD_USER_INPUT', message: 'Cannot downgrade your own role' }] });
    const selfDelete = await s.gql(`mutation { userDelete(input: { userId: ${adminId} }) { deletedUserId ${UE} } }`, {}, admin);
    expect(selfDelete.data.userDelete).toEqual({ deletedUserId: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Cannot delete yourself' }] });
    const del = await s.gql(`mutation { userDelete(input: { userId: ${userId} }) { deletedUserId ${UE} } }`, {}, admin);
    expect(del.data.userDelete).toEqual({ deletedUserId: userId, userErrors: [] });
  });

  it('imports records and reports row errors', async () => {
    const r = await s.gql(`mutation($r: [JSON]!) { importRecords(input: { entityType: ITEMS, records: $r }) { importResult { message total imported skipped errors { row error } } userErrors { code } } }`, { r: [{ sku: 'G-1', name: 'G' }] }, admin);
    expect(r.data.importRecords).toEqual({ importResult: { message: 'Import complete', total: 1, imported: 1, skipped: 0, errors: [] }, userErrors: [] });
    // refused rows: the import ran and imported nothing; the rows say why
    const bad = await s.gql(`mutation($r: [JSON]!) { importRecords(input: { entityType: ITEMS, records: $r }) { importResult { imported errors { row error } } userErrors { code } } }`, { r: [{ sku: 'G-1', name: 'G' }] }, admin);
    expect(bad.data.importRecords).toEqual({ importResult: { imported: 0, errors: [{ row: 1, error: 'Duplicate SKU: G-1' }] }, userErrors: [] });
    // a refused request: userErrors at the argument at fault
    const refusedImport = (entityType: string, records: unknown, warehouseId?: number) =>
      s.gql(`mutation($input: ImportRecordsInput!) { importRecords(input: $input) { importResult { imported } userErrors { field code message } } }`, { input: { entityType, records, warehouseId } }, admin);
    // an entity type outside the enum never reaches the import (the REST path answers its legacy 400 before)
    const unsupported = await refusedImport('cats', []);
    expect(unsupported.data).toBeUndefined();
    expect(unsupported.errors[0]).toMatchObject({ message: expect.stringContaining('"cats" does not exist in "ImportEntityType" enum'), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await refusedImport('ITEMS', [])).data.importRecords).toEqual({ importResult: null, userErrors: [{ field: ['input', 'records'], code: 'BAD_USER_INPUT', message: 'records array is required' }] });
    const many = Array.from({ length: 5001 }, (_, i) => ({ sku: `GX-${i}`, name: 'x' }));
    expect((await refusedImport('ITEMS', many)).data.importRecords).toEqual({ importResult: null, userErrors: [{ field: ['input', 'records'], code: 'BAD_USER_INPUT', message: 'Import limited to 5000 records per file' }] });
    // the default warehouse is a warehouse id: anything else is the input's problem, and nothing is imported
    const pos = await s.app.prisma.purchaseOrder.count();
    const badDefault = await refusedImport('PURCHASE_ORDERS', [{ po_number: 'PO-GI', sku: 'TST-001', quantity: 1 }], 0);
    expect(badDefault.data.importRecords).toEqual({ importResult: null, userErrors: [{ field: ['input', 'warehouseId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' }] });
    // a row without its own warehouse takes the input's
    const withDefault = await refusedImport('PURCHASE_ORDERS', [{ po_number: 'PO-GI', sku: 'TST-001', quantity: 1 }], ids.warehouseId);
    expect(withDefault.data.importRecords).toEqual({ importResult: { imported: 1 }, userErrors: [] });
    expect(await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poNumber: 'PO-GI' } })).toMatchObject({ warehouseId: ids.warehouseId });
    expect(await s.app.prisma.purchaseOrder.count()).toBe(pos + 1);
  });

  it('denies every root field to a USER with FORBIDDEN', async () => {
    const u = await createUser(s.app, { password: 'Plain1234' });
    const token = await s.login(u.username, 'Plain1234');
    for (const q of [
      'query { purchaseOrders { totalCount } }', 'query { purchaseOrder(poId: 1) { poId } }',
      'query { salesOrders { totalCount } }', 'query { salesOrder(soId: 1) { soId } }',
      'query { users { totalCount } }',
      'mutation { purchaseOrderClose(input: { poId: 1 }) { purchaseOrder { poId } } }', 'mutation { salesOrderCancel(input: { soId: 1 }) { salesOrder { soId } } }',
      'mutation { userDelete(input: { userId: 1 }) { deletedUserId } }', 'mutation { importRecords(input: { entityType: ITEMS, records: [] }) { importResult { imported } } }',
    ]) {
      const r = await s.gql(q, {}, token);
      expect(r.errors?.[0]?.extensions?.code, q).toBe('FORBIDDEN');
    }
  });
});
