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

    const waveDoc = `mutation($i: PickWaveCreateInput!) { pickWaveCreate(input: $i) {
      wave { batchId totalPicks totalUnits warnings { sku } firstPick { pickTaskId binCode contributingOrders { soNumber quantity } } }
      userErrors { field code message data } } }`;
    // invalid input and a refused list are userErrors beside data; nothing is created
    const twice = await gql(waveDoc, { i: { soIds: [so1.soId, so1.soId], warehouseId: w.warehouseId } });
    expect(twice.errors).toBeUndefined();
    expect(twice.data.pickWaveCreate).toEqual({ wave: null, userErrors: [{ field: ['input', 'soIds'], code: 'BAD_USER_INPUT', message: 'Duplicate SO IDs in request', data: null }] });
    const empty = await gql(waveDoc, { i: { soIds: [], warehouseId: w.warehouseId } });
    expect(empty.errors).toBeUndefined();
    expect(empty.data.pickWaveCreate).toEqual({
      wave: null,
      userErrors: [{
        field: ['input', 'soIds'],
        code: 'BAD_USER_INPUT',
        message: 'List should have at least 1 item',
        data: { kind: 'TOO_SMALL', origin: 'array', limit: 1, inclusive: true },
      }],
    });

    const c = await gql(waveDoc, { i: { soIds: [so1.soId, so2.soId, so3.soId], warehouseId: w.warehouseId } });
    expect(c.errors).toBeUndefined();
    expect(c.data.pickWaveCreate.userErrors).toEqual([]);
    const wave = c.data.pickWaveCreate.wave;
    expect(wave).toMatchObject({ totalPicks: 2, totalUnits: 7, warnings: null });
    expect(wave.firstPick.contributingOrders).toEqual([
      { soNumber: so1.soNumber, quantity: 2 },
      { soNumber: so2.soNumber, quantity: 2 },
      { soNumber: so3.soNumber, quantity: 1 },
    ]);
    const batchId = wave.batchId;
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 6, allocated: 5 });

    const batch = await gql(`query($id: Int!) { pickBatch(batchId: $id) { status tasks { pickTaskId sku status } } }`, { id: batchId });
    expect(batch.data.pickBatch.tasks.map((t: any) => t.sku)).toEqual([a.sku, b.sku]);
    const active = await gql(`{ pickActiveBatch { active batchId totalPicks completedPicks } }`);
    expect(active.data.pickActiveBatch).toEqual({ active: true, batchId, totalPicks: 2, completedPicks: 0 });

    // an order already in the wave: a CONFLICT on its place in the list, with the batch as data
    const so4 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 1 }] });
    const busy = await gql(waveDoc, { i: { soIds: [so4.soId, so2.soId], warehouseId: w.warehouseId } });
    expect(busy.errors).toBeUndefined();
    expect(busy.data.pickWaveCreate).toEqual({
      wave: null,
      userErrors: [{ field: ['input', 'soIds', '1'], code: 'CONFLICT', message: `SO ${so2.soNumber} already in active pick batch ${batchId}`, data: { soNumber: so2.soNumber, batchId } }],
    });
    expect((await orderState(s.app, so4.soId)).status).toBe('OPEN');

    const t1 = wave.firstPick.pickTaskId;
    const confirmDoc = `mutation($i: PickConfirmInput!) { pickConfirm(input: $i) { confirmation { message remainingTasks task { status quantityPicked } } userErrors { field code message } } }`;
    const wrong = await gql(confirmDoc, { i: { pickTaskId: t1, scannedBarcode: 'NOT-THE-ITEM', quantityPicked: 5 } });
    expect(wrong.errors).toBeUndefined();
    expect(wrong.data.pickConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'scannedBarcode'], code: 'BAD_USER_INPUT', message: `Wrong item scanned. Expected SKU: ${a.sku}` }] });
    const tooMany = await gql(confirmDoc, { i: { pickTaskId: t1, scannedBarcode: a.upc, quantityPicked: 6 } });
    expect(tooMany.data.pickConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'quantityPicked'], code: 'BAD_USER_INPUT', message: 'Cannot pick 6 - task only requires 5' }] });
    const p = await gql(confirmDoc, { i: { pickTaskId: t1, scannedBarcode: a.upc, quantityPicked: 5 } });
    expect(p.data.pickConfirm).toEqual({ confirmation: { message: 'Pick confirmed', remainingTasks: 1, task: { status: 'PICKED', quantityPicked: 5 } }, userErrors: [] });
    const again = await gql(confirmDoc, { i: { pickTaskId: t1, scannedBarcode: a.upc, quantityPicked: 5 } });
    expect(again.data.pickConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'pickTaskId'], code: 'BAD_USER_INPUT', message: 'Pick task is already PICKED' }] });
    const next = await gql(`query($id: Int!) { pickNextTask(batchId: $id) { message task { pickTaskId sku pickNumber } } }`, { id: batchId });
    expect(next.data.pickNextTask).toMatchObject({ message: null, task: { sku: b.sku, pickNumber: 2 } });
    const t2 = next.data.pickNextTask.task.pickTaskId;
    const completeDoc = `mutation($i: PickBatchIdInput!) { pickCompleteBatch(input: $i) { completion { message summary { totalItemsPicked totalShorts orders { status } } } userErrors { field code message } } }`;
    // the batch cannot complete while a task is pending (a rule of the batch's state: no single field)
    const early = await gql(completeDoc, { i: { batchId } });
    expect(early.data.pickCompleteBatch).toEqual({ completion: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Cannot complete batch - 1 tasks still pending' }] });
    const shortDoc = `mutation($i: PickShortInput!) { pickShort(input: $i) { shortage { task { shortage quantityPicked } } userErrors { field code message } } }`;
    const overShort = await gql(shortDoc, { i: { pickTaskId: t2, quantityAvailable: 3 } });
    expect(overShort.data.pickShort).toEqual({ shortage: null, userErrors: [{ field: ['input', 'quantityAvailable'], code: 'BAD_USER_INPUT', message: 'Available quantity 3 exceeds task requirement 2 - use confirm instead' }] });
    const sh = await gql(shortDoc, { i: { pickTaskId: t2, quantityAvailable: 1 } });
    expect(sh.data.pickShort).toEqual({ shortage: { task: { shortage: 1, quantityPicked: 1 } }, userErrors: [] });
    const done = await gql(`query($id: Int!) { pickNextTask(batchId: $id) { message task { pickTaskId } } }`, { id: batchId });
    expect(done.data.pickNextTask).toEqual({ message: 'All tasks complete', task: null });

    const unknown = await gql(completeDoc, { i: { batchId: 99999999 } });
    expect(unknown.data.pickCompleteBatch).toEqual({ completion: null, userErrors: [{ field: ['input', 'batchId'], code: 'NOT_FOUND', message: 'Batch not found' }] });
    const comp = await gql(completeDoc, { i: { batchId } });
    expect(comp.data.pickCompleteBatch).toEqual({
      completion: { message: 'Batch completed', summary: { totalItemsPicked: 6, totalShorts: 1, orders: [{ status: 'PICKED' }, { status: 'PICKED' }, { status: 'PICKED' }] } },
      userErrors: [],
    });
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
    const shipDoc = `mutation($i: ShipFulfillInput!) { shipFulfill(input: $i) { fulfillment { message linesShipped totalQuantity shipMethod } userErrors { field code message } } }`;
    // so1 is PICKED, not PACKED (packing is required): a business failure, nothing written
    const notPacked = await gql(shipDoc, { i: { soId: so1.soId, trackingNumber: '1Z', carrier: 'UPS' } });
    expect(notPacked.errors).toBeUndefined();
    expect(notPacked.data.shipFulfill).toEqual({ fulfillment: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Order must be packed before shipping. Current status: PICKED' }] });
    const blankCarrier = await gql(shipDoc, { i: { soId: so2.soId, trackingNumber: '1Z', carrier: '  ' } });
    expect(blankCarrier.data.shipFulfill).toEqual({ fulfillment: null, userErrors: [{ field: ['input', 'carrier'], code: 'BAD_USER_INPUT', message: 'Field cannot be blank' }] });
    const missing = await gql(shipDoc, { i: { soId: 99999999, trackingNumber: '1Z', carrier: 'UPS' } });
    expect(missing.data.shipFulfill).toEqual({ fulfillment: null, userErrors: [{ field: ['input', 'soId'], code: 'NOT_FOUND', message: 'Order not found' }] });
    const f = await gql(shipDoc, { i: { soId: so2.soId, trackingNumber: '1Z', carrier: 'UPS', shipMethod: 'GROUND' } });
    expect(f.data.shipFulfill).toEqual({ fulfillment: { message: 'Shipment fulfilled', linesShipped: 1, totalQuantity: 2, shipMethod: 'GROUND' }, userErrors: [] });
    expect((await orderState(s.app, so2.soId)).status).toBe('SHIPPED');
  });

  it('create-batch and cancel-batch; validation and permissions', async () => {
    const a = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: a.itemId, binId: w.bins.P10.binId, onHand: 3 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 2 }] });
    const createDoc = `mutation($i: PickCreateBatchInput!) { pickCreateBatch(input: $i) { batch { batchId status totalItems orders { toteNumber } } userErrors { field code message data } } }`;
    const cancelDoc = `mutation($i: PickBatchIdInput!) { pickCancelBatch(input: $i) { batch { batchId status tasks { status } } userErrors { field code message } } }`;
    const c = await gql(createDoc, { i: { soIdentifiers: [so.soNumber], warehouseId: w.warehouseId } });
    expect(c.data.pickCreateBatch).toMatchObject({ batch: { status: 'OPEN', totalItems: 2, orders: [{ toteNumber: 'TOTE-1' }] }, userErrors: [] });
    const created = c.data.pickCreateBatch.batch.batchId;
    // the cancelled batch comes back as it is now
    const x = await gql(cancelDoc, { i: { batchId: created } });
    expect(x.data.pickCancelBatch).toEqual({ batch: { batchId: created, status: 'CANCELLED', tasks: [{ status: 'SKIPPED' }] }, userErrors: [] });
    const gone = await gql(cancelDoc, { i: { batchId: 99999999 } });
    expect(gone.errors).toBeUndefined();
    expect(gone.data.pickCancelBatch).toEqual({ batch: null, userErrors: [{ field: ['input', 'batchId'], code: 'NOT_FOUND', message: 'Batch not found' }] });
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ allocated: 0 });
    expect((await orderState(s.app, so.soId)).status).toBe('OPEN');

    // An order already in a batch: the code, the message, the identifier's place and the batch as data; no REST status or body
    const first = await gql(createDoc, { i: { soIdentifiers: [so.soNumber], warehouseId: w.warehouseId } });
    const dup = await gql(createDoc, { i: { soIdentifiers: [so.soNumber], warehouseId: w.warehouseId } });
    const batchId = first.data.pickCreateBatch.batch.batchId;
    expect(dup.errors).toBeUndefined();
    expect(dup.data.pickCreateBatch).toEqual({
      batch: null,
      userErrors: [{ field: ['input', 'soIdentifiers', '0'], code: 'CONFLICT', message: `Sales order '${so.soNumber}' already in active pick batch ${batchId}`, data: { soNumber: so.soNumber, batchId } }],
    });
    await gql(cancelDoc, { i: { batchId } });
    const unknownOrder = await gql(createDoc, { i: { soIdentifiers: [so.soNumber, 'NO-SUCH-ORDER'], warehouseId: w.warehouseId } });
    expect(unknownOrder.data.pickCreateBatch).toEqual({
      batch: null,
      userErrors: [{ field: ['input', 'soIdentifiers', '1'], code: 'BAD_USER_INPUT', message: "Sales order 'NO-SUCH-ORDER' not found", data: null }],
    });
    expect((await orderState(s.app, so.soId)).status).toBe('OPEN');

    // invalid input: a userError per offending field, camelCase paths
    const bad = await gql(`mutation($i: PickConfirmInput!) { pickConfirm(input: $i) { confirmation { message } userErrors { field code message } } }`, { i: { pickTaskId: 1, scannedBarcode: '', quantityPicked: 0 } });
    expect(bad.errors).toBeUndefined();
    expect(bad.data.pickConfirm).toEqual({
      confirmation: null,
      userErrors: [
        { field: ['input', 'scannedBarcode'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' },
        { field: ['input', 'quantityPicked'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
      ],
    });

    const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: [] });
    const t = await s.login(u.username, u.password);
    // authorization stays a top-level error
    const denied = await gql(`mutation($i: PickBatchIdInput!) { pickCancelBatch(input: $i) { batch { batchId } userErrors { code } } }`, { i: { batchId: 1 } }, t);
    expect(denied.errors?.[0]).toMatchObject({ message: 'Function not allowed: pick', extensions: { code: 'FORBIDDEN' } });
    const deniedShip = await gql(`mutation($i: ShipFulfillInput!) { shipFulfill(input: $i) { fulfillment { message } userErrors { code } } }`, { i: { soId: 1, trackingNumber: 'x', carrier: 'y' } }, t);
    expect(deniedShip.errors?.[0].message).toBe('Function not allowed: ship');
    const read = await gql(`{ pickActiveBatch { active } }`, undefined, t);
    expect(read.data.pickActiveBatch).toEqual({ active: false });
    const anon = await s.gql(`{ pickActiveBatch { active } }`);
    expect(anon.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
