// GraphQL types, queries and mutations of the shipping module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { parseInput } from '../graphql/inputs';
import { FulfillInput as FulfillSchema } from './shipping.inputs';
import { OutboundOrder } from '../packing/packing.schema';
import * as shipping from './shipping.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

const ShipLine = builder.objectRef<shipping.ShipLine>('ShipLine').implement({
  description: 'A line of an order at the ship station.',
  fields: (t) => ({
    soLineId: t.exposeInt('soLineId', { description: 'The sales order line id.' }),
    salesOrderLineNodeId: t.globalID({ description: 'Global id of the SalesOrderLine.', resolve: (l) => ({ type: 'SalesOrderLine', id: l.soLineId }) }),
    lineNumber: t.exposeInt('lineNumber', { description: 'The line number within the order.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    quantityOrdered: t.exposeInt('quantityOrdered', { description: 'The units ordered.' }),
    quantityPicked: t.exposeInt('quantityPicked', { description: 'The units picked (the units that ship).' }),
  }),
});

const ShipOrder = builder.objectRef<shipping.ShipOrderView>('ShipOrder').implement({
  description: 'An order loaded at the ship station with its lines.',
  fields: (t) => ({
    salesOrder: t.field({ description: 'The order header.', type: OutboundOrder, resolve: (r) => r.salesOrder }),
    lines: t.field({ description: 'The lines of the order.', type: [ShipLine], resolve: (r) => r.lines }),
    totalItems: t.exposeInt('totalItems', { description: 'The units to ship.' }),
    totalLines: t.exposeInt('totalLines', { description: 'The number of lines of the order.' }),
  }),
});

const ShipFulfillment = builder.objectRef<shipping.FulfillResult>('ShipFulfillment').implement({
  description: 'A recorded shipment: the fulfillment, its carrier and tracking, and what it shipped.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the station.' }),
    fulfillmentId: t.exposeInt('fulfillmentId', { description: 'The fulfillment (shipment) id.' }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    trackingNumber: t.exposeString('trackingNumber', { description: 'The carrier\'s tracking number.' }),
    carrier: t.exposeString('carrier', { description: 'The carrier name.' }),
    shipMethod: t.exposeString('shipMethod', { description: 'The ship method; null when not given.', nullable: true }),
    linesShipped: t.exposeInt('linesShipped', { description: 'The number of order lines shipped.' }),
    totalQuantity: t.exposeInt('totalQuantity', { description: 'The units shipped.' }),
  }),
});

const ShipFulfillInput = builder.inputType('ShipFulfillInput', {
  description: 'A shipment to record.',
  fields: (t) => ({
    soId: t.int({ description: 'The sales order shipped.', required: true }),
    trackingNumber: t.string({ description: 'The carrier\'s tracking number.', required: true }),
    carrier: t.string({ description: 'The carrier name.', required: true }),
    shipMethod: t.string({ description: 'The ship method; null keeps the order\'s.', required: false }),
  }),
});


builder.queryField('shipOrder', (t) =>
  t.withShield(authenticated).field({
    type: ShipOrder,
    nullable: true,
    description:
      "An order of the caller's warehouses ready to ship (PACKED, or PICKED when packing is not required), by number or barcode; null when there is none. An order not ready is refused (BAD_USER_INPUT).",
    args: { barcode: t.arg.string({ description: 'The SO number or barcode of the order.', required: true }) },
    resolve: (_r, { barcode }, ctx) => shipping.shipOrder(ctx, barcode),
  }),
);

const ShipFulfillPayload = payloadType<shipping.FulfillResult>('ShipFulfillPayload', {
  description: 'Result of shipFulfill.',
  resultField: 'fulfillment',
  resultType: ShipFulfillment,
  resultDescription: 'The recorded shipment; null when userErrors is not empty.',
});

builder.mutationField('shipFulfill', (t) =>
  t.withShield(can('ship')).field({
    type: ShipFulfillPayload,
    description: 'Records the shipment (fulfillment + lines) and marks the order SHIPPED.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: ShipFulfillInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => shipping.fulfill(ctx, parseInput(FulfillSchema, input))),
  }),
);
