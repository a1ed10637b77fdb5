// GraphQL types, queries and mutations of the admin orders module (spec 70 §7–§8).
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../graphql/builder';
import { payloadOf, payloadType } from '../../graphql/payloads';
import type { RequestContext } from '../../context';
import { legacyDecimal } from '../../shared/format';
import { defineList, sortInput } from '../../graphql/lists';
import { parseInput } from '../../graphql/inputs';
import {
  PurchaseOrderCloseInput as PurchaseOrderCloseSchema,
  PurchaseOrderCreateInput as PurchaseOrderCreateSchema,
  PurchaseOrderUpdateInput as PurchaseOrderUpdateSchema,
  SalesOrderCancelInput as SalesOrderCancelSchema,
  SalesOrderCreateInput as SalesOrderCreateSchema,
  SalesOrderUpdateInput as SalesOrderUpdateSchema,
} from './orders.inputs';
import * as orders from './orders.service';
import { admin } from '../../auth/rules';
import { PurchaseOrderLineStatus, PurchaseOrderStatus, SalesOrderLineStatus, SalesOrderStatus } from '../../graphql/enums';

// ---------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------

const itemSelect = { item: { select: { sku: true, itemName: true, upc: true } } } as const;

builder.prismaNode('PurchaseOrderLine', {
  description: 'One item of a purchase order: how many units are expected and how many have been received.',
  id: { field: 'poLineId' },
  fields: (t) => ({
    poLineId: t.exposeInt('poLineId', { description: 'Integer key of the line (REST `po_line_id`); receiving names lines by it.' }),
    poId: t.exposeInt('poId', { description: 'The purchase order of the line.' }),
    lineNumber: t.exposeInt('lineNumber', { description: 'Line number as entered (1 when none was given; several lines may share one).' }),
    itemId: t.exposeInt('itemId', { description: 'The item ordered.' }),
    sku: t.string({ description: 'SKU of the item.', select: itemSelect, resolve: (l) => l.item.sku }),
    itemName: t.string({ description: 'Name of the item.', select: itemSelect, resolve: (l) => l.item.itemName }),
    upc: t.string({ nullable: true, description: 'Product barcode of the item; null when it has none.', select: itemSelect, resolve: (l) => l.item.upc }),
    quantityOrdered: t.exposeInt('quantityOrdered', { description: 'Units expected from the vendor.' }),
    quantityReceived: t.exposeInt('quantityReceived', { description: 'Units received so far (may exceed quantityOrdered when over-receiving is allowed).' }),
    unitCost: t.float({ nullable: true, description: 'null when 0 or unset (legacy)', resolve: (l) => legacyDecimal(l.unitCost) }),
    status: t.expose('status', { type: PurchaseOrderLineStatus, nullable: true, description: 'Receiving progress of the line; null on rows carried over without one.' }),
  }),
});

const LINE_ORDER = [{ lineNumber: 'asc' as const }, { poLineId: 'asc' as const }];
const SO_LINE_ORDER = [{ lineNumber: 'asc' as const }, { soLineId: 'asc' as const }];

export const PurchaseOrder = builder.prismaNode('PurchaseOrder', {
  description: 'An inbound order from a vendor to one warehouse; receiving books its lines in.',
  id: { field: 'poId' },
  fields: (t) => ({
    poId: t.exposeInt('poId', { description: 'Integer key of the purchase order (REST `po_id`).' }),
    poNumber: t.exposeString('poNumber', { description: 'The order number shown to people, unique.' }),
    poBarcode: t.exposeString('poBarcode', { nullable: true, description: 'Barcode printed on the paperwork, scanned at receiving; null when none was given.' }),
    vendorName: t.exposeString('vendorName', { nullable: true, description: 'Who ships the goods; null when not entered.' }),
    status: t.expose('status', { type: PurchaseOrderStatus, description: 'Where the order is in receiving.' }),
    expectedDate: t.expose('expectedDate', { type: 'Date', nullable: true, description: 'The day delivery is expected; null when not entered.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse receiving the goods.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text notes; null when none.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the order was created; null on rows carried over without it.' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: true, description: 'When every line was fully received (status became RECEIVED); null before. A receipt cancel does not clear it.' }),
    createdBy: t.exposeString('createdBy', { nullable: true, description: 'Username of the creator; null for imported orders.' }),
    lineCount: t.relationCount('lines', { description: 'Number of lines (without loading them).' }),
    lines: t.relation('lines', { description: 'The lines, by lineNumber then poLineId.', query: { orderBy: LINE_ORDER } }),
  }),
});

builder.prismaNode('SalesOrderLine', {
  description: 'One item of a sales order, with its progress through allocation, picking, packing and shipping (in units).',
  id: { field: 'soLineId' },
  fields: (t) => ({
    soLineId: t.exposeInt('soLineId', { description: 'Integer key of the line (REST `so_line_id`).' }),
    soId: t.exposeInt('soId', { description: 'The sales order of the line.' }),
    lineNumber: t.exposeInt('lineNumber', { description: 'Line number as entered (1 when none was given; several lines may share one).' }),
    itemId: t.exposeInt('itemId', { description: 'The item ordered.' }),
    sku: t.string({ description: 'SKU of the item.', select: itemSelect, resolve: (l) => l.item.sku }),
    itemName: t.string({ description: 'Name of the item.', select: itemSelect, resolve: (l) => l.item.itemName }),
    upc: t.string({ nullable: true, description: 'Product barcode of the item; null when it has none.', select: itemSelect, resolve: (l) => l.item.upc }),
    quantityOrdered: t.exposeInt('quantityOrdered', { description: 'Units the customer ordered.' }),
    quantityAllocated: t.exposeInt('quantityAllocated', { description: 'Units reserved in bins for picking (by a pick batch or wave).' }),
    quantityPicked: t.exposeInt('quantityPicked', { description: 'Units picked so far.' }),
    quantityPacked: t.exposeInt('quantityPacked', { description: 'Units verified at the packing station so far.' }),
    quantityShipped: t.exposeInt('quantityShipped', { description: 'Units shipped.' }),
    status: t.expose('status', { type: SalesOrderLineStatus, nullable: true, description: 'Fulfilment progress of the line; null on rows carried over without one.' }),
  }),
});

export const SalesOrder = builder.prismaNode('SalesOrder', {
  description: 'An outbound customer order shipped from one warehouse: picked, packed (when required) and shipped.',
  id: { field: 'soId' },
  fields: (t) => ({
    soId: t.exposeInt('soId', { description: 'Integer key of the sales order (REST `so_id`); pick batches and waves take it.' }),
    soNumber: t.exposeString('soNumber', { description: 'The order number shown to people, unique.' }),
    soBarcode: t.exposeString('soBarcode', { nullable: true, description: 'Barcode printed on the order paperwork, scanned to find the order (picking, packing, lookups); null when none was given.' }),
    customerName: t.exposeString('customerName', { nullable: true, description: 'Customer name; null when not entered.' }),
    customerPhone: t.exposeString('customerPhone', { nullable: true, description: 'Customer phone number; null when not entered.' }),
    customerAddress: t.exposeString('customerAddress', { nullable: true, description: 'Customer (billing) address as free text; null when not entered.' }),
    status: t.expose('status', { type: SalesOrderStatus, description: 'Where the order is in fulfilment.' }),
    priority: t.exposeInt('priority', { nullable: true, description: 'Priority from 0 to 10 set by salesOrderUpdate (0 on creation; informational, no list orders by it).' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse shipping the order.' }),
    shipMethod: t.exposeString('shipMethod', { nullable: true, description: 'Requested shipping service as free text (e.g. `GROUND`); null when not entered.' }),
    shipAddress: t.exposeString('shipAddress', { nullable: true, description: 'Delivery address as free text; null when not entered.' }),
    orderDate: t.expose('orderDate', { type: 'DateTime', nullable: true, description: 'When the order was placed (its creation time for orders created here).' }),
    shipByDate: t.expose('shipByDate', { type: 'Date', nullable: true, description: 'The day the order must ship by; null when none.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the row was created; null on rows carried over without it.' }),
    createdBy: t.exposeString('createdBy', { nullable: true, description: 'Username of the creator; null for imported orders.' }),
    carrier: t.exposeString('carrier', { nullable: true, description: 'Carrier entered at shipping; null until shipped.' }),
    trackingNumber: t.exposeString('trackingNumber', { nullable: true, description: 'Tracking number entered at shipping; null until shipped.' }),
    shippedAt: t.expose('shippedAt', { type: 'DateTime', nullable: true, description: 'When the order was shipped; null until then.' }),
    lineCount: t.relationCount('lines', { description: 'Number of lines (without loading them).' }),
    lines: t.relation('lines', { description: 'The lines, by lineNumber then soLineId.', query: { orderBy: SO_LINE_ORDER } }),
  }),
});

// ---------------------------------------------------------------------------------------------------
// Lists (the REST lists read them page by page: rest-compat/pages.ts)
// ---------------------------------------------------------------------------------------------------

const orderFilter = (name: string, status: typeof PurchaseOrderStatus | typeof SalesOrderStatus, what: string) =>
  builder.inputType(name, {
    description: `Conditions on ${what}; all given ones must hold.`,
    fields: (t) => ({
      status: t.field({ type: [status], description: 'Any of these statuses.' }),
      warehouseId: t.int({ description: 'One warehouse (0 or absent: every warehouse).' }),
      createdFrom: t.field({ type: 'DateTime', description: 'Created at or after this instant.' }),
      createdTo: t.field({ type: 'DateTime', description: 'Created before this instant.' }),
    }),
  });

const PurchaseOrderSortField = builder.enumType('PurchaseOrderSortField', {
  description: 'Columns purchase orders can be ordered by.',
  values: {
    PO_ID: { value: 'poId', description: 'Integer id (creation order; the legacy list is PO_ID DESC).' },
    PO_NUMBER: { value: 'poNumber', description: 'PO number, alphabetically.' },
    EXPECTED_DATE: { value: 'expectedDate', description: 'Expected delivery day.' },
    CREATED_AT: { value: 'createdAt', description: 'Creation time.' },
  } as const,
});

const SalesOrderSortField = builder.enumType('SalesOrderSortField', {
  description: 'Columns sales orders can be ordered by.',
  values: {
    SO_ID: { value: 'soId', description: 'Integer id (creation order; the legacy list is SO_ID DESC).' },
    SO_NUMBER: { value: 'soNumber', description: 'SO number, alphabetically.' },
    PRIORITY: { value: 'priority', description: 'Priority number.' },
    SHIP_BY_DATE: { value: 'shipByDate', description: 'Ship-by day.' },
    CREATED_AT: { value: 'createdAt', description: 'Creation time.' },
  } as const,
});

defineList<orders.OrderListFilter>({
  field: 'purchaseOrders',
  description: 'Purchase orders, newest first.',
  notes: 'ADMIN only.',
  rule: admin,
  node: PurchaseOrder,
  nodeTypeName: 'PurchaseOrder',
  idField: 'poId',
  connectionName: 'PurchaseOrderConnection',
  filter: orderFilter('PurchaseOrderFilter', PurchaseOrderStatus, 'purchase orders'),
  sortBy: sortInput('PurchaseOrderSort', PurchaseOrderSortField, 'purchase orders'),
  defaultSort: { field: 'poId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.purchaseOrder,
  where: (f) => orders.purchaseOrderWhere(f),
});

defineList<orders.OrderListFilter>({
  field: 'salesOrders',
  description: 'Sales orders, newest first.',
  notes: 'ADMIN only.',
  rule: admin,
  node: SalesOrder,
  nodeTypeName: 'SalesOrder',
  idField: 'soId',
  connectionName: 'SalesOrderConnection',
  filter: orderFilter('SalesOrderFilter', SalesOrderStatus, 'sales orders'),
  sortBy: sortInput('SalesOrderSort', SalesOrderSortField, 'sales orders'),
  defaultSort: { field: 'soId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.salesOrder,
  where: (f) => orders.salesOrderWhere(f),
});

builder.queryFields((t) => ({
  purchaseOrder: t.withShield(admin).prismaField({
    type: PurchaseOrder,
    nullable: true,
    description: 'The purchase order with this integer id, or null when there is none.',
    args: { poId: t.arg.int({ required: true, description: 'The poId.' }) },
    resolve: (query, _r, { poId }, ctx) => ctx.app.prisma.purchaseOrder.findUnique({ ...query, where: { poId } }),
  }),
  salesOrder: t.withShield(admin).prismaField({
    type: SalesOrder,
    nullable: true,
    description: 'The sales order with this integer id, or null when there is none.',
    args: { soId: t.arg.int({ required: true, description: 'The soId.' }) },
    resolve: (query, _r, { soId }, ctx) => ctx.app.prisma.salesOrder.findUnique({ ...query, where: { soId } }),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------

const PurchaseOrderLineInput = builder.inputType('PurchaseOrderLineInput', {
  description: 'One line of a new purchase order.',
  fields: (t) => ({
    itemId: t.int({ required: true, description: 'The item ordered (must exist).' }),
    quantityOrdered: t.int({ required: true, description: 'Units expected, 1 to 1,000,000.' }),
    unitCost: t.float({ description: 'Cost per unit (≥ 0), in the purchasing currency.' }),
    lineNumber: t.int({ description: 'Line number (≥ 1); 1 when omitted.' }),
  }),
});

const PurchaseOrderCreateInput = builder.inputType('PurchaseOrderCreateInput', {
  description: 'A new purchase order (created OPEN).',
  fields: (t) => ({
    poNumber: t.string({ required: true, description: 'Order number, unique among purchase orders.' }),
    warehouseId: t.int({ required: true, description: 'The warehouse receiving the goods.' }),
    lines: t.field({ type: [PurchaseOrderLineInput], required: true, description: 'At least one line.' }),
    poBarcode: t.string({ description: 'Barcode on the paperwork; null when omitted.' }),
    vendorName: t.string({ description: 'Who ships the goods.' }),
    expectedDate: t.field({ type: 'Date', description: 'The day delivery is expected.' }),
    notes: t.string({ description: 'Free-text notes.' }),
  }),
});

const PurchaseOrderUpdateInput = builder.inputType('PurchaseOrderUpdateInput', {
  description: 'An OPEN purchase order and its changes: only the fields sent are written; null clears a nullable field.',
  fields: (t) => ({
    poId: t.int({ required: true, description: 'The purchase order to edit.' }),
    poNumber: t.string({ description: 'New order number, unique among purchase orders.' }),
    poBarcode: t.string({ description: 'New barcode of the paperwork.' }),
    vendorName: t.string({ description: 'New vendor name.' }),
    expectedDate: t.field({ type: 'Date', description: 'The day delivery is expected.' }),
    notes: t.string({ description: 'New notes.' }),
  }),
});

const PurchaseOrderCloseInput = builder.inputType('PurchaseOrderCloseInput', {
  description: 'A purchase order to close.',
  fields: (t) => ({ poId: t.int({ required: true, description: 'The purchase order to close.' }) }),
});

const SalesOrderLineInput = builder.inputType('SalesOrderLineInput', {
  description: 'One line of a new sales order.',
  fields: (t) => ({
    itemId: t.int({ required: true, description: 'The item ordered (must exist).' }),
    quantityOrdered: t.int({ required: true, description: 'Units ordered, 1 to 1,000,000.' }),
    lineNumber: t.int({ description: 'Line number (≥ 1); 1 when omitted.' }),
  }),
});

const SalesOrderCreateInput = builder.inputType('SalesOrderCreateInput', {
  description: 'A new sales order (created OPEN, priority 0, ordered now).',
  fields: (t) => ({
    soNumber: t.string({ required: true, description: 'Order number, unique among sales orders.' }),
    warehouseId: t.int({ required: true, description: 'The warehouse shipping the order.' }),
    lines: t.field({ type: [SalesOrderLineInput], required: true, description: 'At least one line.' }),
    soBarcode: t.string({ description: 'Barcode on the pick list or slip; null when omitted.' }),
    customerName: t.string({ description: 'Customer name.' }),
    customerPhone: t.string({ description: 'Customer phone number.' }),
    customerAddress: t.string({ description: 'Customer (billing) address.' }),
    shipMethod: t.string({ description: 'Requested shipping service.' }),
    shipAddress: t.string({ description: 'Delivery address.' }),
    shipByDate: t.field({ type: 'Date', description: 'The day the order must ship by.' }),
  }),
});

const SalesOrderUpdateInput = builder.inputType('SalesOrderUpdateInput', {
  description: 'An OPEN sales order and its changes: only the fields sent are written; null clears a nullable field.',
  fields: (t) => ({
    soId: t.int({ required: true, description: 'The sales order to edit.' }),
    soNumber: t.string({ description: 'New order number, unique among sales orders.' }),
    soBarcode: t.string({ description: 'New barcode of the pick list or slip.' }),
    customerName: t.string({ description: 'New customer name.' }),
    customerPhone: t.string({ description: 'New customer phone number.' }),
    customerAddress: t.string({ description: 'New customer address.' }),
    shipMethod: t.string({ description: 'New shipping service.' }),
    shipAddress: t.string({ description: 'New delivery address.' }),
    shipByDate: t.field({ type: 'Date', description: 'The day the order must ship by.' }),
    priority: t.int({ description: 'Priority from 0 to 10.' }),
  }),
});

const SalesOrderCancelInput = builder.inputType('SalesOrderCancelInput', {
  description: 'A sales order to cancel.',
  fields: (t) => ({ soId: t.int({ required: true, description: 'The sales order to cancel.' }) }),
});

/** Loads a changed order with what the client selected under the payload's result field (its lines in the same query). */
const resultQuery = (ctx: RequestContext, info: GraphQLResolveInfo, typeName: 'PurchaseOrder' | 'SalesOrder', field: string) =>
  queryFromInfo({ context: ctx, info, typeName, path: [field] }) as Record<string, never>;

const loadPurchaseOrder = (ctx: RequestContext, info: GraphQLResolveInfo, poId: number) =>
  ctx.app.prisma.purchaseOrder.findUniqueOrThrow({ ...resultQuery(ctx, info, 'PurchaseOrder', 'purchaseOrder'), where: { poId } });
const loadSalesOrder = (ctx: RequestContext, info: GraphQLResolveInfo, soId: number) =>
  ctx.app.prisma.salesOrder.findUniqueOrThrow({ ...resultQuery(ctx, info, 'SalesOrder', 'salesOrder'), where: { soId } });

type PurchaseOrderRow = Awaited<ReturnType<typeof loadPurchaseOrder>>;
type SalesOrderRow = Awaited<ReturnType<typeof loadSalesOrder>>;

const purchaseOrderPayload = (mutation: string, what: string) =>
  payloadType<PurchaseOrderRow>(`${mutation}Payload`, {
    description: `Result of ${mutation[0].toLowerCase()}${mutation.slice(1)}.`,
    resultField: 'purchaseOrder',
    resultType: PurchaseOrder,
    resultDescription: `The ${what} purchase order; null when userErrors is not empty (then nothing was written).`,
  });
const salesOrderPayload = (mutation: string, what: string) =>
  payloadType<SalesOrderRow>(`${mutation}Payload`, {
    description: `Result of ${mutation[0].toLowerCase()}${mutation.slice(1)}.`,
    resultField: 'salesOrder',
    resultType: SalesOrder,
    resultDescription: `The ${what} sales order; null when userErrors is not empty (then nothing was written).`,
  });

builder.mutationFields((t) => ({
  purchaseOrderCreate: t.withShield(admin).field({
    type: purchaseOrderPayload('PurchaseOrderCreate', 'created'),
    description: 'Creates an OPEN purchase order with its lines (a line without lineNumber is line 1, as in the legacy).',
    args: { input: t.arg({ type: PurchaseOrderCreateInput, required: true, description: 'The order header and its lines.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadPurchaseOrder(ctx, info, await orders.createPurchaseOrder(ctx, parseInput(PurchaseOrderCreateSchema, input)))),
  }),
  purchaseOrderUpdate: t.withShield(admin).field({
    type: purchaseOrderPayload('PurchaseOrderUpdate', 'updated'),
    description: 'Edits the header of an OPEN purchase order: only the fields sent are written.',
    args: { input: t.arg({ type: PurchaseOrderUpdateInput, required: true, description: 'The purchase order and its changes.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadPurchaseOrder(ctx, info, await orders.updatePurchaseOrder(ctx, parseInput(PurchaseOrderUpdateSchema, input)))),
  }),
  purchaseOrderClose: t.withShield(admin).field({
    type: purchaseOrderPayload('PurchaseOrderClose', 'closed'),
    description: 'Closes a purchase order whatever its status.',
    args: { input: t.arg({ type: PurchaseOrderCloseInput, required: true, description: 'The purchase order to close.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadPurchaseOrder(ctx, info, await orders.closePurchaseOrder(ctx, parseInput(PurchaseOrderCloseSchema, input)))),
  }),
  salesOrderCreate: t.withShield(admin).field({
    type: salesOrderPayload('SalesOrderCreate', 'created'),
    description: 'Creates an OPEN sales order (priority 0) with its lines.',
    args: { input: t.arg({ type: SalesOrderCreateInput, required: true, description: 'The order header and its lines.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadSalesOrder(ctx, info, await orders.createSalesOrder(ctx, parseInput(SalesOrderCreateSchema, input)))),
  }),
  salesOrderUpdate: t.withShield(admin).field({
    type: salesOrderPayload('SalesOrderUpdate', 'updated'),
    description: 'Edits the header of an OPEN sales order: only the fields sent are written.',
    args: { input: t.arg({ type: SalesOrderUpdateInput, required: true, description: 'The sales order and its changes.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadSalesOrder(ctx, info, await orders.updateSalesOrder(ctx, parseInput(SalesOrderUpdateSchema, input)))),
  }),
  salesOrderCancel: t.withShield(admin).field({
    type: salesOrderPayload('SalesOrderCancel', 'cancelled'),
    description: 'Cancels an OPEN/ALLOCATED/PICKING order, releasing what its pending pick tasks hold.',
    args: { input: t.arg({ type: SalesOrderCancelInput, required: true, description: 'The sales order to cancel.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadSalesOrder(ctx, info, await orders.cancelSalesOrder(ctx, parseInput(SalesOrderCancelSchema, input)))),
  }),
}));
