import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createPo, floorUser, secondWarehouse, seeded, setSetting } from '../helpers/inbound';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seeded>>;
let worker: { token: string; username: string };

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seeded(s.app);
  worker = await floorUser(s, [ids.warehouseId], ['receive', 'putaway']);
  await setSetting(s.app, 'allow_over_receiving', 'false');
});
afterAll(async () => {
  await s?.close();
});

const PO = `query($b: String!) { receivingPurchaseOrder(barcode: $b) { purchaseOrder { poId poNumber status warehouseId expectedDate createdAt }
  lines { poLineId itemId sku quantityOrdered quantityReceived quantityRemaining status stagingBinId } } }`;
const RECEIVE = `mutation($i: ReceivingReceiveInput!) { receivingReceive(input: $i) { submission { message receiptIds poStatus warnings } userErrors { field code message } } }`;
const CANCEL = `mutation($i: ReceivingCancelInput!) { receivingCancel(input: $i) { cancellation { message reversed } userErrors { field code message } } }`;
const PENDING = `query($w: Int!) { putawayPending(warehouseId: $w) { itemId sku quantity binCode lotNumber suggestedBinCode defaultBinCode } }`;
const SUGGEST = `query($id: Int!) { putawaySuggestion(itemId: $id) { itemId sku preferredBin { binId binCode zoneName priority } suggestedBin { binId } } }`;
const CONFIRM = `mutation($i: PutawayConfirmInput!) { putawayConfirm(input: $i) { confirmation { message transferId item fromBin toBin quantity } userErrors { field code message } } }`;
const PREFERRED = `mutation($i: PutawayUpdatePreferredInput!) { putawayUpdatePreferred(input: $i) { preferredBin { message itemId binId binCode } userErrors { field code message } } }`;
const ITEM = `query($b: String!) { lookupItem(barcode: $b) { item { itemId sku weightLbs } locations { binCode binType quantityOnHand quantityAvailable lotNumber } } }`;
const BIN = `query($b: String!) { lookupBin(barcode: $b) { bin { binId binCode binType zoneName } items { sku quantityOnHand } } }`;
const SO = `query($b: String!) { lookupSalesOrder(barcode: $b) { soNumber status lines { sku quantityOrdered } } }`;

describe('GraphQL inbound', () => {
  it('runs the full inbound flow: PO lookup -> receive -> pending -> suggest -> confirm -> item lookup', async () => {
    const item = await s.app.prisma.item.create({ data: { sku: 'GQ-FLOW', itemName: 'Flow item', defaultBinId: ids.a0201 } });
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: item.itemId, quantity: 8 }] });

    const view = await s.gql(PO, { b: po.poNumber }, worker.token);
    expect(view.errors).toBeUndefined();
    expect(view.data.receivingPurchaseOrder.lines).toEqual([
      { poLineId: po.lines[0].poLineId, itemId: item.itemId, sku: 'GQ-FLOW', quantityOrdered: 8, quantityReceived: 0, quantityRemaining: 8, status: 'PENDING', stagingBinId: ids.stageBinId },
    ]);
    const bin = view.data.receivingPurchaseOrder.lines[0].stagingBinId;

    // over-receipt is off: a userError on the entry's quantity, nothing received
    const over = await s.gql(RECEIVE, { i: { poId: po.poId, items: [{ itemId: item.itemId, quantity: 5, binId: bin }, { itemId: item.itemId, quantity: 4, binId: bin }] } }, worker.token);
    expect(over.errors).toBeUndefined();
    expect(over.data.receivingReceive).toEqual({
      submission: null,
      userErrors: [{
        field: ['input', 'items', '1', 'quantity'],
        code: 'BAD_USER_INPUT',
        message: "Over-receipt not allowed on line 1: requested 4 but only 3 remaining. Enable 'allow_over_receipt' in Settings to permit this.",
      }],
    });
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(0);
    const rec = await s.gql(RECEIVE, { i: { poId: po.poId, items: [{ itemId: item.itemId, quantity: 8, binId: bin }] } }, worker.token);
    expect(rec.data.receivingReceive).toEqual({ submission: { message: 'Receipt submitted successfully', receiptIds: [expect.any(Number)], poStatus: 'RECEIVED', warnings: [] }, userErrors: [] });

    const pending = await s.gql(PENDING, { w: ids.warehouseId }, worker.token);
    expect(pending.data.putawayPending).toContainEqual({ itemId: item.itemId, sku: 'GQ-FLOW', quantity: 8, binCode: 'STAGE-01', lotNumber: null, suggestedBinCode: 'A-02-01', defaultBinCode: 'A-02-01' });

    const suggestion = await s.gql(SUGGEST, { id: item.itemId }, worker.token);
    expect(suggestion.data.putawaySuggestion).toEqual({
      itemId: item.itemId, sku: 'GQ-FLOW', preferredBin: { binId: ids.a0201, binCode: 'A-02-01', zoneName: 'Storage', priority: 1 }, suggestedBin: { binId: ids.a0201 },
    });

    const short = await s.gql(CONFIRM, { i: { itemId: item.itemId, fromBinId: bin, toBinId: ids.a0201, quantity: 9 } }, worker.token);
    expect(short.errors).toBeUndefined();
    expect(short.data.putawayConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'quantity'], code: 'BAD_USER_INPUT', message: 'Insufficient inventory in source bin. Available: 8' }] });
    const confirm = await s.gql(CONFIRM, { i: { itemId: item.itemId, fromBinId: bin, toBinId: ids.a0201, quantity: 8 } }, worker.token);
    expect(confirm.data.putawayConfirm).toEqual({
      confirmation: { message: 'Put-away confirmed', transferId: expect.any(Number), item: 'GQ-FLOW', fromBin: 'STAGE-01', toBin: 'A-02-01', quantity: 8 },
      userErrors: [],
    });

    const lookup = await s.gql(ITEM, { b: 'GQ-FLOW' }, worker.token);
    expect(lookup.data.lookupItem).toEqual({
      item: { itemId: item.itemId, sku: 'GQ-FLOW', weightLbs: null },
      locations: [{ binCode: 'A-02-01', binType: 'PICKABLE', quantityOnHand: 8, quantityAvailable: 8, lotNumber: null }],
    });
    const binView = await s.gql(BIN, { b: 'BIN-A-02-01' }, worker.token);
    expect(binView.data.lookupBin.items).toContainEqual({ sku: 'GQ-FLOW', quantityOnHand: 8 });
  });

  it('names a problem in a list of inputs by its camelCase path; REST answers the same problem at the legacy loc', async () => {
    const items = [
      { itemId: ids.item3, quantity: 1, binId: ids.stageBinId },
      { itemId: ids.item3, quantity: 100001, binId: ids.stageBinId, lotNumber: 'x'.repeat(51) },
    ];
    const gql = await s.gql(`mutation($i: ReceivingReceiveInput!) { receivingReceive(input: $i) { submission { message } userErrors { field code message data } } }`, { i: { poId: 1, items } }, worker.token);
    expect(gql.errors).toBeUndefined();
    expect(gql.data.receivingReceive).toEqual({
      submission: null,
      userErrors: [
        {
          field: ['input', 'items', '1', 'quantity'],
          code: 'BAD_USER_INPUT',
          message: 'Input should be less than or equal to 100000',
          data: { kind: 'TOO_BIG', origin: 'number', limit: 100000, inclusive: true },
        },
        {
          field: ['input', 'items', '1', 'lotNumber'],
          code: 'BAD_USER_INPUT',
          message: 'String should have at most 50 characters',
          data: { kind: 'TOO_BIG', origin: 'string', limit: 50, inclusive: true },
        },
      ],
    });
    const body = { po_id: 1, items: items.map((e) => ({ item_id: e.itemId, quantity: e.quantity, bin_id: e.binId, ...(e.lotNumber ? { lot_number: e.lotNumber } : {}) })) };
    const rest = await s.api('POST', '/api/receiving/receive', { token: worker.token, body });
    expect(rest.status).toBe(400);
    expect(rest.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'less_than_equal', loc: ['items', 1, 'quantity'], msg: 'Input should be less than or equal to 100000' },
        { type: 'string_too_long', loc: ['items', 1, 'lot_number'], msg: 'String should have at most 50 characters' },
      ],
    });
    // a type error the adapter finds is answered with the core's problems of the other fields, in field order
    const mixed = await s.api('POST', '/api/receiving/receive', { token: worker.token, body: { po_id: 'one', items: [body.items[0], { ...body.items[1], item_id: 'x' }] } });
    expect(mixed.status).toBe(400);
    expect(mixed.body.details).toEqual([
      { type: 'int_parsing', loc: ['po_id'], msg: 'Input should be a valid integer, unable to parse string as an integer' },
      { type: 'int_parsing', loc: ['items', 1, 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer' },
      { type: 'less_than_equal', loc: ['items', 1, 'quantity'], msg: 'Input should be less than or equal to 100000' },
      { type: 'string_too_long', loc: ['items', 1, 'lot_number'], msg: 'String should have at most 50 characters' },
    ]);
  });

  it('maps errors: userErrors for not found and bad input with their fields, top-level for a forbidden function', async () => {
    // not found is null, not an error
    const nf = await s.gql(PO, { b: 'NOPE' }, worker.token);
    expect(nf).toMatchObject({ data: { receivingPurchaseOrder: null } });
    expect(nf.errors).toBeUndefined();
    const bad = await s.gql(RECEIVE, { i: { poId: 0, items: [] } }, worker.token);
    expect(bad.errors).toBeUndefined();
    expect(bad.data.receivingReceive).toEqual({
      submission: null,
      userErrors: [
        { field: ['input', 'poId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
        { field: ['input', 'items'], code: 'BAD_USER_INPUT', message: 'List should have at least 1 item' },
      ],
    });
    const nested = await s.gql(RECEIVE, { i: { poId: 1, items: [{ itemId: 1, quantity: 0, binId: 1 }] } }, worker.token);
    expect(nested.data.receivingReceive.userErrors).toEqual([{ field: ['input', 'items', '0', 'quantity'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' }]);
    const noPo = await s.gql(RECEIVE, { i: { poId: 99999999, items: [{ itemId: ids.item3, quantity: 1, binId: ids.stageBinId }] } }, worker.token);
    expect(noPo.data.receivingReceive).toEqual({ submission: null, userErrors: [{ field: ['input', 'poId'], code: 'NOT_FOUND', message: 'Purchase order not found' }] });
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 2 }] });
    const badBin = await s.gql(RECEIVE, { i: { poId: po.poId, items: [{ itemId: ids.item3, quantity: 1, binId: 99999999 }] } }, worker.token);
    expect(badBin.data.receivingReceive.userErrors).toEqual([{ field: ['input', 'items', '0', 'binId'], code: 'NOT_FOUND', message: 'Bin 99999999 not found' }]);
    const offPo = await s.gql(RECEIVE, { i: { poId: po.poId, items: [{ itemId: ids.item1, quantity: 1, binId: ids.stageBinId }] } }, worker.token);
    expect(offPo.data.receivingReceive.userErrors).toEqual([{ field: ['input', 'items', '0', 'itemId'], code: 'BAD_USER_INPUT', message: `Item ${ids.item1} is not on PO ${po.poId}` }]);
    const same = await s.gql(CONFIRM, { i: { itemId: 1, fromBinId: 2, toBinId: 2, quantity: 1 } }, worker.token);
    expect(same.data.putawayConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input'], code: 'BAD_USER_INPUT', message: 'fromBinId and toBinId must be different' }] });
    const noItem = await s.gql(CONFIRM, { i: { itemId: 99999999, fromBinId: ids.stageBinId, toBinId: ids.a0201, quantity: 1 } }, worker.token);
    expect(noItem.data.putawayConfirm).toEqual({ confirmation: null, userErrors: [{ field: ['input', 'itemId'], code: 'NOT_FOUND', message: 'Item not found' }] });
    const noBin = await s.gql(PREFERRED, { i: { itemId: ids.item3, binId: 99999999 } }, worker.token);
    expect(noBin.errors).toBeUndefined();
    expect(noBin.data.putawayUpdatePreferred).toEqual({ preferredBin: null, userErrors: [{ field: ['input', 'binId'], code: 'NOT_FOUND', message: 'Bin not found' }] });
    const counter = await floorUser(s, [ids.warehouseId], ['count']);
    for (const [q, v, fn] of [
      [RECEIVE, { i: { poId: 1, items: [{ itemId: 1, quantity: 1, binId: 1 }] } }, 'receive'],
      [CANCEL, { i: { receiptIds: [1] } }, 'receive'],
      [CONFIRM, { i: { itemId: 1, fromBinId: 1, toBinId: 2, quantity: 1 } }, 'putaway'],
      [PREFERRED, { i: { itemId: 1, binId: 2 } }, 'putaway'],
    ] as const) {
      const r = await s.gql(q, v, counter.token);
      expect(r.errors?.[0]).toMatchObject({ message: `Function not allowed: ${fn}`, extensions: { code: 'FORBIDDEN' } });
    }
    const anon = await s.gql(ITEM, { b: 'TST-001' });
    expect(anon.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('cancels receipts and reports "Nothing to cancel" with reversed null', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 4 }] });
    const rec = await s.gql(RECEIVE, { i: { poId: po.poId, items: [{ itemId: ids.item3, quantity: 2, binId: ids.stageBinId }] } }, worker.token);
    const receiptIds = rec.data.receivingReceive.submission.receiptIds;
    // the received units are allocated meanwhile: the receipt cannot be reversed (CONFLICT on its place in the list), nothing changes
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item3, binId: ids.stageBinId }, data: { quantityAllocated: { increment: 2 } } });
    const held = await s.gql(CANCEL, { i: { receiptIds: [99999999, ...receiptIds], poId: po.poId } }, worker.token);
    expect(held.errors).toBeUndefined();
    expect(held.data.receivingCancel).toEqual({
      cancellation: null,
      userErrors: [{ field: ['input', 'receiptIds', '1'], code: 'CONFLICT', message: expect.stringMatching(new RegExp(`^Receipt ${receiptIds[0]} cannot be cancelled: only \\d+ of 2 received units are still available in bin STAGE-01$`)) }],
    });
    expect(await s.app.prisma.itemReceipt.count({ where: { receiptId: { in: receiptIds } } })).toBe(1);
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item3, binId: ids.stageBinId }, data: { quantityAllocated: { decrement: 2 } } });
    const c = await s.gql(CANCEL, { i: { receiptIds, poId: po.poId } }, worker.token);
    expect(c.data.receivingCancel).toEqual({ cancellation: { message: 'Cancelled 1 receipt(s)', reversed: 1 }, userErrors: [] });
    expect((await s.gql(PO, { b: po.poNumber }, worker.token)).data.receivingPurchaseOrder.purchaseOrder.status).toBe('OPEN');
    expect((await s.gql(CANCEL, { i: {} }, worker.token)).data.receivingCancel).toEqual({ cancellation: { message: 'Nothing to cancel', reversed: null }, userErrors: [] });
  });

  it('updates the preferred bin and scopes suggestions, lookups and searches', async () => {
    const p = await s.gql(PREFERRED, { i: { itemId: ids.item3, binId: ids.a0201 } }, worker.token);
    expect(p.data.putawayUpdatePreferred).toEqual({ preferredBin: { message: 'Preferred bin for TST-003 set to A-02-01', itemId: ids.item3, binId: ids.a0201, binCode: 'A-02-01' }, userErrors: [] });
    expect((await s.gql(SUGGEST, { id: ids.item3 }, worker.token)).data.putawaySuggestion.preferredBin.binCode).toBe('A-02-01');

    const other = await secondWarehouse(s.app);
    const denied = await s.gql(PENDING, { w: other.warehouseId }, worker.token);
    expect(denied.errors?.[0]).toMatchObject({ message: 'Access denied for this warehouse', extensions: { code: 'FORBIDDEN' } });
    // a bin of another warehouse reads exactly like a missing one
    const foreignBin = await s.gql(BIN, { b: other.stageCode }, worker.token);
    expect(foreignBin).toMatchObject({ data: { lookupBin: null } });
    expect(foreignBin.errors).toBeUndefined();
    expect((await s.gql(BIN, { b: other.stageCode }, admin)).data.lookupBin.bin.binType).toBe('STAGING');

    const so = await s.gql(SO, { b: 'SO-1002' }, worker.token);
    expect(so.data.lookupSalesOrder).toEqual({ soNumber: 'SO-1002', status: 'OPEN', lines: [{ sku: 'TST-003', quantityOrdered: 3 }, { sku: 'TST-004', quantityOrdered: 1 }] });
    const items = await s.gql(`query { lookupItemSearch(q: "gadget") { sku } }`, {}, worker.token);
    expect(items.data.lookupItemSearch).toEqual([{ sku: 'TST-003' }]);
    const bins = await s.gql(`query { lookupBinSearch(q: "a-01") { binCode } }`, {}, worker.token);
    expect(bins.data.lookupBinSearch.map((b: any) => b.binCode)).toEqual(['A-01-01', 'A-01-02', 'A-01-03']);
  });
});
