// GraphQL types, queries and mutations of the packing module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { SalesOrderStatus } from '../graphql/enums';
import { snakeKeys } from '../shared/case';
import * as packing from './packing.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

/** The order header shown by the pack and ship stations. */
export const OutboundOrder = builder.objectRef<packing.OrderHeader>('OutboundOrder').implement({
  fields: (t) => ({
    soId: t.exposeInt('soId'),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (so) => ({ type: 'SalesOrder', id: so.soId }) }),
    soNumber: t.exposeString('soNumber'),
    soBarcode: t.exposeString('soBarcode', { nullable: true }),
    customerName: t.exposeString('customerName', { nullable: true }),
    status: t.expose('status', { type: SalesOrderStatus }),
    shipMethod: t.exposeString('shipMethod', { nullable: true }),
    shipAddress: t.exposeString('shipAddress', { nullable: true }),
    warehouseId: t.exposeInt('warehouseId'),
  }),
});

const PackLine = builder.objectRef<packing.PackLine>('PackLine').implement({
  fields: (t) => ({
    soLineId: t.exposeInt('soLineId'),
    salesOrderLineNodeId: t.globalID({ description: 'Global id of the SalesOrderLine.', resolve: (l) => ({ type: 'SalesOrderLine', id: l.soLineId }) }),
    lineNumber: t.exposeInt('lineNumber'),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    upc: t.exposeString('upc', { nullable: true }),
    weightLbs: t.exposeFloat('weightLbs', { description: 'Item weight; 0.0 when unknown.' }),
    quantityOrdered: t.exposeInt('quantityOrdered'),
    quantityPicked: t.exposeInt('quantityPicked'),
    quantityPacked: t.exposeInt('quantityPacked'),
    packVerified: t.exposeBoolean('packVerified', { description: 'quantityPacked >= quantityPicked' }),
  }),
});

const PackOrder = builder.objectRef<packing.PackOrderView>('PackOrder').implement({
  fields: (t) => ({
    salesOrder: t.field({ type: OutboundOrder, resolve: (r) => r.salesOrder }),
    lines: t.field({ type: [PackLine], resolve: (r) => r.lines }),
    calculatedWeightLbs: t.exposeFloat('calculatedWeightLbs'),
    totalItems: t.exposeInt('totalItems', { description: 'Units picked' }),
    itemsVerified: t.exposeInt('itemsVerified', { description: 'Picked units of fully verified lines' }),
  }),
});

type VerifiedItem = packing.VerifyResult['item'];
const PackVerifiedItem = builder.objectRef<VerifiedItem>('PackVerifiedItem').implement({
  fields: (t) => ({
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    quantityVerified: t.exposeInt('quantityVerified'),
    lineComplete: t.exposeBoolean('lineComplete'),
  }),
});

type Progress = packing.VerifyResult['orderProgress'];
const PackProgress = builder.objectRef<Progress>('PackProgress').implement({
  fields: (t) => ({
    totalLines: t.exposeInt('totalLines'),
    linesVerified: t.exposeInt('linesVerified'),
    allVerified: t.exposeBoolean('allVerified'),
  }),
});

const PackVerification = builder.objectRef<packing.VerifyResult>('PackVerification').implement({
  description: 'One scan verified at the pack station: the line it counted for and the order\'s progress.',
  fields: (t) => ({
    message: t.exposeString('message'),
    itemId: t.exposeInt('itemId'),
    item: t.field({ type: PackVerifiedItem, resolve: (r) => r.item }),
    orderProgress: t.field({ type: PackProgress, resolve: (r) => r.orderProgress }),
  }),
});

const PackCompletion = builder.objectRef<packing.PackCompleteResult>('PackCompletion').implement({
  description: 'A packed order: its new status, units and weight.',
  fields: (t) => ({
    message: t.exposeString('message'),
    soNumber: t.exposeString('soNumber'),
    status: t.expose('status', { type: SalesOrderStatus }),
    totalItems: t.exposeInt('totalItems'),
    calculatedWeightLbs: t.exposeFloat('calculatedWeightLbs'),
  }),
});

const PackVerifyInput = builder.inputType('PackVerifyInput', {
  fields: (t) => ({
    soId: t.int({ required: true }),
    scannedBarcode: t.string({ required: true }),
    quantity: t.int({ required: false, description: 'Default 1' }),
  }),
});
const PackCompleteInput = builder.inputType('PackCompleteInput', {
  fields: (t) => ({ soId: t.int({ required: true }) }),
});

const inputOf = (input: Record<string, unknown>) =>
  snakeKeys(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)));

builder.queryField('packOrder', (t) =>
  t.withShield(authenticated).field({
    type: PackOrder,
    nullable: true,
    description:
      "A PICKED order of the caller's warehouses loaded at the pack station by its number or barcode; null when there is none. An order in another status is refused (BAD_USER_INPUT).",
    args: { barcode: t.arg.string({ required: true }) },
    resolve: (_r, { barcode }, ctx) => packing.packOrder(ctx, barcode),
  }),
);

const PackVerifyPayload = payloadType<packing.VerifyResult>('PackVerifyPayload', {
  description: 'Result of packVerify.',
  resultField: 'verification',
  resultType: PackVerification,
  resultDescription: 'The verified scan; null when userErrors is not empty.',
});

const PackCompletePayload = payloadType<packing.PackCompleteResult>('PackCompletePayload', {
  description: 'Result of packComplete.',
  resultField: 'completion',
  resultType: PackCompletion,
  resultDescription: 'The packed order; null when userErrors is not empty.',
});

builder.mutationField('packVerify', (t) =>
  t.withShield(can('pack')).field({
    type: PackVerifyPayload,
    description: 'Counts one scan (or `quantity` units) of an item against a PICKED order at the pack station.',
    args: { input: t.arg({ type: PackVerifyInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => packing.verify(ctx, inputOf(input))),
  }),
);

builder.mutationField('packComplete', (t) =>
  t.withShield(can('pack')).field({
    type: PackCompletePayload,
    description: 'Marks a fully verified order PACKED.',
    args: { input: t.arg({ type: PackCompleteInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => packing.complete(ctx, inputOf(input))),
  }),
);
