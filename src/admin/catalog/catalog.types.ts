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
    warehouseId: t.exposeInt('warehouseId'),
    warehouseCode: t.exposeString('warehouseCode'),
    warehouseName: t.exposeString('warehouseName'),
    address: t.exposeString('address', { nullable: true }),
    isActive: t.exposeBoolean('isActive', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    zones: t.relation('zones', { query: { orderBy: { zoneId: 'asc' } } }),
    bins: t.relation('bins', { query: { orderBy: { binId: 'asc' } } }),
  }),
});

export const ZoneRef = builder.prismaNode('Zone', {
  id: { field: 'zoneId' },
  fields: (t) => ({
    zoneId: t.exposeInt('zoneId'),
    warehouseId: t.exposeInt('warehouseId'),
    zoneCode: t.exposeString('zoneCode'),
    zoneName: t.exposeString('zoneName'),
    zoneType: t.expose('zoneType', { type: ZoneType }),
    isActive: t.exposeBoolean('isActive', { nullable: true }),
    warehouse: t.relation('warehouse'),
    bins: t.relation('bins', { query: { orderBy: { binId: 'asc' } } }),
  }),
});

export const BinRef = builder.prismaNode('Bin', {
  id: { field: 'binId' },
  fields: (t) => ({
    binId: t.exposeInt('binId'),
    zoneId: t.exposeInt('zoneId'),
    warehouseId: t.exposeInt('warehouseId'),
    binCode: t.exposeString('binCode'),
    binBarcode: t.exposeString('binBarcode'),
    binType: t.expose('binType', { type: BinType }),
    aisle: t.exposeString('aisle', { nullable: true }),
    rowNum: t.exposeString('rowNum', { nullable: true }),
    levelNum: t.exposeString('levelNum', { nullable: true }),
    positionNum: t.exposeString('positionNum', { nullable: true }),
    pickSequence: t.exposeInt('pickSequence'),
    putawaySequence: t.exposeInt('putawaySequence'),
    description: t.exposeString('description', { nullable: true }),
    isActive: t.exposeBoolean('isActive', { nullable: true }),
    zoneName: t.string({
      select: { zone: { select: { zoneName: true } } },
      resolve: (bin) => bin.zone?.zoneName ?? '',
    }),
    zone: t.relation('zone'),
    warehouse: t.relation('warehouse'),
    inventory: t.relation('inventory', { query: { orderBy: { inventoryId: 'asc' } } }),
  }),
});

export const ItemRef = builder.prismaNode('Item', {
  id: { field: 'itemId' },
  fields: (t) => ({
    itemId: t.exposeInt('itemId'),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    description: t.exposeString('description', { nullable: true }),
    upc: t.exposeString('upc', { nullable: true }),
    barcodeAliases: t.expose('barcodeAliases', { type: 'JSON', nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    weightLbs: t.float({ nullable: true, select: { weightLbs: true }, resolve: (i) => legacyDecimal(i.weightLbs) }),
    lengthIn: t.float({ nullable: true, select: { lengthIn: true }, resolve: (i) => legacyDecimal(i.lengthIn) }),
    widthIn: t.float({ nullable: true, select: { widthIn: true }, resolve: (i) => legacyDecimal(i.widthIn) }),
    heightIn: t.float({ nullable: true, select: { heightIn: true }, resolve: (i) => legacyDecimal(i.heightIn) }),
    defaultBinId: t.exposeInt('defaultBinId', { nullable: true }),
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
    reorderPoint: t.exposeInt('reorderPoint', { nullable: true }),
    reorderQty: t.exposeInt('reorderQty', { nullable: true }),
    isLotTracked: t.exposeBoolean('isLotTracked', { nullable: true }),
    isSerialTracked: t.exposeBoolean('isSerialTracked', { nullable: true }),
    isActive: t.exposeBoolean('isActive', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    defaultBin: t.field({
      type: BinRef,
      nullable: true,
      select: { defaultBin: true },
      resolve: (i, _args, ctx) => {
        const scope = visibleWarehouses(ctx);
        return i.defaultBin && (!scope || scope.in.includes(i.defaultBin.warehouseId)) ? i.defaultBin : null;
      },
    }),
    inventory: t.relation('inventory', {
      query: (_args, ctx) => ({ where: { warehouseId: visibleWarehouses(ctx) }, orderBy: { inventoryId: 'asc' } }),
    }),
    preferredBins: t.relation('preferredBins', {
      query: (_args, ctx) => ({
        where: { bin: { warehouseId: visibleWarehouses(ctx) } },
        orderBy: [{ priority: 'asc' }, { preferredBinId: 'asc' }],
      }),
    }),
  }),
});

export const InventoryRef = builder.prismaNode('Inventory', {
  id: { field: 'inventoryId' },
  fields: (t) => ({
    inventoryId: t.exposeInt('inventoryId'),
    itemId: t.exposeInt('itemId'),
    binId: t.exposeInt('binId'),
    warehouseId: t.exposeInt('warehouseId'),
    quantityOnHand: t.exposeInt('quantityOnHand'),
    quantityAllocated: t.exposeInt('quantityAllocated'),
    quantityAvailable: t.int({
      select: { quantityOnHand: true, quantityAllocated: true },
      resolve: (r) => r.quantityOnHand - r.quantityAllocated,
    }),
    lotNumber: t.exposeString('lotNumber', { nullable: true }),
    lastCountedAt: t.expose('lastCountedAt', { type: 'DateTime', nullable: true }),
    sku: t.string({ select: { item: { select: { sku: true } } }, resolve: (r) => r.item.sku }),
    itemName: t.string({ select: { item: { select: { itemName: true } } }, resolve: (r) => r.item.itemName }),
    binCode: t.string({ select: { bin: { select: { binCode: true } } }, resolve: (r) => r.bin.binCode }),
    zoneName: t.string({
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
    item: t.relation('item'),
    bin: t.relation('bin'),
    warehouse: t.relation('warehouse'),
  }),
});

builder.prismaNode('PreferredBin', {
  id: { field: 'preferredBinId' },
  fields: (t) => ({
    preferredBinId: t.exposeInt('preferredBinId'),
    itemId: t.exposeInt('itemId'),
    binId: t.exposeInt('binId'),
    priority: t.exposeInt('priority'),
    notes: t.exposeString('notes', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    sku: t.string({ select: { item: { select: { sku: true } } }, resolve: (r) => r.item.sku }),
    itemName: t.string({ select: { item: { select: { itemName: true } } }, resolve: (r) => r.item.itemName }),
    binCode: t.string({ select: { bin: { select: { binCode: true } } }, resolve: (r) => r.bin.binCode }),
    zoneName: t.string({
      select: { bin: { select: { zone: { select: { zoneName: true } } } } },
      resolve: (r) => r.bin.zone?.zoneName ?? '',
    }),
    item: t.relation('item'),
    bin: t.relation('bin'),
  }),
});
