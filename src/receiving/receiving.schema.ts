// GraphQL types, queries and mutations of the receiving module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { PurchaseOrderLineStatus, PurchaseOrderStatus } from '../graphql/enums';
import { parseInput } from '../graphql/inputs';
import { ReceiptCancelInput as ReceiptCancelInputSchema, ReceiveInput as ReceiveInputSchema } from './receiving.inputs';
import * as receiving from './receiving.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

type View = receiving.ReceivingPurchaseOrderView;

const ReceivingPurchaseOrder = builder.objectRef<View['purchaseOrder']>('ReceivingPurchaseOrder').implement({
  description: 'A purchase order header as the receiving scanner shows it.',
  fields: (t) => ({
    poId: t.exposeInt('poId', { description: 'The purchase order id (poId of receivingReceive).' }),
    purchaseOrderNodeId: t.globalID({ description: 'Global id of the PurchaseOrder.', resolve: (po) => ({ type: 'PurchaseOrder', id: po.poId }) }),
    poNumber: t.exposeString('poNumber', { description: 'The purchase order number.' }),
    poBarcode: t.exposeString('poBarcode', { description: 'The barcode of the purchase order; null when none.', nullable: true }),
    vendorName: t.exposeString('vendorName', { description: 'The vendor name; null when not set.', nullable: true }),
    status: t.expose('status', { description: 'The state of the purchase order.', type: PurchaseOrderStatus }),
    expectedDate: t.expose('expectedDate', { description: 'The day the delivery is expected; null when not set.', type: 'Date', nullable: true }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse receiving the order.' }),
    notes: t.exposeString('notes', { description: 'Free notes; null when none.', nullable: true }),
    createdAt: t.expose('createdAt', { description: 'When the purchase order was created; null when unknown.', type: 'DateTime', nullable: true }),
  }),
});

const ReceivingPurchaseOrderLine = builder.objectRef<View['lines'][number]>('ReceivingPurchaseOrderLine').implement({
  description: 'A line of a purchase order as the receiving scanner shows it.',
  fields: (t) => ({
    poLineId: t.exposeInt('poLineId', { description: 'The purchase order line id.' }),
    purchaseOrderLineNodeId: t.globalID({ description: 'Global id of the PurchaseOrderLine.', resolve: (l) => ({ type: 'PurchaseOrderLine', id: l.poLineId }) }),
    lineNumber: t.exposeInt('lineNumber', { description: 'The line number within the order.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id (itemId of receivingReceive).' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
    itemBarcode: t.exposeString('itemBarcode', { nullable: true, description: "The item's first barcode alias (scanner matches scans on it)." }),
    quantityOrdered: t.exposeInt('quantityOrdered', { description: 'The units ordered.' }),
    quantityReceived: t.exposeInt('quantityReceived', { description: 'The units received so far.' }),
    quantityRemaining: t.exposeInt('quantityRemaining', { description: 'Ordered minus received; negative after an over-receipt.' }),
    status: t.expose('status', { description: 'The state of the line; null when not set.', type: PurchaseOrderLineStatus, nullable: true }),
    stagingBinId: t.exposeInt('stagingBinId', {
      nullable: true,
      description: "Default receiving bin: setting default_receiving_bin when it is a bin of the PO's warehouse, else its first Staging bin.",
    }),
    stagingBinNodeId: t.globalID({
      nullable: true,
      description: 'Global id of that Bin.',
      resolve: (l) => (l.stagingBinId === null ? null : { type: 'Bin', id: l.stagingBinId }),
    }),
  }),
});

const ReceivingPurchaseOrderLookup = builder.objectRef<View>('ReceivingPurchaseOrderLookup').implement({
  description: 'A purchase order to receive, with its lines.',
  fields: (t) => ({
    purchaseOrder: t.field({ description: 'The order header.', type: ReceivingPurchaseOrder, resolve: (v) => v.purchaseOrder }),
    lines: t.field({ description: 'The lines of the order.', type: [ReceivingPurchaseOrderLine], resolve: (v) => v.lines }),
  }),
});

const ReceivingSubmission = builder.objectRef<receiving.ReceiveResult>('ReceivingSubmission').implement({
  description: "One receiving submission: the receipts it created (one per entry), the PO's new status and over-receipt warnings.",
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }),
    receiptIds: t.exposeIntList('receiptIds', { description: 'The ids of the receipts created, one per entry.' }),
    poStatus: t.expose('poStatus', { description: 'The status of the purchase order after receiving.', type: PurchaseOrderStatus }),
    warnings: t.exposeStringList('warnings', { description: 'Over-receipt warnings, one text per line received beyond its order; empty when none.' }),
  }),
});

const ReceivingCancellation = builder.objectRef<receiving.CancelResult>('ReceivingCancellation').implement({
  description: 'Receipts reversed: how many, with a message.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }),
    reversed: t.exposeInt('reversed', { nullable: true, description: 'Receipts reversed; null when nothing was asked for.' }),
  }),
});

const ReceivingReceiveItemInput = builder.inputType('ReceivingReceiveItemInput', {
  description: 'One entry received: units of an item into a bin.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item received (a line of the PO).', required: true }),
    quantity: t.int({ description: 'The units received (more than 0).', required: true }),
    binId: t.int({ description: 'The bin receiving the units, in the PO\'s warehouse.', required: true }),
    lotNumber: t.string({ description: 'The lot of the units; null when not tracked.' }),
    serialNumber: t.string({ description: 'The serial number; null when not tracked.' }),
    notes: t.string({ description: 'Free notes on the receipt; null for none.' }),
  }),
});

const ReceivingReceiveInput = builder.inputType('ReceivingReceiveInput', {
  description: 'A receiving submission against one purchase order.',
  fields: (t) => ({
    poId: t.int({ description: 'The purchase order received.', required: true }),
    items: t.field({ description: 'The entries received (at least one).', type: [ReceivingReceiveItemInput], required: true }),
  }),
});

const ReceivingCancelInput = builder.inputType('ReceivingCancelInput', {
  description: 'Receipts to reverse.',
  fields: (t) => ({
    receiptIds: t.intList({ description: 'The receipts to reverse; unknown ids and receipts of other warehouses are skipped.' }),
    poId: t.int({ description: 'A purchase order whose status is recomputed with those of the receipts; null for none.' }),
    warehouseId: t.int({ description: 'Ignored: each receipt carries its warehouse.' }),
  }),
});

builder.queryField('receivingPurchaseOrder', (t) =>
  t.withShield(authenticated).field({
    type: ReceivingPurchaseOrderLookup,
    nullable: true,
    description:
      "A purchase order of the caller's warehouses to receive, by barcode or PO number; null when there is none. A closed PO is refused (BAD_USER_INPUT).",
    args: { barcode: t.arg.string({ description: 'The barcode or PO number of the order.', required: true }) },
    resolve: (_r, { barcode }, ctx) => receiving.purchaseOrderByBarcode(ctx, barcode),
  }),
);

const ReceivingReceivePayload = payloadType<receiving.ReceiveResult>('ReceivingReceivePayload', {
  description: 'Result of receivingReceive.',
  resultField: 'submission',
  resultType: ReceivingSubmission,
  resultDescription: 'The receipts created; null when userErrors is not empty (then nothing was received).',
});

const ReceivingCancelPayload = payloadType<receiving.CancelResult>('ReceivingCancelPayload', {
  description: 'Result of receivingCancel.',
  resultField: 'cancellation',
  resultType: ReceivingCancellation,
  resultDescription: 'The receipts reversed; null when userErrors is not empty (then nothing was reversed).',
});

builder.mutationField('receivingReceive', (t) =>
  t.withShield(can('receive')).field({
    type: ReceivingReceivePayload,
    description: 'Receives PO items into bins of the PO warehouse (all entries or none).',
    args: { input: t.arg({ description: 'The input of the mutation.', type: ReceivingReceiveInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => receiving.receive(ctx, parseInput(ReceiveInputSchema, input))),
  }),
);

builder.mutationField('receivingCancel', (t) =>
  t.withShield(can('receive')).field({
    type: ReceivingCancelPayload,
    description: 'Reverses receipts: takes back exactly the received stock and updates the PO lines.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: ReceivingCancelInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => receiving.cancelReceipts(ctx, parseInput(ReceiptCancelInputSchema, input))),
  }),
);
