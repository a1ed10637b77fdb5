// GraphQL types, queries and mutations of the receiving module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { PurchaseOrderLineStatus, PurchaseOrderStatus } from '../graphql/enums';
import { snakeKeys } from '../shared/case';
import * as receiving from './receiving.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

type View = receiving.ReceivingPurchaseOrderView;

const ReceivingPurchaseOrder = builder.objectRef<View['purchaseOrder']>('ReceivingPurchaseOrder').implement({
  description: 'A purchase order header as the receiving scanner shows it.',
  fields: (t) => ({
    poId: t.exposeInt('poId'),
    purchaseOrderNodeId: t.globalID({ description: 'Global id of the PurchaseOrder.', resolve: (po) => ({ type: 'PurchaseOrder', id: po.poId }) }),
    poNumber: t.exposeString('poNumber'),
    poBarcode: t.exposeString('poBarcode', { nullable: true }),
    vendorName: t.exposeString('vendorName', { nullable: true }),
    status: t.expose('status', { type: PurchaseOrderStatus }),
    expectedDate: t.expose('expectedDate', { type: 'Date', nullable: true }),
    warehouseId: t.exposeInt('warehouseId'),
    notes: t.exposeString('notes', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
  }),
});

const ReceivingPurchaseOrderLine = builder.objectRef<View['lines'][number]>('ReceivingPurchaseOrderLine').implement({
  fields: (t) => ({
    poLineId: t.exposeInt('poLineId'),
    purchaseOrderLineNodeId: t.globalID({ description: 'Global id of the PurchaseOrderLine.', resolve: (l) => ({ type: 'PurchaseOrderLine', id: l.poLineId }) }),
    lineNumber: t.exposeInt('lineNumber'),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    upc: t.exposeString('upc', { nullable: true }),
    itemBarcode: t.exposeString('itemBarcode', { nullable: true, description: "The item's first barcode alias (scanner matches scans on it)." }),
    quantityOrdered: t.exposeInt('quantityOrdered'),
    quantityReceived: t.exposeInt('quantityReceived'),
    quantityRemaining: t.exposeInt('quantityRemaining', { description: 'Ordered minus received; negative after an over-receipt.' }),
    status: t.expose('status', { type: PurchaseOrderLineStatus, nullable: true }),
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
  fields: (t) => ({
    purchaseOrder: t.field({ type: ReceivingPurchaseOrder, resolve: (v) => v.purchaseOrder }),
    lines: t.field({ type: [ReceivingPurchaseOrderLine], resolve: (v) => v.lines }),
  }),
});

const ReceivingSubmission = builder.objectRef<receiving.ReceiveResult>('ReceivingSubmission').implement({
  description: "One receiving submission: the receipts it created (one per entry), the PO's new status and over-receipt warnings.",
  fields: (t) => ({
    message: t.exposeString('message'),
    receiptIds: t.exposeIntList('receiptIds'),
    poStatus: t.expose('poStatus', { type: PurchaseOrderStatus }),
    warnings: t.exposeStringList('warnings'),
  }),
});

const ReceivingCancellation = builder.objectRef<receiving.CancelResult>('ReceivingCancellation').implement({
  description: 'Receipts reversed: how many, with a message.',
  fields: (t) => ({
    message: t.exposeString('message'),
    reversed: t.exposeInt('reversed', { nullable: true, description: 'Receipts reversed; null when nothing was asked for.' }),
  }),
});

const ReceivingReceiveItemInput = builder.inputType('ReceivingReceiveItemInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    quantity: t.int({ required: true }),
    binId: t.int({ required: true }),
    lotNumber: t.string(),
    serialNumber: t.string(),
    notes: t.string(),
  }),
});

const ReceivingReceiveInput = builder.inputType('ReceivingReceiveInput', {
  fields: (t) => ({
    poId: t.int({ required: true }),
    items: t.field({ type: [ReceivingReceiveItemInput], required: true }),
  }),
});

const ReceivingCancelInput = builder.inputType('ReceivingCancelInput', {
  fields: (t) => ({
    receiptIds: t.intList(),
    poId: t.int(),
    warehouseId: t.int(),
  }),
});

builder.queryField('receivingPurchaseOrder', (t) =>
  t.withShield(authenticated).field({
    type: ReceivingPurchaseOrderLookup,
    nullable: true,
    description:
      "A purchase order of the caller's warehouses to receive, by barcode or PO number; null when there is none. A closed PO is refused (BAD_USER_INPUT).",
    args: { barcode: t.arg.string({ required: true }) },
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
    args: { input: t.arg({ type: ReceivingReceiveInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => receiving.receive(ctx, snakeKeys(input))),
  }),
);

builder.mutationField('receivingCancel', (t) =>
  t.withShield(can('receive')).field({
    type: ReceivingCancelPayload,
    description: 'Reverses receipts: takes back exactly the received stock and updates the PO lines.',
    args: { input: t.arg({ type: ReceivingCancelInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => receiving.cancelReceipts(ctx, snakeKeys(input))),
  }),
);
