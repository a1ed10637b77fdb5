/** Hand-written SQL of the lookups: an item or a bin with its stock rows, the search hits. */
import type { PrismaClient } from '../db';
import type { Database } from '../db/client';

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
  SELECT i.item_id AS "itemId", i.sku, i.item_name AS "itemName", i.upc, i.category, i.weight_lbs::float8 AS "weightLbs",
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
  SELECT b.bin_id AS "binId", b.bin_code AS "binCode", b.bin_barcode AS "binBarcode", b.bin_type AS "binType", z.zone_name AS "zoneName",
         b.aisle, b.row_num AS "rowNum", b.level_num AS "levelNum",
         (SELECT coalesce(json_agg(${STOCK_LINE_JSON} ORDER BY v.inventory_id), '[]'::json)
          FROM inventory v JOIN items i ON i.item_id = v.item_id
          WHERE v.bin_id = b.bin_id) AS items
  FROM (SELECT bin_id FROM bins WHERE bin_barcode = $1 AND ($2::int[] IS NULL OR warehouse_id = ANY($2::int[]))
        UNION SELECT bin_id FROM bins WHERE bin_code = $1 AND ($2::int[] IS NULL OR warehouse_id = ANY($2::int[]))
        ORDER BY bin_id LIMIT 1) hit
  JOIN bins b ON b.bin_id = hit.bin_id JOIN zones z ON z.zone_id = b.zone_id`;

/** The item with its stock rows in the warehouses (null: all); one statement on the driver. */
export async function findItemWithStock(
  db: Database,
  barcode: string,
  warehouseIds: number[] | null,
): Promise<{ itemId: number; sku: string; itemName: string; upc: string | null; category: string | null; weightLbs: number | null; locations: StockLine[] } | null> {
  const [hit] = await db.reads<{
    itemId: number; sku: string; itemName: string; upc: string | null; category: string | null; weightLbs: number | null; locations: StockLine[];
  }>(ITEM_LOOKUP_SQL, [barcode, warehouseIds]);
  return hit ?? null;
}

/** The bin with its zone's name and its stock rows, in the warehouses (null: all); one statement on the driver. */
export async function findBinWithStock(
  db: Database,
  barcode: string,
  warehouseIds: number[] | null,
): Promise<{
  binId: number; binCode: string; binBarcode: string; binType: string; zoneName: string;
  aisle: string | null; rowNum: string | null; levelNum: string | null; items: StockLine[];
} | null> {
  const [hit] = await db.reads<{
    binId: number; binCode: string; binBarcode: string; binType: string; zoneName: string;
    aisle: string | null; rowNum: string | null; levelNum: string | null; items: StockLine[];
  }>(BIN_LOOKUP_SQL, [barcode, warehouseIds]);
  return hit ?? null;
}

/**
 * Ids of the items whose SKU, name or UPC matches the ILIKE pattern, at most `limit`, in id order; with warehouses
 * (non-admins) only items stocked in or preferring a bin of one of them.
 */
export async function searchItemIds(db: PrismaClient, pattern: string, warehouseIds: number[] | null, limit: number): Promise<number[]> {
  const hits = warehouseIds
    ? await db.$queryRaw<{ itemId: number }[]>`
        SELECT i.item_id AS "itemId" FROM items i
        WHERE (i.sku ILIKE ${pattern} OR i.item_name ILIKE ${pattern} OR i.upc ILIKE ${pattern})
          AND (EXISTS (SELECT 1 FROM inventory v WHERE v.item_id = i.item_id AND v.warehouse_id = ANY(${warehouseIds}::int[]))
            OR EXISTS (SELECT 1 FROM preferred_bins p JOIN bins b ON b.bin_id = p.bin_id
                       WHERE p.item_id = i.item_id AND b.warehouse_id = ANY(${warehouseIds}::int[])))
        ORDER BY i.item_id LIMIT ${limit}`
    : await db.$queryRaw<{ itemId: number }[]>`
        SELECT i.item_id AS "itemId" FROM items i
        WHERE i.sku ILIKE ${pattern} OR i.item_name ILIKE ${pattern} OR i.upc ILIKE ${pattern}
        ORDER BY i.item_id LIMIT ${limit}`;
  return hits.map((h) => h.itemId);
}

/** Ids of the bins whose code or barcode matches the ILIKE pattern, at most `limit`, in id order (all warehouses). */
export async function searchBinIds(db: PrismaClient, pattern: string, limit: number): Promise<number[]> {
  const hits = await db.$queryRaw<{ binId: number }[]>`
    SELECT bin_id AS "binId" FROM bins WHERE bin_code ILIKE ${pattern} OR bin_barcode ILIKE ${pattern}
    ORDER BY bin_id LIMIT ${limit}`;
  return hits.map((h) => h.binId);
}
