// Inbound as the receiving and put-away screens of a dashboard run it, signed in as a floor user: the PO screen's
// view types carry node ids that node(id:) resolves, an over-receipt is a userError on the entry's quantity, the
// receipts list pages with first/after, put-away confirms, an unknown PO is null beside the pending list, and every
// answer reports its cost.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createPo, floorUser, seeded, setSetting } from '../helpers/inbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import {
  PutAwayDocument,
  PutawayScreenDocument,
  ReceiptListDocument,
  ReceiveDocument,
  ReceivingScreenDocument,
  type PurchaseOrderStatus,
  type ReceivingScreenQuery,
} from './generated/graphql';

let s: TestServer;
let client: DashboardClient;
let ids: Awaited<ReturnType<typeof seeded>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ids = await seeded(s.app);
  await setSetting(s.app, 'allow_over_receiving', 'false');
  const worker = await floorUser(s, [ids.warehouseId], ['receive', 'putaway']);
  client = await signIn(s, worker.username, worker.password);
});
afterAll(async () => {
  await s?.close();
});

describe('e2e inbound: receive and put away', () => {
  it('receives a PO into staging, lists the receipts, and puts the goods away', async () => {
    const item = await s.app.prisma.item.create({ data: { sku: 'E2E-IN-1', itemName: 'Inbound widget', defaultBinId: ids.a0201 } });
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: item.itemId, quantity: 8 }] });

    const screen = await client.request(ReceivingScreenDocument, { barcode: po.poNumber });
    expectCostReported(client);
    expectTypeOf(screen.receivingPurchaseOrder).toEqualTypeOf<ReceivingScreenQuery['receivingPurchaseOrder']>();
    expectTypeOf(screen.receivingPurchaseOrder!.purchaseOrder.status).toEqualTypeOf<PurchaseOrderStatus>();
    const view = screen.receivingPurchaseOrder!;
    expect(view.purchaseOrder).toMatchObject({ poId: po.poId, status: 'OPEN' });
    const [line] = view.lines;
    expect(line).toMatchObject({ poLineId: po.lines[0].poLineId, sku: 'E2E-IN-1', quantityOrdered: 8, quantityRemaining: 8, stagingBinId: ids.stageBinId });
    // the view types carry the global ids of what they show
    await expectCacheKey(client, { __typename: 'PurchaseOrder', id: view.purchaseOrder.purchaseOrderNodeId });
    await expectCacheKey(client, { __typename: 'PurchaseOrderLine', id: line.purchaseOrderLineNodeId });
    await expectCacheKey(client, { __typename: 'Item', id: line.itemNodeId });
    await expectCacheKey(client, { __typename: 'Bin', id: line.stagingBinNodeId! });

    // over-receiving is off: a userError on the second entry's quantity, nothing received
    const over = await client.request(ReceiveDocument, {
      input: { poId: po.poId, items: [{ itemId: item.itemId, quantity: 5, binId: ids.stageBinId }, { itemId: item.itemId, quantity: 4, binId: ids.stageBinId }] },
    });
    expectCostReported(client);
    expect(over.receivingReceive.submission).toBeNull();
    expect(over.receivingReceive.userErrors).toEqual([{ field: ['input', 'items', '1', 'quantity'], code: 'BAD_USER_INPUT', message: expect.stringContaining('Over-receipt not allowed') }]);
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(0);

    const received = await client.request(ReceiveDocument, { input: { poId: po.poId, items: [{ itemId: item.itemId, quantity: 8, binId: ids.stageBinId }] } });
    expect(received.receivingReceive).toEqual({
      submission: { message: 'Receipt submitted successfully', receiptIds: [expect.any(Number)], poStatus: 'RECEIVED', warnings: [] },
      userErrors: [],
    });

    const receipts = await client.request(ReceiptListDocument, { first: 10, filter: { poId: po.poId } });
    expectCostReported(client);
    expect(receipts.receipts.totalCount).toBe(1);
    const receipt = receipts.receipts.edges[0].node;
    expect(receipt).toMatchObject({ __typename: 'Receipt', receiptId: received.receivingReceive.submission!.receiptIds[0], sku: 'E2E-IN-1', binCode: 'STAGE-01', quantityReceived: 8 });
    expect(receipt.receivedAt).toMatch(/Z$/);
    await expectCacheKey(client, receipt);

    const putaway = await client.request(PutawayScreenDocument, { warehouseId: ids.warehouseId, barcode: po.poNumber });
    expectCostReported(client);
    const pending = putaway.putawayPending.find((p) => p.itemId === item.itemId)!;
    expect(pending).toMatchObject({ sku: 'E2E-IN-1', quantity: 8, binCode: 'STAGE-01', suggestedBinCode: 'A-02-01' });
    await expectCacheKey(client, { __typename: 'Inventory', id: pending.inventoryNodeId });

    const short = await client.request(PutAwayDocument, { input: { itemId: item.itemId, fromBinId: ids.stageBinId, toBinId: ids.a0201, quantity: 9 } });
    expect(short.putawayConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'quantity'], code: 'BAD_USER_INPUT', message: 'Insufficient inventory in source bin. Available: 8' }] });
    const done = await client.request(PutAwayDocument, { input: { itemId: item.itemId, fromBinId: ids.stageBinId, toBinId: ids.a0201, quantity: 8 } });
    expectCostReported(client);
    expect(done.putawayConfirm).toEqual({
      confirmation: { message: 'Put-away confirmed', transferId: expect.any(Number), item: 'E2E-IN-1', fromBin: 'STAGE-01', toBin: 'A-02-01', quantity: 8 },
      userErrors: [],
    });
  });

  it('an unknown PO barcode is null while the pending put-away list beside it still answers', async () => {
    const data = await client.request(PutawayScreenDocument, { warehouseId: ids.warehouseId, barcode: 'NO-SUCH-PO' });
    expectCostReported(client);
    expect(data.receivingPurchaseOrder).toBeNull();
    expect(Array.isArray(data.putawayPending)).toBe(true);
  });

  it('a receipt of an unknown PO is a NOT_FOUND userError on input.poId', async () => {
    const r = await client.request(ReceiveDocument, { input: { poId: 99_999_999, items: [{ itemId: ids.item3, quantity: 1, binId: ids.stageBinId }] } });
    expectCostReported(client);
    expect(r.receivingReceive).toEqual({ submission: null, userErrors: [{ field: ['input', 'poId'], code: 'NOT_FOUND', message: 'Purchase order not found' }] });
  });
});
