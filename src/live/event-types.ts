// Typed live events: each topic the modules record is a GraphQL type implementing the `LiveEvent` interface, with
// its payload as camelCase typed fields (read from the payload as recorded, snake_case). A topic not listed here
// is an `OtherLiveEvent` (its raw payload only). The same types reach graphql-ws and SSE subscribers.
import type { EnumRef } from '@pothos/core';
import { builder } from '../graphql/builder';
import { CycleCountStatus, ImportEntityType, PurchaseOrderStatus, SalesOrderStatus } from '../graphql/enums';
import { PickBatchKind } from '../picking/picking.lists';
import type { LiveEvent } from './events';

type Scalar = 'Int' | 'String' | 'Boolean' | '[Int]' | 'Released';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any enum of the builder, whatever its values
type AnyEnum = EnumRef<any, any>;
interface EventField {
  type: Scalar | { enum: AnyEnum };
  description: string;
}
interface EventType {
  name: string;
  description: string;
  fields: Record<string, EventField>;
}

const int = (description: string): EventField => ({ type: 'Int', description });
const ints = (description: string): EventField => ({ type: '[Int]', description });
const str = (description: string): EventField => ({ type: 'String', description });
/** A closed set: the payload holds its stored spelling, GraphQL shows the enum value. */
const oneOf = (ref: AnyEnum, description: string): EventField => ({ type: { enum: ref }, description });

const item = int('The item.');
const bin = int('The bin.');
const batch = int('The pick batch.');
const so = int('The sales order.');

/** Every recorded topic (the `journal.event` calls of the services) and its payload. */
const TOPICS: Record<string, EventType> = {
  'receiving.received': {
    name: 'ReceivingReceivedEvent',
    description: 'Stock received against a purchase order.',
    fields: { poId: int('The purchase order.'), poStatus: oneOf(PurchaseOrderStatus, 'Its status after the receipt.'), receiptIds: ints('The receipts written.'), quantity: int('Units received.') },
  },
  'receiving.cancelled': {
    name: 'ReceivingCancelledEvent',
    description: 'Receipts reversed.',
    fields: { receiptIds: ints('The receipts reversed.'), poIds: ints('Their purchase orders.'), quantity: int('Units taken back.') },
  },
  'putaway.confirmed': {
    name: 'PutawayConfirmedEvent',
    description: 'Stock put away from staging into a bin.',
    fields: { itemId: item, fromBinId: int('Where it came from.'), toBinId: int('Where it went.'), quantity: int('Units moved.'), transferId: int('The stock move.') },
  },
  'putaway.preferred_bin_set': {
    name: 'PutawayPreferredBinSetEvent',
    description: 'An item got a new top preferred bin.',
    fields: { itemId: item, binId: bin, previousBin: str('The previous preferred bin code, if any.') },
  },
  'picking.batch_created': {
    name: 'PickingBatchCreatedEvent',
    description: 'A pick batch or wave created.',
    fields: { batchId: batch, soIds: ints('Its orders.'), totalItems: int('Units to pick.'), kind: oneOf(PickBatchKind, 'Batch or wave.') },
  },
  'picking.task_picked': {
    name: 'PickingTaskPickedEvent',
    description: 'A pick task confirmed.',
    fields: { batchId: batch, pickTaskId: int('The task.'), itemId: item, binId: bin, quantityPicked: int('Units picked.') },
  },
  'picking.task_shorted': {
    name: 'PickingTaskShortedEvent',
    description: 'A pick task shorted (less stock than expected).',
    fields: { batchId: batch, pickTaskId: int('The task.'), itemId: item, binId: bin, quantityPicked: int('Units picked.'), shortage: int('Units missing.') },
  },
  'picking.batch_completed': {
    name: 'PickingBatchCompletedEvent',
    description: 'A pick batch completed.',
    fields: { batchId: batch, soIds: ints('Its orders.') },
  },
  'picking.batch_cancelled': {
    name: 'PickingBatchCancelledEvent',
    description: 'A pick batch cancelled; its pending allocations released.',
    fields: { batchId: batch, reopenedSoIds: ints('Orders back to OPEN.'), releasedUnits: int('Units released.') },
  },
  'packing.verified': {
    name: 'PackingVerifiedEvent',
    description: 'Units of an order line verified at the pack station.',
    fields: {
      soId: so,
      soLineId: int('The order line.'),
      itemId: item,
      quantity: int('Units verified by this scan.'),
      lineComplete: { type: 'Boolean', description: 'Whether the line is now fully verified.' },
    },
  },
  'packing.completed': {
    name: 'PackingCompletedEvent',
    description: 'An order packed.',
    fields: { soId: so, totalItems: int('Units packed.') },
  },
  'shipping.fulfilled': {
    name: 'ShippingFulfilledEvent',
    description: 'An order shipped.',
    fields: { soId: so, fulfillmentId: int('The shipment.'), linesShipped: int('Lines shipped.'), totalQuantity: int('Units shipped.') },
  },
  'inventory.adjusted': {
    name: 'InventoryAdjustedEvent',
    description: 'Stock adjusted: one direct adjustment, or a review of pending ones (then the id lists are set).',
    fields: {
      adjustmentId: int('The direct adjustment.'),
      itemId: item,
      binId: bin,
      quantityChange: int('Units added (negative: removed).'),
      approvedAdjustmentIds: ints('Adjustments approved by a review.'),
      rejectedAdjustmentIds: ints('Adjustments rejected by a review.'),
    },
  },
  'inventory.count_created': {
    name: 'InventoryCountCreatedEvent',
    description: 'Cycle counts created.',
    fields: { countIds: ints('The counts.'), binIds: ints('Their bins.') },
  },
  'inventory.counted': {
    name: 'InventoryCountedEvent',
    description: 'A cycle count submitted.',
    fields: { countId: int('The count.'), status: oneOf(CycleCountStatus, 'Its status after submission.'), adjustmentIds: ints('Pending adjustments of its variances.') },
  },
  'inventory.moved': {
    name: 'InventoryMovedEvent',
    description: 'Stock moved between bins of one warehouse.',
    fields: { transferId: int('The stock move.'), itemId: item, fromBinId: int('Source bin.'), toBinId: int('Destination bin.'), quantity: int('Units moved.') },
  },
  'inventory.transferred': {
    name: 'InventoryTransferredEvent',
    description: 'Stock transferred between warehouses (one event in each).',
    fields: {
      itemId: item,
      fromBinId: int('Source bin.'),
      toBinId: int('Destination bin.'),
      fromWarehouseId: int('Source warehouse.'),
      toWarehouseId: int('Destination warehouse.'),
      quantity: int('Units transferred.'),
      reason: str('Why, as entered.'),
    },
  },
  'orders.purchase_order_created': {
    name: 'PurchaseOrderCreatedEvent',
    description: 'A purchase order created.',
    fields: { poId: int('The purchase order.'), poNumber: str('Its number.') },
  },
  'orders.purchase_order_closed': {
    name: 'PurchaseOrderClosedEvent',
    description: 'A purchase order closed.',
    fields: { poId: int('The purchase order.') },
  },
  'orders.sales_order_created': {
    name: 'SalesOrderCreatedEvent',
    description: 'A sales order created.',
    fields: { soId: so, soNumber: str('Its number.') },
  },
  'orders.sales_order_cancelled': {
    name: 'SalesOrderCancelledEvent',
    description: 'A sales order cancelled; what its pending picks held is released.',
    fields: { soId: so, previousStatus: oneOf(SalesOrderStatus, 'Its status before.'), released: { type: 'Released', description: 'Stock released, per item and bin.' } },
  },
  'imports.completed': {
    name: 'ImportCompletedEvent',
    description: 'A bulk import committed.',
    fields: { entityType: oneOf(ImportEntityType, 'What was imported.'), imported: int('Records imported.'), by: str('Who imported them.') },
  },
};

const LiveEventInterface = builder.interfaceRef<LiveEvent>('LiveEvent').implement({
  description: 'A committed change, from the event outbox. Each topic is its own type with typed fields.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Outbox id: pass the last one seen as activityFeed(afterId:) to resume.' }),
    topic: t.exposeString('topic', { description: '<area>.<what>, e.g. receiving.received.' }),
    warehouseId: t.exposeInt('warehouseId', { nullable: true, description: 'The warehouse it happened in.' }),
    payload: t.expose('payload', {
      type: 'JSON',
      description: 'The payload as recorded (snake_case keys).',
      deprecationReason: 'Use the typed fields of the event type.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was recorded.' }),
  }),
  resolveType: (e) => TOPICS[e.topic]?.name ?? 'OtherLiveEvent',
});

const ReleasedStock = builder.objectRef<{ item_id: number; bin_id: number; quantity: number }>('ReleasedStock').implement({
  description: 'Units of one item in one bin no longer held for an order.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item.', resolve: (r) => r.item_id }),
    binId: t.int({ description: 'The bin.', resolve: (r) => r.bin_id }),
    quantity: t.exposeInt('quantity', { description: 'Units released.' }),
  }),
});

/** The recorded payload's key of a typed field: payloads are stored with snake_case keys (`itemId` -> `item_id`). */
const payloadKey = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const value = (e: LiveEvent, field: string) => e.payload[payloadKey(field)] ?? null;

for (const { name, description, fields } of Object.values(TOPICS)) {
  builder.objectRef<LiveEvent>(name).implement({
    description,
    interfaces: [LiveEventInterface],
    fields: (t) =>
      Object.fromEntries(
        Object.entries(fields).map(([field, f]) => {
          const options = { nullable: true, description: f.description, resolve: (e: LiveEvent) => value(e, field) as never };
          if (typeof f.type === 'object') return [field, t.field({ ...options, type: f.type.enum })];
          switch (f.type) {
            case 'Int':
              return [field, t.int(options)];
            case 'String':
              return [field, t.string(options)];
            case 'Boolean':
              return [field, t.boolean(options)];
            case '[Int]':
              return [field, t.intList(options)];
            case 'Released':
              return [field, t.field({ ...options, type: [ReleasedStock] })];
          }
        }),
      ),
  });
}

builder.objectRef<LiveEvent>('OtherLiveEvent').implement({
  description: 'An event of a topic without its own type (read `topic` and `payload`).',
  interfaces: [LiveEventInterface],
  fields: () => ({}),
});

export { LiveEventInterface };

/** The type name of each recorded topic (a test checks that every topic the services record has one). */
export const liveEventTypeOf = (topic: string) => TOPICS[topic]?.name;
