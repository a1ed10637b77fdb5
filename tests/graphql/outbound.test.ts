import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, orderState, stock, stockOf, type OutboundWorld } from '../helpers/outbound';

let s: TestServer;
let token: string;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  w = await createWarehouse(s.app);
  const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pick', 'pack', 'ship'] });
  token = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

const gql = async (query: string, variables?: Record<string, unknown>, t = token) => s.gql(query, variables, t);

describe('outbound over GraphQL', () => {
  it('wave of three orders: validate, create, next, confirm, short, complete, pack, ship', async () => {
    const a = await createItem(s.app, { weight: '1' });
    const b = await createItem(s.app, { weight: '1' });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: a.itemId, binId: w.bins.P10.binId, onHand: 6 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: b.itemId, binId: w.bins.P20.binId, onHand: 2 });
    const so1 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 2 }, { itemId: b.itemId, qty: 1 }] });
    const so2 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 2 }] });
    const so3 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: b.itemId, qty: 1 }, { itemId: a.itemId, qty: 1 }] });

    const v = await gql(`query($i: PickWaveValidateInput!) { pickWaveValidate(input: $i) { valid soId lineCount totalUnits } }`, { i: { soBarcode: so1.soNumber, warehouseId: w.warehouseId } });
    expect(v.data.pickWaveValidate).toEqual({ valid: true, soId: so1.soId, lineCount: 2, totalUnits: 3 });
    const nf = await gql(`query($i: PickWaveValidateInput!) { pickWaveValidate(input: $i) { valid } }`, { i: { soBarcode: 'NOPE', warehouseId: w.warehouseId } });
    expect(nf.errors?.[0]).toMatchObject({ message: 'Order not found', extensions: { code: 'NOT_FOUND' } });

    const c = await gql(
      `mutation($i: PickWaveCreateInput!) { pickWaveCreate(input: $i) { batchId totalPicks totalUnits warnings { sku } firstPick { pickTaskId binCode contributingOrders { soNumber quantity } } } }`,
      { i: { soIds: [so1.soId, so2.soId, so3.soId], warehouseId: w.warehouseId } },
    );
    expect(c.errors).toBeUndefined();
    expect(c.data.pickWaveCreate).toMatchObject({ totalPicks: 2, totalUnits: 7, warnings: null });
    expect(c.data.pickWaveCreate.firstPick.contributingOrders).toEqual([
      { soNumber: so1.soNumber, quantity: 2 },
      { soNumber: so2.soNumber, quantity: 2 },
      { soNumber: so3.soNumber, quantity: 1 },
    ]);
    const batchId = c.data.pickWaveCreate.batchId;
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 6, allocated: 5 });

    const batch = await gql(`query($id: Int!) { pickBatch(batchId: $id) { status tasks { pickTaskId sku status } } }`, { id: batchId });
    expect(batch.data.pickBatch.tasks.map((t: any) => t.sku)).toEqual([a.sku, b.sku]);
    const active = await gql(`{ pickActiveBatch { active batchId totalPicks completedPicks } }`);
    expect(active.data.pickActiveBatch).toEqual({ active: true, batchId, totalPicks: 2, completedPicks: 0 });

    const t1 = c.data.pickWaveCreate.firstPick.pickTaskId;
    const p = await gql(`mutation($i: PickConfirmInput!) { pickConfirm(input: $i) { message remainingTasks task { status quantityPicked } } }`, { i: { pickTaskId: t1, scannedBarcode: a.upc, quantityPicked: 5 } });
    expect(p.data.pickConfirm).toEqual({ message: 'Pick confirmed', remainingTasks: 1, task: { status: 'PICKED', quantityPicked: 5 } });
    const next = await gql(`query($id: Int!) { pickNextTask(batchId: $id) { message task { pickTaskId sku pickNumber } } }`, { id: batchId });
    expect(next.data.pickNextTask).toMatchObject({ message: null, task: { sku: b.sku, pickNumber: 2 } });
    const sh = await gql(`mutation($i: PickShortInput!) { pickShort(input: $i) { task { shortage quantityPicked } } }`, { i: { pickTaskId: next.data.pickNextTask.task.pickTaskId, quantityAvailable: 1 } });
    expect(sh.data.pickShort.task).toEqual({ shortage: 1, quantityPicked: 1 });
    const done = await gql(`query($id: Int!) { pickNextTask(batchId: $id) { message task { pickTaskId } } }`, { id: batchId });
    expect(done.data.pickNextTask).toEqual({ message: 'All tasks complete', task: null });

    const comp = await gql(`mutation($i: PickBatchIdInput!) { pickCompleteBatch(input: $i) { message summary { totalItemsPicked totalShorts orders { status } } } }`, { i: { batchId } });
    expect(comp.data.pickCompleteBatch).toEqual({ message: 'Batch completed', summary: { totalItemsPicked: 6, totalShorts: 1, orders: [{ status: 'PICKED' }, { status: 'PICKED' }, { status: 'PICKED' }] } });
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 1, allocated: 0 });
    expect(await stockOf(s.app, b.itemId)).toMatchObject({ onHand: 1, allocated: 0 });
    expect((await orderState(s.app, so3.soId)).lines.map((l) => l.picked)).toEqual([0, 1]);

    // pack + ship so2 (2 of item a)
    const po = await gql(`query($b: String!) { packOrder(barcode: $b) { totalItems lines { quantityPicked packVerified } } }`, { b: so2.soBarcode });
    expect(po.data.packOrder).toEqual({ totalItems: 2, lines: [{ quantityPicked: 2, packVerified: false }] });
    const verifyDoc = `mutation($i: PackVerifyInput!) { packVerify(input: $i) { verification { item { quantityVerified lineComplete } orderProgress { allVerified } } userErrors { field code message } } }`;
    const pv = await gql(verifyDoc, { i: { soId: so2.soId, scannedBarcode: a.upc, quantity: 2 } });
    expect(pv.data.packVerify).toEqual({ verification: { item: { quantityVerified: 2, lineComplete: true }, orderProgress: { allVerified: true } }, userErrors: [] });
    // an expected failure is a userError beside data, not a top-level error
    const over = await gql(verifyDoc, { i: { soId: so2.soId, scannedBarcode: a.upc } });
    expect(over.errors).toBeUndefined();
    expect(over.data.packVerify).toEqual({ verification: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Item already fully verified on this order' }] });
    const blank = await gql(verifyDoc, { i: { soId: so2.soId, scannedBarcode: '' } });
    expect(blank.data.packVerify.userErrors).toEqual([{ field: ['input', 'scannedBarcode'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' }]);
    const pc = await gql(`mutation($i: PackCompleteInput!) { packComplete(input: $i) { completion { status totalItems } userErrors { code } } }`, { i: { soId: so2.soId } });
    expect(pc.data.packComplete).toEqual({ completion: { status: 'PACKED', totalItems: 2 }, userErrors: [] });
    const so = await gql(`query($b: String!) { shipOrder(barcode: $b) { salesOrder { status } totalItems totalLines } }`, { b: so2.soNumber });
    expect(so.data.shipOrder).toEqual({ salesOrder: { status: 'PACKED' }, totalItems: 2, totalLines: 1 });
    const f = await gql(`mutation($i: ShipFulfillInput!) { shipFulfill(input: $i) { message linesShipped totalQuantity shipMethod } }`, { i: { soId: so2.soId, trackingNumber: '1Z', carrier: 'UPS', shipMethod: 'GROUND' } });
    expect(f.data.shipFulfill).toEqual({ message: 'Shipment fulfilled', linesShipped: 1, totalQuantity: 2, shipMethod: 'GROUND' });
    expect((await orderState(s.app, so2.soId)).status).toBe('SHIPPED');
  });

  it('create-batch and cancel-batch; validation and permissions', async () => {
    const a = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: a.itemId, binId: w.bins.P10.binId, onHand: 3 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 2 }] });
    const c = await gql(`mutation($i: PickCreateBatchInput!) { pickCreateBatch(input: $i) { batchId status totalItems orders { toteNumber } } }`, { i: { soIdentifiers: [so.soNumber], warehouseId: w.warehouseId } });
    expect(c.data.pickCreateBatch).toMatchObject({ status: 'OPEN', totalItems: 2, orders: [{ toteNumber: 'TOTE-1' }] });
    const x = await gql(`mutation($i: PickBatchIdInput!) { pickCancelBatch(input: $i) { message } }`, { i: { batchId: c.data.pickCreateBatch.batchId } });
    expect(x.data.pickCancelBatch).toEqual({ message: 'Batch cancelled' });
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ allocated: 0 });
    expect((await orderState(s.app, so.soId)).status).toBe('OPEN');

    // An order already in a batch: the code, the message and the batch as data; no REST status or body
    const first = await gql(`mutation($i: PickCreateBatchInput!) { pickCreateBatch(input: $i) { batchId } }`, { i: { soIdentifiers: [so.soNumber], warehouseId: w.warehouseId } });
    const dup = await gql(`mutation($i: PickCreateBatchInput!) { pickCreateBatch(input: $i) { batchId } }`, { i: { soIdentifiers: [so.soNumber], warehouseId: w.warehouseId } });
    const batchId = first.data.pickCreateBatch.batchId;
    expect(dup.errors?.[0]).toEqual({
      message: `Sales order '${so.soNumber}' already in active pick batch ${batchId}`,
      locations: expect.any(Array),
      path: ['pickCreateBatch'],
      extensions: { code: 'CONFLICT', data: { soNumber: so.soNumber, batchId } },
    });
    await gql(`mutation($i: PickBatchIdInput!) { pickCancelBatch(input: $i) { message } }`, { i: { batchId } });

    const bad = await gql(`mutation($i: PickConfirmInput!) { pickConfirm(input: $i) { message } }`, { i: { pickTaskId: 1, scannedBarcode: '', quantityPicked: 1 } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['scannedBarcode'], problems: [{ field: ['scannedBarcode'], message: 'String should have at least 1 character' }] });

    const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: [] });
    const t = await s.login(u.username, u.password);
    const denied = await gql(`mutation($i: PickBatchIdInput!) { pickCancelBatch(input: $i) { message } }`, { i: { batchId: 1 } }, t);
    expect(denied.errors?.[0]).toMatchObject({ message: 'Function not allowed: pick', extensions: { code: 'FORBIDDEN' } });
    const deniedShip = await gql(`mutation($i: ShipFulfillInput!) { shipFulfill(input: $i) { message } }`, { i: { soId: 1, trackingNumber: 'x', carrier: 'y' } }, t);
    expect(deniedShip.errors?.[0].message).toBe('Function not allowed: ship');
    const read = await gql(`{ pickActiveBatch { active } }`, undefined, t);
    expect(read.data.pickActiveBatch).toEqual({ active: false });
    const anon = await s.gql(`{ pickActiveBatch { active } }`);
    expect(anon.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
