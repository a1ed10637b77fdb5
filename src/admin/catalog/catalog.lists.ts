// The catalog lists (warehouses, zones, bins, items, inventory rows, preferred bins) in the house list style of
// src/graphql/lists.ts. The REST admin lists read the same fields page by page (rest-compat/pages.ts).
import { builder } from '../../graphql/builder';
import { BinType, ZoneType } from '../../graphql/enums';
import { defineList, sortInput } from '../../graphql/lists';
import { admin, adminOr, inOwnWarehouse } from '../../auth/rules';
import * as svc from './catalog.service';
import { BinRef, InventoryRef, ItemRef, WarehouseRef, ZoneRef } from './catalog.types';

const ADMIN_ONLY = 'ADMIN only.';

// ---------------------------------------------------------------------------------------------------
// Warehouses
// ---------------------------------------------------------------------------------------------------

const WarehouseFilter = builder.inputType('WarehouseFilter', {
  description: 'Conditions on warehouses; all given ones must hold.',
  fields: (t) => ({
    isActive: t.boolean({ description: 'Only active (true) or only inactive (false) warehouses.' }),
    q: t.string({ description: 'Case-insensitive substring of code or name.' }),
  }),
});
const WarehouseSortField = builder.enumType('WarehouseSortField', {
  description: 'Columns warehouses can be ordered by.',
  values: {
    WAREHOUSE_ID: { value: 'warehouseId', description: 'Integer id (creation order).' },
    WAREHOUSE_CODE: { value: 'warehouseCode', description: 'Warehouse code, alphabetically.' },
    WAREHOUSE_NAME: { value: 'warehouseName', description: 'Warehouse name, alphabetically.' },
    CREATED_AT: { value: 'createdAt', description: 'Creation time.' },
  } as const,
});

defineList<svc.WarehouseFilter>({
  field: 'warehouses',
  description: 'Every warehouse (inactive too), by id.',
  notes: ADMIN_ONLY,
  rule: admin,
  node: WarehouseRef,
  nodeTypeName: 'Warehouse',
  idField: 'warehouseId',
  connectionName: 'WarehouseConnection',
  filter: WarehouseFilter,
  sortBy: sortInput('WarehouseSort', WarehouseSortField, 'warehouses'),
  defaultSort: { field: 'warehouseId', direction: 'ASC' },
  delegate: (ctx) => ctx.app.prisma.warehouse,
  where: (f) => svc.warehouseWhere(f),
});

// ---------------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------------

const ZoneFilter = builder.inputType('ZoneFilter', {
  description: 'Conditions on zones; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'Zones of this warehouse.' }),
    zoneType: t.field({ type: ZoneType, description: 'Zones of this type.' }),
    isActive: t.boolean({ description: 'Only active (true) or only inactive (false) zones.' }),
  }),
});
const ZoneSortField = builder.enumType('ZoneSortField', {
  description: 'Columns zones can be ordered by.',
  values: {
    ZONE_ID: { value: 'zoneId', description: 'Integer id (creation order).' },
    ZONE_CODE: { value: 'zoneCode', description: 'Zone code, alphabetically.' },
    ZONE_NAME: { value: 'zoneName', description: 'Zone name, alphabetically.' },
  } as const,
});

defineList<svc.ZoneFilter>({
  field: 'zones',
  description: 'Zones of every warehouse, by id.',
  notes: ADMIN_ONLY,
  rule: admin,
  node: ZoneRef,
  nodeTypeName: 'Zone',
  idField: 'zoneId',
  connectionName: 'ZoneConnection',
  filter: ZoneFilter,
  sortBy: sortInput('ZoneSort', ZoneSortField, 'zones'),
  defaultSort: { field: 'zoneId', direction: 'ASC' },
  delegate: (ctx) => ctx.app.prisma.zone,
  where: (f) => svc.zoneWhere(f),
});

// ---------------------------------------------------------------------------------------------------
// Bins
// ---------------------------------------------------------------------------------------------------

const BinFilter = builder.inputType('BinFilter', {
  description: 'Conditions on bins; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'Bins of this warehouse (required of a floor user: one of its warehouses).' }),
    zoneId: t.int({ description: 'Bins of this zone.' }),
    binType: t.field({ type: BinType, description: 'Bins of this type.' }),
    isActive: t.boolean({ description: 'Only active (true) or only inactive (false) bins.' }),
    q: t.string({ description: 'Case-insensitive substring of code or barcode.' }),
  }),
});
const BinSortField = builder.enumType('BinSortField', {
  description: 'Columns bins can be ordered by.',
  values: {
    BIN_ID: { value: 'binId', description: 'Integer id (creation order).' },
    BIN_CODE: { value: 'binCode', description: 'Bin code, alphabetically.' },
    PICK_SEQUENCE: { value: 'pickSequence', description: 'Pick path position.' },
    PUTAWAY_SEQUENCE: { value: 'putawaySequence', description: 'Put-away path position.' },
  } as const,
});

defineList<svc.BinFilter>({
  field: 'bins',
  description: 'Bins, by id.',
  notes: 'ADMIN, or a floor user listing one of its warehouses (`filter.warehouseId`).',
  // The scanner app lists the bins of its warehouse for floor users too (receive screen).
  rule: adminOr(inOwnWarehouse((a) => a.filter?.warehouseId)),
  node: BinRef,
  nodeTypeName: 'Bin',
  idField: 'binId',
  connectionName: 'BinConnection',
  filter: BinFilter,
  sortBy: sortInput('BinSort', BinSortField, 'bins'),
  defaultSort: { field: 'binId', direction: 'ASC' },
  delegate: (ctx) => ctx.app.prisma.bin,
  where: (f) => svc.binWhere(f),
});

// ---------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------

const ItemFilter = builder.inputType('ItemFilter', {
  description: 'Conditions on items; all given ones must hold.',
  fields: (t) => ({
    category: t.string({ description: 'Exact category.' }),
    isActive: t.boolean({ description: 'Only active (true) or only archived (false) items.' }),
    q: t.string({ description: 'Case-insensitive substring of sku, name or UPC.' }),
  }),
});
const ItemSortField = builder.enumType('ItemSortField', {
  description: 'Columns items can be ordered by.',
  values: {
    ITEM_ID: { value: 'itemId', description: 'Integer id (creation order).' },
    SKU: { value: 'sku', description: 'SKU, alphabetically.' },
    ITEM_NAME: { value: 'itemName', description: 'Item name, alphabetically.' },
    CREATED_AT: { value: 'createdAt', description: 'Creation time.' },
  } as const,
});

defineList<svc.ItemFilter>({
  field: 'items',
  description: 'Items of the catalog, by id.',
  notes: ADMIN_ONLY,
  rule: admin,
  node: ItemRef,
  nodeTypeName: 'Item',
  idField: 'itemId',
  connectionName: 'ItemConnection',
  filter: ItemFilter,
  sortBy: sortInput('ItemSort', ItemSortField, 'items'),
  defaultSort: { field: 'itemId', direction: 'ASC' },
  delegate: (ctx) => ctx.app.prisma.item,
  where: (f) => svc.itemWhere(f),
});

// ---------------------------------------------------------------------------------------------------
// Inventory rows
// ---------------------------------------------------------------------------------------------------

const InventoryFilter = builder.inputType('InventoryFilter', {
  description: 'Conditions on inventory rows; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'Rows of this warehouse.' }),
    itemId: t.int({ description: 'Rows of this item.' }),
    binId: t.int({ description: 'Rows of this bin.' }),
    q: t.string({ description: 'Case-insensitive substring of sku, item name or bin code.' }),
  }),
});
const InventorySortField = builder.enumType('InventorySortField', {
  description: 'Columns inventory rows can be ordered by.',
  values: {
    INVENTORY_ID: { value: 'inventoryId', description: 'Integer id (creation order).' },
    QUANTITY_ON_HAND: { value: 'quantityOnHand', description: 'Units on hand.' },
    LAST_COUNTED_AT: { value: 'lastCountedAt', description: 'Time of the last count.' },
    SKU: { value: 'sku', description: 'SKU of the item, alphabetically.' },
    BIN_CODE: { value: 'binCode', description: 'Code of the bin, alphabetically.' },
  } as const,
});

defineList<svc.InventoryFilter>({
  field: 'inventory',
  description: 'Stock rows (item, bin, lot) of every warehouse, by id.',
  notes: ADMIN_ONLY,
  rule: admin,
  node: InventoryRef,
  nodeTypeName: 'Inventory',
  idField: 'inventoryId',
  connectionName: 'InventoryConnection',
  filter: InventoryFilter,
  sortBy: sortInput('InventorySort', InventorySortField, 'inventory rows'),
  defaultSort: { field: 'inventoryId', direction: 'ASC' },
  orderBy: {
    sku: (dir) => [{ item: { sku: dir } }],
    binCode: (dir) => [{ bin: { binCode: dir } }],
  },
  delegate: (ctx) => ctx.app.prisma.inventory,
  where: (f) => svc.inventoryWhere(f),
});

// ---------------------------------------------------------------------------------------------------
// Preferred bins
// ---------------------------------------------------------------------------------------------------

const PreferredBinFilter = builder.inputType('PreferredBinFilter', {
  description: 'Conditions on preferred bins; all given ones must hold.',
  fields: (t) => ({
    itemId: t.int({ description: 'Preferred bins of this item.' }),
    binId: t.int({ description: 'Preferred bins naming this bin.' }),
    q: t.string({ description: 'Case-insensitive substring of sku or item name.' }),
  }),
});
const PreferredBinSortField = builder.enumType('PreferredBinSortField', {
  description: 'Orders of preferred bins.',
  values: {
    PREFERRED_BIN_ID: { value: 'preferredBinId', description: 'Integer id (creation order).' },
    SKU_PRIORITY: { value: 'skuPriority', description: 'SKU of the item, then priority (the admin panel order).' },
    PRIORITY: { value: 'priority', description: 'Priority (1 first).' },
  } as const,
});

defineList<svc.PreferredBinFilter>({
  field: 'preferredBins',
  description: 'Preferred bins, by sku, then priority.',
  notes: ADMIN_ONLY,
  rule: admin,
  node: 'PreferredBin',
  nodeTypeName: 'PreferredBin',
  idField: 'preferredBinId',
  connectionName: 'PreferredBinConnection',
  filter: PreferredBinFilter,
  sortBy: sortInput('PreferredBinSort', PreferredBinSortField, 'preferred bins'),
  defaultSort: { field: 'skuPriority', direction: 'ASC' },
  orderBy: { skuPriority: (dir) => [{ item: { sku: dir } }, { priority: dir }] },
  delegate: (ctx) => ctx.app.prisma.preferredBin,
  where: (f) => svc.preferredBinWhere(f),
});
