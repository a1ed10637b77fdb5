// GraphQL types, queries and mutations of the admin orders module (spec 70 §7–§8).
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../graphql/builder';
import { payloadOf, payloadType } from '../../graphql/payloads';
import type { RequestContext } from '../../context';
import { snakeKeys } from '../../shared/case';
import { legacyDecimal } from '../../shared/format';
import { defineList, sortInput } from '../../graphql/lists';
import * as orders from './orders.service';
import { admin } from '../../auth/rules';
import { PurchaseOrderLineStatus, PurchaseOrderStatus, SalesOrderLineStatus, SalesOrderStatus } from '../../graphql/enums';

// ---------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------

const itemSelect = { item: { select: { sku: true, itemName: true, upc: true } } } as const;

builder.prismaNode('PurchaseOrderLine', {
  id: { field: 'poLineId' },
  fields: (t) => ({
    poLineId: t.exposeInt('poLineId'),
    poId: t.exposeInt('poId'),
    lineNumber: t.exposeInt('lineNumber'),
    itemId: t.exposeInt('itemId'),
    sku: t.string({ select: itemSelect, resolve: (l) => l.item.sku }),
    itemName: t.string({ select: itemSelect, resolve: (l) => l.item.itemName }),
    upc: t.string({ nullable: true, select: itemSelect, resolve: (l) => l.item.upc }),
    quantityOrdered: t.exposeInt('quantityOrdered'),
    quantityReceived: t.exposeInt('quantityReceived'),
    unitCost: t.float({ nullable: true, description: 'null when 0 or unset (legacy)', resolve: (l) => legacyDecimal(l.unitCost) }),
    status: t.expose('status', { type: PurchaseOrderLineStatus, nullable: true }),
  }),
});

const LINE_ORDER = [{ lineNumber: 'asc' as const }, { poLineId: 'asc' as const }];
const SO_LINE_ORDER = [{ lineNumber: 'asc' as const }, { soLineId: 'asc' as const }];

export const PurchaseOrder = builder.prismaNode('PurchaseOrder', {
  id: { field: 'poId' },
  fields: (t) => ({
    poId: t.exposeInt('poId'),
    poNumber: t.exposeString('poNumber'),
    poBarcode: t.exposeString('poBarcode', { nullable: true }),
    vendorName: t.exposeString('vendorName', { nullable: true }),
    status: t.expose('status', { type: PurchaseOrderStatus }),
    expectedDate: t.expose('expectedDate', { type: 'Date', nullable: true }),
    warehouseId: t.exposeInt('warehouseId'),
    notes: t.exposeString('notes', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    lineCount: t.relationCount('lines'),
    lines: t.relation('lines', { query: { orderBy: LINE_ORDER } }),
  }),
});

builder.prismaNode('SalesOrderLine', {
  id: { field: 'soLineId' },
  fields: (t) => ({
    soLineId: t.exposeInt('soLineId'),
    soId: t.exposeInt('soId'),
    lineNumber: t.exposeInt('lineNumber'),
    itemId: t.exposeInt('itemId'),
    sku: t.string({ select: itemSelect, resolve: (l) => l.item.sku }),
    itemName: t.string({ select: itemSelect, resolve: (l) => l.item.itemName }),
    upc: t.string({ nullable: true, select: itemSelect, resolve: (l) => l.item.upc }),
    quantityOrdered: t.exposeInt('quantityOrdered'),
    quantityAllocated: t.exposeInt('quantityAllocated'),
    quantityPicked: t.exposeInt('quantityPicked'),
    quantityPacked: t.exposeInt('quantityPacked'),
    quantityShipped: t.exposeInt('quantityShipped'),
    status: t.expose('status', { type: SalesOrderLineStatus, nullable: true }),
  }),
});

export const SalesOrder = builder.prismaNode('SalesOrder', {
  id: { field: 'soId' },
  fields: (t) => ({
    soId: t.exposeInt('soId'),
    soNumber: t.exposeString('soNumber'),
    soBarcode: t.exposeString('soBarcode', { nullable: true }),
    customerName: t.exposeString('customerName', { nullable: true }),
    customerPhone: t.exposeString('customerPhone', { nullable: true }),
    customerAddress: t.exposeString('customerAddress', { nullable: true }),
    status: t.expose('status', { type: SalesOrderStatus }),
    priority: t.exposeInt('priority', { nullable: true }),
    warehouseId: t.exposeInt('warehouseId'),
    shipMethod: t.exposeString('shipMethod', { nullable: true }),
    shipAddress: t.exposeString('shipAddress', { nullable: true }),
    orderDate: t.expose('orderDate', { type: 'DateTime', nullable: true }),
    shipByDate: t.expose('shipByDate', { type: 'Date', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    carrier: t.exposeString('carrier', { nullable: true }),
    trackingNumber: t.exposeString('trackingNumber', { nullable: true }),
    shippedAt: t.expose('shippedAt', { type: 'DateTime', nullable: true }),
    lineCount: t.relationCount('lines'),
    lines: t.relation('lines', { query: { orderBy: SO_LINE_ORDER } }),
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
    args: { poId: t.arg.int({ required: true }) },
    resolve: (query, _r, { poId }, ctx) => ctx.app.prisma.purchaseOrder.findUnique({ ...query, where: { poId } }),
  }),
  salesOrder: t.withShield(admin).prismaField({
    type: SalesOrder,
    nullable: true,
    description: 'The sales order with this integer id, or null when there is none.',
    args: { soId: t.arg.int({ required: true }) },
    resolve: (query, _r, { soId }, ctx) => ctx.app.prisma.salesOrder.findUnique({ ...query, where: { soId } }),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------

const PurchaseOrderLineInput = builder.inputType('PurchaseOrderLineInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    quantityOrdered: t.int({ required: true }),
    unitCost: t.float(),
    lineNumber: t.int(),
  }),
});

const PurchaseOrderCreateInput = builder.inputType('PurchaseOrderCreateInput', {
  fields: (t) => ({
    poNumber: t.string({ required: true }),
    warehouseId: t.int({ required: true }),
    lines: t.field({ type: [PurchaseOrderLineInput], required: true }),
    poBarcode: t.string(),
    vendorName: t.string(),
    expectedDate: t.field({ type: 'Date', description: 'The day delivery is expected.' }),
    notes: t.string(),
  }),
});

const PurchaseOrderUpdateInput = builder.inputType('PurchaseOrderUpdateInput', {
  description: 'Only the fields sent are written; null clears a nullable field.',
  fields: (t) => ({
    poNumber: t.string(),
    poBarcode: t.string(),
    vendorName: t.string(),
    expectedDate: t.field({ type: 'Date', description: 'The day delivery is expected.' }),
    notes: t.string(),
  }),
});

const SalesOrderLineInput = builder.inputType('SalesOrderLineInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    quantityOrdered: t.int({ required: true }),
    lineNumber: t.int(),
  }),
});

const SalesOrderCreateInput = builder.inputType('SalesOrderCreateInput', {
  fields: (t) => ({
    soNumber: t.string({ required: true }),
    warehouseId: t.int({ required: true }),
    lines: t.field({ type: [SalesOrderLineInput], required: true }),
    soBarcode: t.string(),
    customerName: t.string(),
    customerPhone: t.string(),
    customerAddress: t.string(),
    shipMethod: t.string(),
    shipAddress: t.string(),
    shipByDate: t.field({ type: 'Date', description: 'The day the order must ship by.' }),
  }),
});

const SalesOrderUpdateInput = builder.inputType('SalesOrderUpdateInput', {
  description: 'Only the fields sent are written; null clears a nullable field.',
  fields: (t) => ({
    soNumber: t.string(),
    soBarcode: t.string(),
    customerName: t.string(),
    customerPhone: t.string(),
    customerAddress: t.string(),
    shipMethod: t.string(),
    shipAddress: t.string(),
    shipByDate: t.field({ type: 'Date', description: 'The day the order must ship by.' }),
    priority: t.int(),
  }),
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
    args: { input: t.arg({ type: PurchaseOrderCreateInput, required: true }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadPurchaseOrder(ctx, info, await orders.createPurchaseOrder(ctx, snakeKeys(input)))),
  }),
  purchaseOrderUpdate: t.withShield(admin).field({
    type: purchaseOrderPayload('PurchaseOrderUpdate', 'updated'),
    description: 'Edits the header of an OPEN purchase order: only the fields sent are written.',
    args: {
      poId: t.arg.int({ required: true, description: 'The purchase order to edit.' }),
      input: t.arg({ type: PurchaseOrderUpdateInput, required: true }),
    },
    resolve: (_r, { poId, input }, ctx, info) =>
      payloadOf(async () => loadPurchaseOrder(ctx, info, await orders.updatePurchaseOrder(ctx, poId, snakeKeys(input)))),
  }),
  purchaseOrderClose: t.withShield(admin).field({
    type: purchaseOrderPayload('PurchaseOrderClose', 'closed'),
    description: 'Closes a purchase order whatever its status.',
    args: { poId: t.arg.int({ required: true, description: 'The purchase order to close.' }) },
    resolve: (_r, { poId }, ctx, info) =>
      payloadOf(async () => loadPurchaseOrder(ctx, info, await orders.closePurchaseOrder(ctx, poId))),
  }),
  salesOrderCreate: t.withShield(admin).field({
    type: salesOrderPayload('SalesOrderCreate', 'created'),
    description: 'Creates an OPEN sales order (priority 0) with its lines.',
    args: { input: t.arg({ type: SalesOrderCreateInput, required: true }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(async () => loadSalesOrder(ctx, info, await orders.createSalesOrder(ctx, snakeKeys(input)))),
  }),
  salesOrderUpdate: t.withShield(admin).field({
    type: salesOrderPayload('SalesOrderUpdate', 'updated'),
    description: 'Edits the header of an OPEN sales order: only the fields sent are written.',
    args: {
      soId: t.arg.int({ required: true, description: 'The sales order to edit.' }),
      input: t.arg({ type: SalesOrderUpdateInput, required: true }),
    },
    resolve: (_r, { soId, input }, ctx, info) =>
      payloadOf(async () => loadSalesOrder(ctx, info, await orders.updateSalesOrder(ctx, soId, snakeKeys(input)))),
  }),
  salesOrderCancel: t.withShield(admin).field({
    type: salesOrderPayload('SalesOrderCancel', 'cancelled'),
    description: 'Cancels an OPEN/ALLOCATED/PICKING order, releasing what its pending pick tasks hold.',
    args: { soId: t.arg.int({ required: true, description: 'The sales order to cancel.' }) },
    resolve: (_r, { soId }, ctx, info) =>
      payloadOf(async () => loadSalesOrder(ctx, info, await orders.cancelSalesOrder(ctx, soId))),
  }),
}));
