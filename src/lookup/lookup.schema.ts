// GraphQL types, queries and mutations of the lookup module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { BinType, SalesOrderStatus } from '../graphql/enums';
import * as lookup from './lookup.service';
import { authenticated } from '../auth/rules';

const itemNodeId = { description: 'Global id of the Item.' };
const binNodeId = { description: 'Global id of the Bin.' };

const LookupItem = builder.objectRef<lookup.LookupItem>('LookupItem').implement({
  description: 'An item found by a scan or a search.',
  fields: (t) => ({
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ ...itemNodeId, resolve: (i) => ({ type: 'Item', id: i.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
    category: t.exposeString('category', { description: 'The category of the item; null when not set.', nullable: true }),
    weightLbs: t.exposeFloat('weightLbs', { nullable: true, description: 'Null when unset or 0.' }),
  }),
});

const LookupBin = builder.objectRef<lookup.LookupBin>('LookupBin').implement({
  description: 'A bin found by a scan or a search.',
  fields: (t) => ({
    binId: t.exposeInt('binId', { description: 'The bin id.' }),
    binNodeId: t.globalID({ ...binNodeId, resolve: (b) => ({ type: 'Bin', id: b.binId }) }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin.' }),
    binBarcode: t.exposeString('binBarcode', { description: 'The barcode of the bin.' }),
    binType: t.expose('binType', { description: 'The type of the bin.', type: BinType }),
    zoneName: t.exposeString('zoneName', { description: 'The name of the zone of the bin.' }),
    aisle: t.exposeString('aisle', { description: 'The aisle of the bin; null when not set.', nullable: true }),
    rowNum: t.exposeString('rowNum', { description: 'The row of the bin; null when not set.', nullable: true }),
    levelNum: t.exposeString('levelNum', { description: 'The level of the bin; null when not set.', nullable: true }),
  }),
});

const LookupStockLine = builder.objectRef<lookup.StockLine>('LookupStockLine').implement({
  description: 'One inventory row (item, bin, lot), zero quantities included.',
  fields: (t) => ({
    inventoryNodeId: t.globalID({ description: 'Global id of the Inventory row.', resolve: (l) => ({ type: 'Inventory', id: l.inventoryId }) }),
    binId: t.exposeInt('binId', { description: 'The bin id.' }),
    binNodeId: t.globalID({ ...binNodeId, resolve: (l) => ({ type: 'Bin', id: l.binId }) }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin.' }),
    binType: t.expose('binType', { description: 'The type of the bin.', type: BinType }),
    zoneName: t.exposeString('zoneName', { description: 'The name of the zone of the bin.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ ...itemNodeId, resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
    quantityOnHand: t.exposeInt('quantityOnHand', { description: 'The units in the bin.' }),
    quantityAllocated: t.exposeInt('quantityAllocated', { description: 'The units in the bin reserved for orders.' }),
    quantityAvailable: t.exposeInt('quantityAvailable', { description: 'The units free to allocate (on hand minus allocated).' }),
    lotNumber: t.exposeString('lotNumber', { description: 'The lot of the stock; null when not tracked.', nullable: true }),
  }),
});

const LookupItemResult = builder.objectRef<NonNullable<Awaited<ReturnType<typeof lookup.lookupItem>>>>('LookupItemResult').implement({
  description: 'An item found by a scan, with its stock.',
  fields: (t) => ({
    item: t.field({ description: 'The item.', type: LookupItem, resolve: (r) => r.item }),
    locations: t.field({ type: [LookupStockLine], description: "Stock rows in the user's warehouses.", resolve: (r) => r.locations }),
  }),
});

const LookupBinResult = builder.objectRef<NonNullable<Awaited<ReturnType<typeof lookup.lookupBin>>>>('LookupBinResult').implement({
  description: 'A bin found by a scan, with its contents.',
  fields: (t) => ({
    bin: t.field({ description: 'The bin.', type: LookupBin, resolve: (r) => r.bin }),
    items: t.field({ description: 'The stock rows of the bin.', type: [LookupStockLine], resolve: (r) => r.items }),
  }),
});

type SoLine = lookup.LookupSalesOrder['lines'][number];
const LookupSalesOrderLine = builder.objectRef<SoLine>('LookupSalesOrderLine').implement({
  description: 'A line of a sales order with its progress.',
  fields: (t) => ({
    salesOrderLineNodeId: t.globalID({ description: 'Global id of the SalesOrderLine.', resolve: (l) => ({ type: 'SalesOrderLine', id: l.soLineId }) }),
    itemNodeId: t.globalID({ ...itemNodeId, resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    quantityOrdered: t.exposeInt('quantityOrdered', { description: 'The units ordered.' }),
    quantityPicked: t.exposeInt('quantityPicked', { description: 'The units picked.' }),
    quantityPacked: t.exposeInt('quantityPacked', { description: 'The units packed.' }),
    quantityShipped: t.exposeInt('quantityShipped', { description: 'The units shipped.' }),
  }),
});

const LookupSalesOrder = builder.objectRef<lookup.LookupSalesOrder>('LookupSalesOrder').implement({
  description: 'A sales order found by a scan, with its lines.',
  fields: (t) => ({
    soId: t.exposeInt('soId', { description: 'The sales order id.' }),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (so) => ({ type: 'SalesOrder', id: so.soId }) }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    soBarcode: t.exposeString('soBarcode', { description: 'The barcode of the order; null when none.', nullable: true }),
    customerName: t.exposeString('customerName', { description: 'The customer name; null when not set.', nullable: true }),
    customerPhone: t.exposeString('customerPhone', { description: 'The customer phone; null when not set.', nullable: true }),
    customerAddress: t.exposeString('customerAddress', { description: 'The customer address; null when not set.', nullable: true }),
    shipAddress: t.exposeString('shipAddress', { description: 'The ship-to address; null when not set.', nullable: true }),
    status: t.expose('status', { description: 'The state of the order.', type: SalesOrderStatus }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the order.' }),
    lines: t.field({ description: 'The lines of the order.', type: [LookupSalesOrderLine], resolve: (so) => so.lines }),
  }),
});

builder.queryField('lookupItem', (t) =>
  t.withShield(authenticated).field({
    type: LookupItemResult,
    nullable: true,
    description: 'An item by UPC, SKU or barcode alias, with its stock locations.',
    args: { barcode: t.arg.string({ description: 'The scanned UPC, SKU or barcode alias.', required: true }) },
    resolve: (_r, { barcode }, ctx) => lookup.lookupItem(ctx, barcode),
  }),
);

builder.queryField('lookupBin', (t) =>
  t.withShield(authenticated).field({
    type: LookupBinResult,
    nullable: true,
    description: 'A bin by barcode or code, with its contents.',
    args: { barcode: t.arg.string({ description: 'The scanned barcode or code of the bin.', required: true }) },
    resolve: (_r, { barcode }, ctx) => lookup.lookupBin(ctx, barcode),
  }),
);

builder.queryField('lookupSalesOrder', (t) =>
  t.withShield(authenticated).field({
    type: LookupSalesOrder,
    nullable: true,
    description: 'A sales order by barcode or SO number, with line progress.',
    args: { barcode: t.arg.string({ description: 'The scanned barcode or SO number.', required: true }) },
    resolve: (_r, { barcode }, ctx) => lookup.lookupSalesOrder(ctx, barcode),
  }),
);

builder.queryField('lookupItemSearch', (t) =>
  t.withShield(authenticated).field({
    type: [LookupItem],
    description: 'Items whose SKU, name or UPC contains q (case-insensitive), at most 50.',
    args: { q: t.arg.string({ description: 'The text to look for; null or blank finds nothing.' }) },
    resolve: (_r, { q }, ctx) => lookup.searchItems(ctx, q),
  }),
);

builder.queryField('lookupBinSearch', (t) =>
  t.withShield(authenticated).field({
    type: [LookupBin],
    description: 'Bins whose code or barcode contains q (case-insensitive), at most 50.',
    args: { q: t.arg.string({ description: 'The text to look for; null or blank finds nothing.' }) },
    resolve: (_r, { q }, ctx) => lookup.searchBins(ctx, q),
  }),
);
