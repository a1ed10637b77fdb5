// GraphQL types, queries and mutations of the lookup module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { BinType, SalesOrderStatus } from '../graphql/enums';
import * as lookup from './lookup.service';
import { authenticated } from '../auth/rules';

const itemNodeId = { description: 'Global id of the Item.' };
const binNodeId = { description: 'Global id of the Bin.' };

const LookupItem = builder.objectRef<lookup.LookupItem>('LookupItem').implement({
  fields: (t) => ({
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ ...itemNodeId, resolve: (i) => ({ type: 'Item', id: i.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    upc: t.exposeString('upc', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    weightLbs: t.exposeFloat('weightLbs', { nullable: true, description: 'Null when unset or 0.' }),
  }),
});

const LookupBin = builder.objectRef<lookup.LookupBin>('LookupBin').implement({
  fields: (t) => ({
    binId: t.exposeInt('binId'),
    binNodeId: t.globalID({ ...binNodeId, resolve: (b) => ({ type: 'Bin', id: b.binId }) }),
    binCode: t.exposeString('binCode'),
    binBarcode: t.exposeString('binBarcode'),
    binType: t.expose('binType', { type: BinType }),
    zoneName: t.exposeString('zoneName'),
    aisle: t.exposeString('aisle', { nullable: true }),
    rowNum: t.exposeString('rowNum', { nullable: true }),
    levelNum: t.exposeString('levelNum', { nullable: true }),
  }),
});

const LookupStockLine = builder.objectRef<lookup.StockLine>('LookupStockLine').implement({
  description: 'One inventory row (item, bin, lot), zero quantities included.',
  fields: (t) => ({
    inventoryNodeId: t.globalID({ description: 'Global id of the Inventory row.', resolve: (l) => ({ type: 'Inventory', id: l.inventoryId }) }),
    binId: t.exposeInt('binId'),
    binNodeId: t.globalID({ ...binNodeId, resolve: (l) => ({ type: 'Bin', id: l.binId }) }),
    binCode: t.exposeString('binCode'),
    binType: t.expose('binType', { type: BinType }),
    zoneName: t.exposeString('zoneName'),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ ...itemNodeId, resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    upc: t.exposeString('upc', { nullable: true }),
    quantityOnHand: t.exposeInt('quantityOnHand'),
    quantityAllocated: t.exposeInt('quantityAllocated'),
    quantityAvailable: t.exposeInt('quantityAvailable'),
    lotNumber: t.exposeString('lotNumber', { nullable: true }),
  }),
});

const LookupItemResult = builder.objectRef<NonNullable<Awaited<ReturnType<typeof lookup.lookupItem>>>>('LookupItemResult').implement({
  fields: (t) => ({
    item: t.field({ type: LookupItem, resolve: (r) => r.item }),
    locations: t.field({ type: [LookupStockLine], description: "Stock rows in the user's warehouses.", resolve: (r) => r.locations }),
  }),
});

const LookupBinResult = builder.objectRef<NonNullable<Awaited<ReturnType<typeof lookup.lookupBin>>>>('LookupBinResult').implement({
  fields: (t) => ({
    bin: t.field({ type: LookupBin, resolve: (r) => r.bin }),
    items: t.field({ type: [LookupStockLine], resolve: (r) => r.items }),
  }),
});

type SoLine = lookup.LookupSalesOrder['lines'][number];
const LookupSalesOrderLine = builder.objectRef<SoLine>('LookupSalesOrderLine').implement({
  fields: (t) => ({
    salesOrderLineNodeId: t.globalID({ description: 'Global id of the SalesOrderLine.', resolve: (l) => ({ type: 'SalesOrderLine', id: l.soLineId }) }),
    itemNodeId: t.globalID({ ...itemNodeId, resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    quantityOrdered: t.exposeInt('quantityOrdered'),
    quantityPicked: t.exposeInt('quantityPicked'),
    quantityPacked: t.exposeInt('quantityPacked'),
    quantityShipped: t.exposeInt('quantityShipped'),
  }),
});

const LookupSalesOrder = builder.objectRef<lookup.LookupSalesOrder>('LookupSalesOrder').implement({
  fields: (t) => ({
    soId: t.exposeInt('soId'),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (so) => ({ type: 'SalesOrder', id: so.soId }) }),
    soNumber: t.exposeString('soNumber'),
    soBarcode: t.exposeString('soBarcode', { nullable: true }),
    customerName: t.exposeString('customerName', { nullable: true }),
    customerPhone: t.exposeString('customerPhone', { nullable: true }),
    customerAddress: t.exposeString('customerAddress', { nullable: true }),
    shipAddress: t.exposeString('shipAddress', { nullable: true }),
    status: t.expose('status', { type: SalesOrderStatus }),
    warehouseId: t.exposeInt('warehouseId'),
    lines: t.field({ type: [LookupSalesOrderLine], resolve: (so) => so.lines }),
  }),
});

builder.queryField('lookupItem', (t) =>
  t.withShield(authenticated).field({
    type: LookupItemResult,
    nullable: true,
    description: 'An item by UPC, SKU or barcode alias, with its stock locations; null when none matches.',
    args: { barcode: t.arg.string({ required: true }) },
    resolve: (_r, { barcode }, ctx) => lookup.lookupItem(ctx, barcode),
  }),
);

builder.queryField('lookupBin', (t) =>
  t.withShield(authenticated).field({
    type: LookupBinResult,
    nullable: true,
    description: "A bin of the caller's warehouses by barcode or code, with its contents; null when none matches.",
    args: { barcode: t.arg.string({ required: true }) },
    resolve: (_r, { barcode }, ctx) => lookup.lookupBin(ctx, barcode),
  }),
);

builder.queryField('lookupSalesOrder', (t) =>
  t.withShield(authenticated).field({
    type: LookupSalesOrder,
    nullable: true,
    description: "A sales order of the caller's warehouses by barcode or SO number, with line progress; null when none matches.",
    args: { barcode: t.arg.string({ required: true }) },
    resolve: (_r, { barcode }, ctx) => lookup.lookupSalesOrder(ctx, barcode),
  }),
);

builder.queryField('lookupItemSearch', (t) =>
  t.withShield(authenticated).field({
    type: [LookupItem],
    description: 'Items whose SKU, name or UPC contains q (case-insensitive), at most 50.',
    args: { q: t.arg.string() },
    resolve: (_r, { q }, ctx) => lookup.searchItems(ctx, q),
  }),
);

builder.queryField('lookupBinSearch', (t) =>
  t.withShield(authenticated).field({
    type: [LookupBin],
    description: 'Bins whose code or barcode contains q (case-insensitive), at most 50.',
    args: { q: t.arg.string() },
    resolve: (_r, { q }, ctx) => lookup.searchBins(ctx, q),
  }),
);
