/**
 * Canonical GraphQL types of the catalog: Warehouse, Zone, Bin, Item, Inventory, PreferredBin.
 * Other modules reference them by the exported refs (or by name). Computed fields declare the columns
 * and relations they read with `select`, so plugin-prisma merges them into the parent query (no N+1).
 */
import { builder } from '../../graphql/builder';
import { BinType, ZoneType } from '../../graphql/enums';
import { legacyDecimal } from '../../shared/format';
import type { RequestContext } from '../../context';
import { scopedWarehouseIds } from '../../auth/scope';

/**
 * An item is global, its stock and bins are not: a floor user who reaches an Item through a bin of its own
 * warehouse sees only the rows of the warehouses it may access (admins: all).
 */
function visibleWarehouses(ctx: RequestContext): { in: number[] } | undefined {
  if (!ctx.user) return { in: [] };
  const ids = scopedWarehouseIds(ctx.user);
  return ids ? { in: ids } : undefined;
}

/** SO statuses whose open quantities count as committed (spec 70 §5). */
export const COMMITTED_SO_STATUSES = ['OPEN', 'PICKING', 'PICKED', 'PACKED'];

export const WarehouseRef = builder.prismaNode('Warehouse', {
  description: 'A warehouse (site). Inactive warehouses are only hidden from the scanner list.',
  id: { field: 'warehouseId' },
  fields: (t) => ({
    warehouseId: t.exposeInt('warehouseId', { description: 'Integer key of the warehouse (REST `warehouse_id`); the `warehouseId` argument and input field of other operations.' }),
    warehouseCode: t.exposeString('warehouseCode', { description: 'Short unique code of the site (e.g. `WH1`), as shown on labels and scanner headers.' }),
    warehouseName: t.exposeString('warehouseName', { description: 'Display name of the site.' }),
    address: t.exposeString('address', { nullable: true, description: 'Postal address as free text; null when none was entered.' }),
    isActive: t.exposeBoolean('isActive', { nullable: true, description: 'False when deactivated (hidden from the scanner warehouse list, still usable by admins); null on rows carried over without the flag.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the warehouse was created; null on rows carried over without it.' }),
    zones: t.relation('zones', { description: 'Every zone of the warehouse (inactive too), by zoneId.', query: { orderBy: { zoneId: 'asc' } } }),
    bins: t.relation('bins', {
      description: 'Every bin of the warehouse (inactive too), by binId; for large sites prefer the paged `bins(filter: { warehouseId })`.',
      query: { orderBy: { binId: 'asc' } },
    }),
  }),
});

export const ZoneRef = builder.prismaNode('Zone', {
  description: 'An area of a warehouse with one purpose (receiving, storage, picking, ...); bins belong to a zone.',
  id: { field: 'zoneId' },
  fields: (t) => ({
    zoneId: t.exposeInt('zoneId', { description: 'Integer key of the zone (REST `zone_id`).' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse the zone is in.' }),
    zoneCode: t.exposeString('zoneCode', { description: 'Short code of the zone, unique within its warehouse.' }),
    zoneName: t.exposeString('zoneName', { description: 'Display name of the zone (shown next to bin codes on the scanner).' }),
    zoneType: t.expose('zoneType', { type: ZoneType, description: 'What the zone is used for.' }),
    isActive: t.exposeBoolean('isActive', { nullable: true, description: 'False when the zone is deactivated; null on rows carried over without the flag.' }),
    warehouse: t.relation('warehouse', { description: 'The warehouse the zone is in.' }),
    bins: t.relation('bins', { description: 'Every bin of the zone (inactive too), by binId.', query: { orderBy: { binId: 'asc' } } }),
  }),
});

export const BinRef = builder.prismaNode('Bin', {
  description: 'A storage location (shelf slot, pallet position, staging lane) that holds stock; scanned by its barcode on the floor.',
  id: { field: 'binId' },
  fields: (t) => ({
    binId: t.exposeInt('binId', { description: 'Integer key of the bin (REST `bin_id`).' }),
    zoneId: t.exposeInt('zoneId', { description: 'The zone the bin is in.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse the bin is in.' }),
    binCode: t.exposeString('binCode', { description: 'Human-readable location code (e.g. `A-01-02`), unique within the warehouse.' }),
    binBarcode: t.exposeString('binBarcode', { description: 'The value the scanner reads on the bin label (often equal to binCode).' }),
    binType: t.expose('binType', { type: BinType, description: 'Whether picking may allocate from the bin or it only stages received goods.' }),
    aisle: t.exposeString('aisle', { nullable: true, description: 'Aisle label; null when not set.' }),
    rowNum: t.exposeString('rowNum', { nullable: true, description: 'Row of the rack as a string of digits (written as an integer, `01` reads back `1`); null when not set.' }),
    levelNum: t.exposeString('levelNum', { nullable: true, description: 'Shelf level as a string of digits; null when not set.' }),
    positionNum: t.exposeString('positionNum', { nullable: true, description: 'Position on the shelf as a string of digits; null when not set.' }),
    pickSequence: t.exposeInt('pickSequence', { description: 'Rank on the pick path: pick tasks are walked in ascending pickSequence (default 0).' }),
    putawaySequence: t.exposeInt('putawaySequence', { description: 'Rank for put-away (default 0); stored only: no workflow orders by it.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free-text note about the location; null when none.' }),
    isActive: t.exposeBoolean('isActive', { nullable: true, description: 'False when the bin is deactivated; null on rows carried over without the flag.' }),
    zoneName: t.string({
      description: 'Name of the bin\'s zone (empty string when the zone is gone), to show without selecting `zone`.',
      select: { zone: { select: { zoneName: true } } },
      resolve: (bin) => bin.zone?.zoneName ?? '',
    }),
    zone: t.relation('zone', { description: 'The zone the bin is in.' }),
    warehouse: t.relation('warehouse', { description: 'The warehouse the bin is in.' }),
    inventory: t.relation('inventory', { description: 'The stock rows in the bin (one per item and lot), by inventoryId.', query: { orderBy: { inventoryId: 'asc' } } }),
  }),
});

export const ItemRef = builder.prismaNode('Item', {
  description: 'A product (SKU) of the catalog. Items are global; their stock and bins belong to warehouses.',
  id: { field: 'itemId' },
  fields: (t) => ({
    itemId: t.exposeInt('itemId', { description: 'Integer key of the item (REST `item_id`).' }),
    sku: t.exposeString('sku', { description: 'Stock keeping unit: the unique product code.' }),
    itemName: t.exposeString('itemName', { description: 'Display name of the product.' }),
    description: t.exposeString('description', { nullable: true, description: 'Longer product description; null when none.' }),
    upc: t.exposeString('upc', { nullable: true, description: 'Barcode printed on the product (UPC/EAN), scanned to identify it; null when none.' }),
    barcodeAliases: t.expose('barcodeAliases', { type: 'JSON', nullable: true, description: 'Other barcodes of the product as a JSON array of strings; null when none (no mutation writes it).' }),
    category: t.exposeString('category', { nullable: true, description: 'Free-text product category (the items filter matches it exactly); null when none.' }),
    weightLbs: t.float({ nullable: true, description: 'Unit weight in pounds; null when unset or 0.', select: { weightLbs: true }, resolve: (i) => legacyDecimal(i.weightLbs) }),
    lengthIn: t.float({ nullable: true, description: 'Unit length in inches; null when unset or 0.', select: { lengthIn: true }, resolve: (i) => legacyDecimal(i.lengthIn) }),
    widthIn: t.float({ nullable: true, description: 'Unit width in inches; null when unset or 0.', select: { widthIn: true }, resolve: (i) => legacyDecimal(i.widthIn) }),
    heightIn: t.float({ nullable: true, description: 'Unit height in inches; null when unset or 0.', select: { heightIn: true }, resolve: (i) => legacyDecimal(i.heightIn) }),
    defaultBinId: t.exposeInt('defaultBinId', { nullable: true, description: 'The item\'s home bin for put-away when it has no preferred bin; null when none.' }),
    defaultBinCode: t.string({
      nullable: true,
      description: 'Code of a priority-1 preferred bin (lowest id) when there is one, else of the default bin.',
      select: {
        defaultBin: { select: { binCode: true } },
        preferredBins: {
          where: { priority: 1 },
          orderBy: { preferredBinId: 'asc' },
          take: 1,
          select: { bin: { select: { binCode: true } } },
        },
      },
      resolve: (i) => i.preferredBins[0]?.bin.binCode ?? i.defaultBin?.binCode ?? null,
    }),
    reorderPoint: t.exposeInt('reorderPoint', { nullable: true, description: 'Units on hand (all warehouses) at or below which the item counts as low stock on the dashboard; 0 or null: never low.' }),
    reorderQty: t.exposeInt('reorderQty', { nullable: true, description: 'Units to reorder when low (informational); null when unset.' }),
    isLotTracked: t.exposeBoolean('isLotTracked', { nullable: true, description: 'Whether receipts should carry a lot number (informational: not enforced).' }),
    isSerialTracked: t.exposeBoolean('isSerialTracked', { nullable: true, description: 'Whether receipts should carry serial numbers (informational: not enforced).' }),
    isActive: t.exposeBoolean('isActive', { nullable: true, description: 'False when archived (itemArchive); archived items stay usable by every workflow.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the item was created; null on rows carried over without it.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the item was last changed (itemUpdate, itemArchive); null when never.' }),
    defaultBin: t.field({
      type: BinRef,
      nullable: true,
      description: 'The default bin; null when none or when it is in a warehouse the caller may not see.',
      select: { defaultBin: true },
      resolve: (i, _args, ctx) => {
        const scope = visibleWarehouses(ctx);
        return i.defaultBin && (!scope || scope.in.includes(i.defaultBin.warehouseId)) ? i.defaultBin : null;
      },
    }),
    inventory: t.relation('inventory', {
      description: 'The item\'s stock rows (one per bin and lot) in the warehouses the caller may see, by inventoryId.',
      query: (_args, ctx) => ({ where: { warehouseId: visibleWarehouses(ctx) }, orderBy: { inventoryId: 'asc' } }),
    }),
    preferredBins: t.relation('preferredBins', {
      description: 'Bins put-away suggests for the item, best (lowest priority number) first, in the warehouses the caller may see.',
      query: (_args, ctx) => ({
        where: { bin: { warehouseId: visibleWarehouses(ctx) } },
        orderBy: [{ priority: 'asc' }, { preferredBinId: 'asc' }],
      }),
    }),
  }),
});

export const InventoryRef = builder.prismaNode('Inventory', {
  description: 'Stock of one item in one bin (and lot): on-hand and allocated units.',
  id: { field: 'inventoryId' },
  fields: (t) => ({
    inventoryId: t.exposeInt('inventoryId', { description: 'Integer key of the stock row (REST `inventory_id`).' }),
    itemId: t.exposeInt('itemId', { description: 'The item stocked.' }),
    binId: t.exposeInt('binId', { description: 'The bin holding the stock.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the bin.' }),
    quantityOnHand: t.exposeInt('quantityOnHand', { description: 'Units physically in the bin.' }),
    quantityAllocated: t.exposeInt('quantityAllocated', { description: 'Units of quantityOnHand reserved by pending pick tasks.' }),
    quantityAvailable: t.int({
      description: 'Units free to allocate: quantityOnHand − quantityAllocated.',
      select: { quantityOnHand: true, quantityAllocated: true },
      resolve: (r) => r.quantityOnHand - r.quantityAllocated,
    }),
    lotNumber: t.exposeString('lotNumber', { nullable: true, description: 'Lot of the stock; null for stock received without a lot.' }),
    lastCountedAt: t.expose('lastCountedAt', { type: 'DateTime', nullable: true, description: 'When a cycle count last confirmed this row; null when never counted.' }),
    sku: t.string({ description: 'SKU of the item (to show without selecting `item`).', select: { item: { select: { sku: true } } }, resolve: (r) => r.item.sku }),
    itemName: t.string({ description: 'Name of the item.', select: { item: { select: { itemName: true } } }, resolve: (r) => r.item.itemName }),
    binCode: t.string({ description: 'Code of the bin (to show without selecting `bin`).', select: { bin: { select: { binCode: true } } }, resolve: (r) => r.bin.binCode }),
    zoneName: t.string({
      description: 'Name of the bin\'s zone; empty string when the bin has no zone.',
      select: { bin: { select: { zone: { select: { zoneName: true } } } } },
      resolve: (r) => r.bin.zone?.zoneName ?? '',
    }),
    committedToOrders: t.int({
      description:
        'Open sales-order quantity (ordered − shipped) of this item over OPEN/PICKING/PICKED/PACKED orders, across all warehouses.',
      select: {
        item: {
          select: {
            salesOrderLines: {
              where: { salesOrder: { status: { in: COMMITTED_SO_STATUSES } } },
              select: { quantityOrdered: true, quantityShipped: true },
            },
          },
        },
      },
      resolve: (r) =>
        r.item.salesOrderLines.reduce(
          (sum, l) => sum + (l.quantityOrdered > l.quantityShipped ? l.quantityOrdered - l.quantityShipped : 0),
          0,
        ),
    }),
    item: t.relation('item', { description: 'The item stocked.' }),
    bin: t.relation('bin', { description: 'The bin holding the stock.' }),
    warehouse: t.relation('warehouse', { description: 'The warehouse of the bin.' }),
  }),
});

builder.prismaNode('PreferredBin', {
  description: 'A bin put-away suggests for an item, ranked by priority (1 = first choice). One row per (item, bin).',
  id: { field: 'preferredBinId' },
  fields: (t) => ({
    preferredBinId: t.exposeInt('preferredBinId', { description: 'Integer key of the preferred-bin row (REST `preferred_bin_id`).' }),
    itemId: t.exposeInt('itemId', { description: 'The item.' }),
    binId: t.exposeInt('binId', { description: 'The suggested bin.' }),
    priority: t.exposeInt('priority', { description: 'Rank, 1 to 100: the lowest number is suggested first; several rows of an item may share one.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text note; null when none.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the row was created; null on rows carried over without it.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the priority last changed; null when never.' }),
    sku: t.string({ description: 'SKU of the item.', select: { item: { select: { sku: true } } }, resolve: (r) => r.item.sku }),
    itemName: t.string({ description: 'Name of the item.', select: { item: { select: { itemName: true } } }, resolve: (r) => r.item.itemName }),
    binCode: t.string({ description: 'Code of the bin.', select: { bin: { select: { binCode: true } } }, resolve: (r) => r.bin.binCode }),
    zoneName: t.string({
      description: 'Name of the bin\'s zone; empty string when the bin has no zone.',
      select: { bin: { select: { zone: { select: { zoneName: true } } } } },
      resolve: (r) => r.bin.zone?.zoneName ?? '',
    }),
    item: t.relation('item', { description: 'The item.' }),
    bin: t.relation('bin', { description: 'The suggested bin.' }),
  }),
});
