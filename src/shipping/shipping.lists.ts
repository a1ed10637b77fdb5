// Dashboard list of shipments (issue #16), in the house list style of src/graphql/lists.ts.
import { builder } from '../graphql/builder';
import { dateRange, defineList, sortInput, warehouseScope } from '../graphql/lists';
import type { CurrentUser } from '../context';

export const ShipmentStatus = builder.enumType('ShipmentStatus', {
  description: 'State of a shipment (item fulfillment).',
  values: { SHIPPED: { value: 'SHIPPED', description: 'Handed to the carrier; stock left the warehouse.' } } as const,
});

const Shipment = builder.prismaNode('ItemFulfillment', {
  name: 'Shipment',
  id: { field: 'fulfillmentId' },
  description: 'A shipment of one sales order (the legacy item fulfillment).',
  fields: (t) => ({
    fulfillmentId: t.exposeInt('fulfillmentId', { description: 'Integer id (the REST `fulfillment_id`).' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse that shipped.' }),
    soId: t.exposeInt('soId', { description: 'Sales order shipped.' }),
    soNumber: t.string({
      description: 'Number of that sales order.',
      select: { salesOrder: { select: { soNumber: true } } },
      resolve: (r) => r.salesOrder.soNumber,
    }),
    trackingNumber: t.exposeString('trackingNumber', { nullable: true, description: 'Carrier tracking number.' }),
    carrier: t.exposeString('carrier', { nullable: true, description: 'Carrier name as entered.' }),
    shipMethod: t.exposeString('shipMethod', { nullable: true, description: 'Service level as entered.' }),
    status: t.field({ type: ShipmentStatus, description: 'State of the shipment.', resolve: (r) => r.status as any }),
    shippedBy: t.exposeString('shippedBy', { nullable: true, description: 'Username of the shipper.' }),
    shippedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it shipped (ISO-8601 UTC).', resolve: (r) => r.shippedAt }),
    unitsShipped: t.int({
      description: 'Units over all its lines.',
      select: { lines: { select: { quantityShipped: true } } },
      resolve: (r) => r.lines.reduce((n, l) => n + l.quantityShipped, 0),
    }),
  }),
});

const ShipmentFilter = builder.inputType('ShipmentFilter', {
  description: 'Conditions on shipments; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'One warehouse (one the caller may not see lists nothing).' }),
    soId: t.int({ description: 'One sales order.' }),
    carrier: t.string({ description: 'Exact carrier name.' }),
    status: t.field({ type: [ShipmentStatus], description: 'Any of these states.' }),
    shippedFrom: t.field({ type: 'DateTime', description: 'Shipped at or after this instant.' }),
    shippedTo: t.field({ type: 'DateTime', description: 'Shipped before this instant.' }),
  }),
});

const ShipmentSortField = builder.enumType('ShipmentSortField', {
  description: 'Columns shipments can be ordered by.',
  values: {
    FULFILLMENT_ID: { value: 'fulfillmentId', description: 'Integer id (shipping order).' },
    SHIPPED_AT: { value: 'shippedAt', description: 'Shipping time.' },
    CARRIER: { value: 'carrier', description: 'Carrier name, alphabetically.' },
  } as const,
});

/** What the `ShipmentFilter` input arrives as. */
type ShipmentFilterShape = typeof ShipmentFilter.$inferInput;

export function shipmentWhere(f: ShipmentFilterShape, user: CurrentUser) {
  return {
    warehouseId: warehouseScope(user, f.warehouseId),
    ...(f.soId != null ? { soId: f.soId } : {}),
    ...(f.carrier != null ? { carrier: f.carrier } : {}),
    ...(f.status ? { status: { in: f.status } } : {}),
    shippedAt: dateRange(f.shippedFrom, f.shippedTo),
  };
}

defineList<ShipmentFilterShape>({
  field: 'shipments',
  description: 'Shipments, newest first.',
  node: Shipment,
  nodeTypeName: 'Shipment',
  idField: 'fulfillmentId',
  connectionName: 'ShipmentConnection',
  filter: ShipmentFilter,
  sortBy: sortInput('ShipmentSort', ShipmentSortField, 'shipments'),
  defaultSort: { field: 'fulfillmentId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.itemFulfillment,
  where: shipmentWhere,
});
