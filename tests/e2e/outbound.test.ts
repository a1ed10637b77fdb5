// Outbound as a dashboard's floor screens run it, signed in as a picker-packer-shipper: a wave of two orders, a pick
// (a wrong scan is a userError on input.scannedBarcode), the batch completed, pack verify + complete, ship, then the
// batch and shipment lists. View types carry node ids that node(id:) resolves; an unknown batch is null beside the
// active-batch card; every answer reports its cost.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, orderState, stock, type OutboundWorld } from '../helpers/outbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import {
  CompleteBatchDocument,
  CompletePackDocument,
  ConfirmPickDocument,
  CreateWaveDocument,
  PickBatchListDocument,
  PickingHomeDocument,
  ShipDocument,
  ShipmentListDocument,
  VerifyPackDocument,
  type PickBatchStatus,
  type ShipmentStatus,
} from './generated/graphql';

let s: TestServer;
let client: DashboardClient;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  w = await createWarehouse(s.app);
  const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pick', 'pack', 'ship'] });
  client = await signIn(s, u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

describe('e2e outbound: wave, pick, pack, ship', () => {
  it('runs two orders from a wave to a shipment', async () => {
    const item = await createItem(s.app, { weight: '1' });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 6 });
    const so1 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 2 }] });
    const so2 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 1 }] });

    const { pickWaveCreate } = await client.request(CreateWaveDocument, { input: { soIds: [so1.soId, so2.soId], warehouseId: w.warehouseId } });
    expectCostReported(client);
    expect(pickWaveCreate.userErrors).toEqual([]);
    const wave = pickWaveCreate.wave!;
    expect(wave).toMatchObject({ totalOrders: 2, totalPicks: 1, totalUnits: 3 });
    const pick = wave.firstPick!;
    expect(pick).toMatchObject({ binCode: w.bins.P10.binCode, sku: item.sku, quantityToPick: 3 });
    expect(pick.contributingOrders.map((o) => [o.soNumber, o.quantity])).toEqual([[so1.soNumber, 2], [so2.soNumber, 1]]);
    await expectCacheKey(client, { __typename: 'PickingBatch', id: wave.batchNodeId });
    await expectCacheKey(client, { __typename: 'Bin', id: pick.binNodeId });
    await expectCacheKey(client, { __typename: 'Item', id: pick.itemNodeId });
    await expectCacheKey(client, { __typename: 'SalesOrder', id: pick.contributingOrders[0].salesOrderNodeId });
    expect(wave.orders.map((o) => o.salesOrderNodeId)).toEqual(pick.contributingOrders.map((o) => o.salesOrderNodeId));

    const wrong = await client.request(ConfirmPickDocument, { input: { pickTaskId: pick.pickTaskId, scannedBarcode: 'NOT-THE-ITEM', quantityPicked: 3 } });
    expectCostReported(client);
    expect(wrong.pickConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'scannedBarcode'], code: 'BAD_USER_INPUT', message: `Wrong item scanned. Expected SKU: ${item.sku}` }] });
    const picked = await client.request(ConfirmPickDocument, { input: { pickTaskId: pick.pickTaskId, scannedBarcode: item.upc!, quantityPicked: 3 } });
    expect(picked.pickConfirm).toEqual({ confirmation: { message: 'Pick confirmed', remainingTasks: 0, task: { status: 'PICKED', quantityPicked: 3 } }, userErrors: [] });
    const completed = await client.request(CompleteBatchDocument, { input: { batchId: wave.batchId } });
    expect(completed.pickCompleteBatch).toEqual({ completion: { message: 'Batch completed', summary: { totalItemsPicked: 3, totalShorts: 0 } }, userErrors: [] });

    const batches = await client.request(PickBatchListDocument, { first: 10, filter: { warehouseId: w.warehouseId } });
    expectCostReported(client);
    expectTypeOf(batches.pickBatches.edges[0].node.status).toEqualTypeOf<PickBatchStatus>();
    expect(batches.pickBatches.edges.map((e) => e.node)).toEqual([
      { __typename: 'PickingBatch', id: wave.batchNodeId, batchId: wave.batchId, kind: 'WAVE', status: 'COMPLETED', totalOrders: 2 },
    ]);

    const verified = await client.request(VerifyPackDocument, { input: { soId: so1.soId, scannedBarcode: item.upc!, quantity: 2 } });
    expectCostReported(client);
    expect(verified.packVerify).toEqual({ verification: { item: { quantityVerified: 2, lineComplete: true }, orderProgress: { allVerified: true } }, userErrors: [] });
    const packed = await client.request(CompletePackDocument, { input: { soId: so1.soId } });
    expect(packed.packComplete).toEqual({ completion: { status: 'PACKED', totalItems: 2 }, userErrors: [] });

    // so2 is picked but not packed (packing is required): a business failure as a userError, nothing shipped
    const early = await client.request(ShipDocument, { input: { soId: so2.soId, trackingNumber: '1Z-2', carrier: 'UPS' } });
    expectCostReported(client);
    expect(early.shipFulfill).toEqual({ fulfillment: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Order must be packed before shipping. Current status: PICKED' }] });
    const shipped = await client.request(ShipDocument, { input: { soId: so1.soId, trackingNumber: '1Z-1', carrier: 'UPS', shipMethod: 'GROUND' } });
    expect(shipped.shipFulfill.userErrors).toEqual([]);
    expect(shipped.shipFulfill.fulfillment).toMatchObject({ message: 'Shipment fulfilled', totalQuantity: 2, carrier: 'UPS', trackingNumber: '1Z-1' });
    expect((await orderState(s.app, so1.soId)).status).toBe('SHIPPED');

    const shipments = await client.request(ShipmentListDocument, { first: 5, filter: { soId: so1.soId } });
    expectCostReported(client);
    expectTypeOf(shipments.shipments.edges[0].node.status).toEqualTypeOf<ShipmentStatus>();
    expect(shipments.shipments.totalCount).toBe(1);
    const shipment = shipments.shipments.edges[0].node;
    expect(shipment).toMatchObject({ __typename: 'Shipment', fulfillmentId: shipped.shipFulfill.fulfillment!.fulfillmentId, soNumber: so1.soNumber, unitsShipped: 2, carrier: 'UPS' });
    expect(shipment.shippedAt).toMatch(/Z$/);
    await expectCacheKey(client, shipment);
  });

  it('a duplicate order in a wave is a userError on input.soIds', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 2 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 1 }] });
    const { pickWaveCreate } = await client.request(CreateWaveDocument, { input: { soIds: [so.soId, so.soId], warehouseId: w.warehouseId } });
    expectCostReported(client);
    expect(pickWaveCreate).toEqual({ wave: null, userErrors: [{ field: ['input', 'soIds'], code: 'BAD_USER_INPUT', message: 'Duplicate SO IDs in request', data: null }] });
    expect((await orderState(s.app, so.soId)).status).toBe('OPEN');
  });

  it('an unknown batch is null while the active-batch card beside it still answers', async () => {
    const data = await client.request(PickingHomeDocument, { batchId: 99_999_999 });
    expectCostReported(client);
    expect(data).toEqual({ pickActiveBatch: { active: expect.any(Boolean) }, pickBatch: null });
  });
});
