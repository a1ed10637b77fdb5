import type { AuthedContext } from '../context';
import { Prisma } from '../db';
import { scopedWarehouseIds } from '../auth/scope';
import { legacyDecimal } from '../shared/format';
import { stripSpace } from '../shared/text';

const SEARCH_LIMIT = 50;

export interface LookupItem {
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  category: string | null;
  weightLbs: number | null;
}

export interface StockLine {
  inventoryId: number;
  binId: number;
  binCode: string;
  binType: string;
  zoneName: string;
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  quantityOnHand: number;
  quantityAllocated: number;
  quantityAvailable: number;
  lotNumber: string | null;
}

export interface LookupBin {
  binId: number;
  binCode: string;
  binBarcode: string;
  binType: string;
  zoneName: string;
  aisle: string | null;
  rowNum: string | null;
  levelNum: string | null;
}

const itemView = (i: { itemId: number; sku: string; itemName: string; upc: string | null; category: string | null; weightLbs: Prisma.Decimal | null }): LookupItem => ({
  itemId: i.itemId,
  sku: i.sku,
  itemName: i.itemName,
  upc: i.upc,
  category: i.category,
  weightLbs: legacyDecimal(i.weightLbs),
});

const binView = (b: { binId: number; binCode: string; binBarcode: string; binType: string; aisle: string | null; rowNum: string | null; levelNum: string | null; zone: { zoneName: string } }): LookupBin => ({
  binId: b.binId,
  binCode: b.binCode,
  binBarcode: b.binBarcode,
  binType: b.binType,
  zoneName: b.zone.zoneName,
  aisle: b.aisle,
  rowNum: b.rowNum,
  levelNum: b.levelNum,
});

/** One stock row as JSON, in the shape of `StockLine` (v: inventory, b: its bin, z: the bin's zone, i: its item). */
const STOCK_LINE_JSON = `json_build_object(
  'inventoryId', v.inventory_id, 'binId', v.bin_id, 'binCode', b.bin_code, 'binType', b.bin_type, 'zoneName', z.zone_name,
  'itemId', v.item_id, 'sku', i.sku, 'itemName', i.item_name, 'upc', i.upc,
  'quantityOnHand', v.quantity_on_hand, 'quantityAllocated', v.quantity_allocated,
  'quantityAvailable', v.quantity_on_hand - v.quantity_allocated, 'lotNumber', v.lot_number)`;

/**
 * The item (by UPC, SKU or alias; the lowest id when several match) and its stock rows in the given warehouses
 * (null: all). Each way of matching is its own index lookup: an OR of the three made the (prepared, generic)
 * plan walk the items in id order and test each row.
 */
const ITEM_LOOKUP_SQL = `
  SELECT i.item_id, i.sku, i.item_name, i.upc, i.category, i.weight_lbs::float8 AS weight_lbs,
         (SELECT coalesce(json_agg(${STOCK_LINE_JSON} ORDER BY v.inventory_id), '[]'::json)
          FROM inventory v JOIN bins b ON b.bin_id = v.bin_id JOIN zones z ON z.zone_id = b.zone_id
          WHERE v.item_id = i.item_id AND ($2::int[] IS NULL OR v.warehouse_id = ANY($2::int[]))) AS locations
  FROM (SELECT item_id FROM items WHERE upc = $1
        UNION SELECT item_id FROM items WHERE sku = $1
        UNION SELECT item_id FROM items WHERE barcode_aliases @> (SELECT jsonb_build_array($1::text))
        ORDER BY item_id LIMIT 1) hit
  JOIN items i ON i.item_id = hit.item_id`;

/** The bin (by barcode or code, in the given warehouses; null: all; the lowest id first), its zone and its stock rows. Index lookups, as the item's. */
const BIN_LOOKUP_SQL = `
  SELECT b.bin_id, b.bin_code, b.bin_barcode, b.bin_type, z.zone_name, b.aisle, b.row_num, b.level_num,
         (SELECT coalesce(json_agg(${STOCK_LINE_JSON} ORDER BY v.inventory_id), '[]'::json)
          FROM inventory v JOIN items i ON i.item_id = v.item_id
          WHERE v.bin_id = b.bin_id) AS items
  FROM (SELECT bin_id FROM bins WHERE bin_barcode = $1 AND ($2::int[] IS NULL OR warehouse_id = ANY($2::int[]))
        UNION SELECT bin_id FROM bins WHERE bin_code = $1 AND ($2::int[] IS NULL OR warehouse_id = ANY($2::int[]))
        ORDER BY bin_id LIMIT 1) hit
  JOIN bins b ON b.bin_id = hit.bin_id JOIN zones z ON z.zone_id = b.zone_id`;

/** GET /lookup/item/{barcode}: by UPC, SKU or barcode alias (exact); null when none. Items are global; stock is scoped. */
export async function lookupItem(ctx: AuthedContext, rawBarcode: string): Promise<{ item: LookupItem; locations: StockLine[] } | null> {
  const barcode = stripSpace(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user) ?? null;
  // legacy-difference: the alias match was built as a JSON string (a `"` or `\` in the value was a 500);
  // here the value is a bound parameter. The item and its (scoped) stock rows in one statement, on the driver.
  const [hit] = await ctx.app.db.reads<{
    item_id: number; sku: string; item_name: string; upc: string | null; category: string | null; weight_lbs: number | null; locations: StockLine[];
  }>(ITEM_LOOKUP_SQL, [barcode, scope]);
  if (!hit) return null;
  const item: LookupItem = {
    itemId: hit.item_id,
    sku: hit.sku,
    itemName: hit.item_name,
    upc: hit.upc,
    category: hit.category,
    weightLbs: legacyDecimal(hit.weight_lbs),
  };
  return { item, locations: hit.locations };
}

/** GET /lookup/bin/{barcode}: by bin barcode or code (exact), in the user's warehouses, with its contents; null when none. */
export async function lookupBin(ctx: AuthedContext, rawBarcode: string): Promise<{ bin: LookupBin; items: StockLine[] } | null> {
  const barcode = stripSpace(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user) ?? null;
  // The bin, its zone and its stock rows in one statement, on the driver.
  const [hit] = await ctx.app.db.reads<{
    bin_id: number; bin_code: string; bin_barcode: string; bin_type: string; zone_name: string;
    aisle: string | null; row_num: string | null; level_num: string | null; items: StockLine[];
  }>(BIN_LOOKUP_SQL, [barcode, scope]);
  if (!hit) return null;
  const bin: LookupBin = {
    binId: hit.bin_id,
    binCode: hit.bin_code,
    binBarcode: hit.bin_barcode,
    binType: hit.bin_type,
    zoneName: hit.zone_name,
    aisle: hit.aisle,
    rowNum: hit.row_num,
    levelNum: hit.level_num,
  };
  return { bin, items: hit.items };
}

export interface LookupSalesOrder {
  soId: number;
  soNumber: string;
  soBarcode: string | null;
  customerName: string | null;
  customerPhone: string | null;
  customerAddress: string | null;
  shipAddress: string | null;
  status: string;
  warehouseId: number;
  lines: {
    soLineId: number;
    itemId: number;
    sku: string;
    itemName: string;
    quantityOrdered: number;
    quantityPicked: number;
    quantityPacked: number;
    quantityShipped: number;
  }[];
}

/** GET /lookup/so/{barcode}: by SO barcode or number, any status, in the user's warehouses; null when none. */
export async function lookupSalesOrder(ctx: AuthedContext, rawBarcode: string): Promise<LookupSalesOrder | null> {
  const barcode = stripSpace(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user);
  const so = await ctx.app.prisma.salesOrder.findFirst({
    where: { OR: [{ soBarcode: barcode }, { soNumber: barcode }], ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { soId: 'asc' },
    include: { lines: { include: { item: true }, orderBy: [{ lineNumber: 'asc' }, { soLineId: 'asc' }] } },
  });
  if (!so) return null;
  return {
    soId: so.soId,
    soNumber: so.soNumber,
    soBarcode: so.soBarcode,
    customerName: so.customerName,
    customerPhone: so.customerPhone,
    customerAddress: so.customerAddress,
    shipAddress: so.shipAddress,
    status: so.status,
    warehouseId: so.warehouseId,
    lines: so.lines.map((l) => ({
      soLineId: l.soLineId,
      itemId: l.itemId,
      sku: l.item.sku,
      itemName: l.item.itemName,
      quantityOrdered: l.quantityOrdered,
      quantityPicked: l.quantityPicked,
      quantityPacked: l.quantityPacked,
      quantityShipped: l.quantityShipped,
    })),
  };
}

/** ILIKE pattern of the legacy search: `%` and `_` in q keep acting as wildcards (as the legacy did). */
const containsPattern = (q: string) => `%${q}%`;

/**
 * GET /lookup/item/search?q=: case-insensitive substring of sku, name or UPC, max 50, inactive included.
 * Non-admins only see items stocked, or with a preferred bin, in their warehouses.
 */
export async function searchItems(ctx: AuthedContext, q: string | null | undefined): Promise<LookupItem[]> {
  const term = stripSpace(q ?? '');
  if (!term) return [];
  const pattern = containsPattern(term);
  const scope = scopedWarehouseIds(ctx.user);
  const db = ctx.app.prisma;
  const hits = scope
    ? await db.$queryRaw<{ item_id: number }[]>`
        SELECT i.item_id FROM items i
        WHERE (i.sku ILIKE ${pattern} OR i.item_name ILIKE ${pattern} OR i.upc ILIKE ${pattern})
          AND (EXISTS (SELECT 1 FROM inventory v WHERE v.item_id = i.item_id AND v.warehouse_id = ANY(${scope}::int[]))
            OR EXISTS (SELECT 1 FROM preferred_bins p JOIN bins b ON b.bin_id = p.bin_id
                       WHERE p.item_id = i.item_id AND b.warehouse_id = ANY(${scope}::int[])))
        ORDER BY i.item_id LIMIT ${SEARCH_LIMIT}`
    : await db.$queryRaw<{ item_id: number }[]>`
        SELECT i.item_id FROM items i
        WHERE i.sku ILIKE ${pattern} OR i.item_name ILIKE ${pattern} OR i.upc ILIKE ${pattern}
        ORDER BY i.item_id LIMIT ${SEARCH_LIMIT}`;
  const items = await db.item.findMany({ where: { itemId: { in: hits.map((h) => h.item_id) } }, orderBy: { itemId: 'asc' } });
  return items.map(itemView);
}

/**
 * GET /lookup/bin/search?q=: case-insensitive substring of bin code or barcode, max 50; for non-admins the
 * rows outside their warehouses are removed after the limit (legacy: possibly fewer than 50).
 */
export async function searchBins(ctx: AuthedContext, q: string | null | undefined): Promise<LookupBin[]> {
  const term = stripSpace(q ?? '');
  if (!term) return [];
  const pattern = containsPattern(term);
  const db = ctx.app.prisma;
  const hits = await db.$queryRaw<{ bin_id: number }[]>`
    SELECT bin_id FROM bins WHERE bin_code ILIKE ${pattern} OR bin_barcode ILIKE ${pattern}
    ORDER BY bin_id LIMIT ${SEARCH_LIMIT}`;
  const scope = scopedWarehouseIds(ctx.user);
  const bins = await db.bin.findMany({
    where: { binId: { in: hits.map((h) => h.bin_id) }, ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { binId: 'asc' },
    include: { zone: true },
  });
  return bins.map(binView);
}
