// GraphQL types, queries and mutations of the packing module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { SalesOrderStatus } from '../graphql/enums';
import { parseInput } from '../graphql/inputs';
import { PackCompleteInput as PackCompleteSchema, PackVerifyInput as PackVerifySchema } from './packing.inputs';
import * as packing from './packing.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

/** The order header shown by the pack and ship stations. */
export const OutboundOrder = builder.objectRef<packing.OrderHeader>('OutboundOrder').implement({
  description: 'The order header shown at the pack and ship stations.',
  fields: (t) => ({
    soId: t.exposeInt('soId', { description: 'The sales order id.' }),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (so) => ({ type: 'SalesOrder', id: so.soId }) }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    soBarcode: t.exposeString('soBarcode', { description: 'The barcode of the order; null when none.', nullable: true }),
    customerName: t.exposeString('customerName', { description: 'The customer name; null when not set.', nullable: true }),
    status: t.expose('status', { description: 'The state of the order.', type: SalesOrderStatus }),
    shipMethod: t.exposeString('shipMethod', { description: 'The requested ship method; null when not set.', nullable: true }),
    shipAddress: t.exposeString('shipAddress', { description: 'The ship-to address as one text; null when not set.', nullable: true }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the order.' }),
  }),
});

const PackLine = builder.objectRef<packing.PackLine>('PackLine').implement({
  description: 'A line of an order at the pack station.',
  fields: (t) => ({
    soLineId: t.exposeInt('soLineId', { description: 'The sales order line id.' }),
    salesOrderLineNodeId: t.globalID({ description: 'Global id of the SalesOrderLine.', resolve: (l) => ({ type: 'SalesOrderLine', id: l.soLineId }) }),
    lineNumber: t.exposeInt('lineNumber', { description: 'The line number within the order.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
    weightLbs: t.exposeFloat('weightLbs', { description: 'Item weight; 0.0 when unknown.' }),
    quantityOrdered: t.exposeInt('quantityOrdered', { description: 'The units ordered.' }),
    quantityPicked: t.exposeInt('quantityPicked', { description: 'The units picked.' }),
    quantityPacked: t.exposeInt('quantityPacked', { description: 'The units verified at the pack station.' }),
    packVerified: t.exposeBoolean('packVerified', { description: 'quantityPacked >= quantityPicked' }),
  }),
});

const PackOrder = builder.objectRef<packing.PackOrderView>('PackOrder').implement({
  description: 'An order loaded at the pack station with its lines.',
  fields: (t) => ({
    salesOrder: t.field({ description: 'The order header.', type: OutboundOrder, resolve: (r) => r.salesOrder }),
    lines: t.field({ description: 'The lines of the order.', type: [PackLine], resolve: (r) => r.lines }),
    calculatedWeightLbs: t.exposeFloat('calculatedWeightLbs', { description: 'The weight of the picked units in pounds (item weights, unknown as 0).' }),
    totalItems: t.exposeInt('totalItems', { description: 'Units picked' }),
    itemsVerified: t.exposeInt('itemsVerified', { description: 'Picked units of fully verified lines' }),
  }),
});

type VerifiedItem = packing.VerifyResult['item'];
const PackVerifiedItem = builder.objectRef<VerifiedItem>('PackVerifiedItem').implement({
  description: 'The line a pack scan counted for.',
  fields: (t) => ({
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    quantityVerified: t.exposeInt('quantityVerified', { description: 'The units of the line verified so far.' }),
    lineComplete: t.exposeBoolean('lineComplete', { description: 'Whether all picked units of the line are verified.' }),
  }),
});

type Progress = packing.VerifyResult['orderProgress'];
const PackProgress = builder.objectRef<Progress>('PackProgress').implement({
  description: 'How far an order is verified at the pack station.',
  fields: (t) => ({
    totalLines: t.exposeInt('totalLines', { description: 'The number of lines of the order.' }),
    linesVerified: t.exposeInt('linesVerified', { description: 'The lines whose picked units are all verified.' }),
    allVerified: t.exposeBoolean('allVerified', { description: 'Whether every line is verified (the order can be completed).' }),
  }),
});

const PackVerification = builder.objectRef<packing.VerifyResult>('PackVerification').implement({
  description: 'One scan verified at the pack station: the line it counted for and the order\'s progress.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the station.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id of the scanned item.' }),
    item: t.field({ description: 'The line the scan counted for.', type: PackVerifiedItem, resolve: (r) => r.item }),
    orderProgress: t.field({ description: 'The progress of the order after the scan.', type: PackProgress, resolve: (r) => r.orderProgress }),
  }),
});

const PackCompletion = builder.objectRef<packing.PackCompleteResult>('PackCompletion').implement({
  description: 'A packed order: its new status, units and weight.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the station.' }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    status: t.expose('status', { description: 'The status of the order after packing.', type: SalesOrderStatus }),
    totalItems: t.exposeInt('totalItems', { description: 'The units packed.' }),
    calculatedWeightLbs: t.exposeFloat('calculatedWeightLbs', { description: 'The weight of the packed units in pounds.' }),
  }),
});

const PackVerifyInput = builder.inputType('PackVerifyInput', {
  description: 'A scan at the pack station.',
  fields: (t) => ({
    soId: t.int({ description: 'The sales order being packed.', required: true }),
    scannedBarcode: t.string({ description: 'The barcode scanned from the item (SKU, UPC or item barcode).', required: true }),
    quantity: t.int({ required: false, description: 'Default 1' }),
  }),
});
const PackCompleteInput = builder.inputType('PackCompleteInput', {
  description: 'An order to mark packed.',
  fields: (t) => ({ soId: t.int({ description: 'The sales order id.', required: true }) }),
});


builder.queryField('packOrder', (t) =>
  t.withShield(authenticated).field({
    type: PackOrder,
    nullable: true,
    description:
      "A PICKED order of the caller's warehouses loaded at the pack station by its number or barcode; null when there is none. An order in another status is refused (BAD_USER_INPUT).",
    args: { barcode: t.arg.string({ description: 'The SO number or barcode of the order.', required: true }) },
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
    args: { input: t.arg({ description: 'The input of the mutation.', type: PackVerifyInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => packing.verify(ctx, parseInput(PackVerifySchema, input))),
  }),
);

builder.mutationField('packComplete', (t) =>
  t.withShield(can('pack')).field({
    type: PackCompletePayload,
    description: 'Marks a fully verified order PACKED.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: PackCompleteInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => packing.complete(ctx, parseInput(PackCompleteSchema, input))),
  }),
);
