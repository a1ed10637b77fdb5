// GraphQL types, queries and mutations of the shipping module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { snakeKeys } from '../shared/case';
import { OutboundOrder } from '../packing/packing.schema';
import * as shipping from './shipping.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

const ShipLine = builder.objectRef<shipping.ShipLine>('ShipLine').implement({
  fields: (t) => ({
    soLineId: t.exposeInt('soLineId'),
    salesOrderLineNodeId: t.globalID({ description: 'Global id of the SalesOrderLine.', resolve: (l) => ({ type: 'SalesOrderLine', id: l.soLineId }) }),
    lineNumber: t.exposeInt('lineNumber'),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    quantityOrdered: t.exposeInt('quantityOrdered'),
    quantityPicked: t.exposeInt('quantityPicked'),
  }),
});

const ShipOrder = builder.objectRef<shipping.ShipOrderView>('ShipOrder').implement({
  fields: (t) => ({
    salesOrder: t.field({ type: OutboundOrder, resolve: (r) => r.salesOrder }),
    lines: t.field({ type: [ShipLine], resolve: (r) => r.lines }),
    totalItems: t.exposeInt('totalItems'),
    totalLines: t.exposeInt('totalLines'),
  }),
});

const ShipFulfillment = builder.objectRef<shipping.FulfillResult>('ShipFulfillment').implement({
  description: 'A recorded shipment: the fulfillment, its carrier and tracking, and what it shipped.',
  fields: (t) => ({
    message: t.exposeString('message'),
    fulfillmentId: t.exposeInt('fulfillmentId'),
    soNumber: t.exposeString('soNumber'),
    trackingNumber: t.exposeString('trackingNumber'),
    carrier: t.exposeString('carrier'),
    shipMethod: t.exposeString('shipMethod', { nullable: true }),
    linesShipped: t.exposeInt('linesShipped'),
    totalQuantity: t.exposeInt('totalQuantity'),
  }),
});

const ShipFulfillInput = builder.inputType('ShipFulfillInput', {
  fields: (t) => ({
    soId: t.int({ required: true }),
    trackingNumber: t.string({ required: true }),
    carrier: t.string({ required: true }),
    shipMethod: t.string({ required: false }),
  }),
});

const inputOf = (input: Record<string, unknown>) =>
  snakeKeys(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)));

builder.queryField('shipOrder', (t) =>
  t.withShield(authenticated).field({
    type: ShipOrder,
    nullable: true,
    description:
      "An order of the caller's warehouses ready to ship (PACKED, or PICKED when packing is not required), by number or barcode; null when there is none. An order not ready is refused (BAD_USER_INPUT).",
    args: { barcode: t.arg.string({ required: true }) },
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
    args: { input: t.arg({ type: ShipFulfillInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => shipping.fulfill(ctx, inputOf(input))),
  }),
);
