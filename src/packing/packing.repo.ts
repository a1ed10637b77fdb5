/** Hand-written SQL of packing: the station's order read, order locks, the verification and completion writes. */
import { Prisma, type PrismaClient } from '../db';
import type { SqlTx, Tx } from '../db/tx';

export interface LockedOrder {
  soId: number;
  soNumber: string;
  status: string;
  warehouseId: number;
}

/** A line at the pack station, with its item. */
export interface PackLineRow {
  soLineId: number;
  lineNumber: number;
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  weightLbs: number | null;
  quantityOrdered: number;
  quantityPicked: number;
  quantityPacked: number;
}

/**
 * The order row-locked (verify / complete / fulfill serialise on it) with its lines, row-locked too, in one statement
 * (line order; the item's barcodes with each). The order is locked first (the lines' read waits for it); locking the
 * lines makes the statement return them as the last writer committed them, as a separate read after the order's lock
 * would.
 */
export async function lockOrderWithLines(tx: SqlTx, soId: number): Promise<(LockedOrder & { lines: (PackLineRow & { barcodeAliases: unknown })[] }) | null> {
  const rows = await tx.$queryRaw<(LockedOrder & { lines: (PackLineRow & { barcodeAliases: unknown })[] })[]>`
    WITH so AS MATERIALIZED (
      SELECT so_id, so_number, status, warehouse_id FROM sales_orders WHERE so_id = ${soId} FOR UPDATE
    ), lines AS MATERIALIZED (
      SELECT so_line_id, line_number, item_id, quantity_ordered, quantity_picked, quantity_packed FROM sales_order_lines
      WHERE so_id = (SELECT so_id FROM so) ORDER BY so_line_id FOR UPDATE
    )
    SELECT so.so_id AS "soId", so.so_number AS "soNumber", so.status, so.warehouse_id AS "warehouseId",
           (SELECT coalesce(json_agg(json_build_object(
                     'soLineId', l.so_line_id, 'lineNumber', l.line_number, 'itemId', l.item_id, 'sku', i.sku,
                     'itemName', i.item_name, 'upc', i.upc, 'barcodeAliases', i.barcode_aliases, 'weightLbs', i.weight_lbs::float8,
                     'quantityOrdered', l.quantity_ordered, 'quantityPicked', l.quantity_picked, 'quantityPacked', l.quantity_packed)
                   ORDER BY l.line_number, l.so_line_id), '[]'::json)
              FROM lines l JOIN items i ON i.item_id = l.item_id) AS lines
    FROM so`;
  return rows[0] ?? null;
}

/** An order header as the pack and ship stations show it. */
export interface OrderHeaderRow {
  soId: number;
  soNumber: string;
  soBarcode: string | null;
  customerName: string | null;
  status: string;
  shipMethod: string | null;
  shipAddress: string | null;
  warehouseId: number;
}

/**
 * The order a scanned barcode names (so_barcode or so_number, exact; the lowest id when several do) among the
 * warehouses `warehouseIds` (null: all), as a subquery (OrderHeaderRow columns plus so_id) for the caller's statement.
 */
export function orderByBarcodeQuery(barcode: string, warehouseIds: number[] | null): Prisma.Sql {
  return Prisma.sql`
    SELECT so_id, so_id AS "soId", so_number AS "soNumber", so_barcode AS "soBarcode", customer_name AS "customerName", status,
           ship_method AS "shipMethod", ship_address AS "shipAddress", warehouse_id AS "warehouseId"
    FROM sales_orders
    WHERE (so_barcode = ${barcode} OR so_number = ${barcode}) AND (${warehouseIds}::int[] IS NULL OR warehouse_id = ANY(${warehouseIds}::int[]))
    ORDER BY so_id LIMIT 1`;
}

/**
 * The pack station's order (orderByBarcodeQuery) with its lines and their items, in line order, in one statement;
 * weight as float8 (= Decimal#toNumber).
 */
export async function packOrderRead(db: PrismaClient | Tx, barcode: string, warehouseIds: number[] | null): Promise<(OrderHeaderRow & { lines: PackLineRow[] }) | null> {
  const rows = await db.$queryRaw<(OrderHeaderRow & { so_id: number; lines: PackLineRow[] })[]>`
    SELECT so.*, (SELECT coalesce(json_agg(json_build_object(
                    'soLineId', l.so_line_id, 'lineNumber', l.line_number, 'itemId', l.item_id, 'sku', i.sku, 'itemName', i.item_name,
                    'upc', i.upc, 'weightLbs', i.weight_lbs::float8, 'quantityOrdered', l.quantity_ordered,
                    'quantityPicked', l.quantity_picked, 'quantityPacked', l.quantity_packed)
                  ORDER BY l.line_number, l.so_line_id), '[]'::json)
                  FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id WHERE l.so_id = so.so_id) AS lines
    FROM (${orderByBarcodeQuery(barcode, warehouseIds)}) so`;
  return rows[0] ?? null;
}

/** A verification's writes (for the journal): the line's packed quantity (PACKED when complete) and the verification row. */
export function packVerificationChanges(v: {
  soId: number; soLineId: number; itemId: number; quantity: number; packed: number; lineComplete: boolean; scannedBarcode: string; verifiedBy: string;
}): Prisma.Sql[] {
  return [
    Prisma.sql`
      UPDATE sales_order_lines SET quantity_packed = ${v.packed}, status = CASE WHEN ${v.lineComplete} THEN 'PACKED' ELSE status END
      WHERE so_line_id = ${v.soLineId}`,
    Prisma.sql`
      INSERT INTO pack_verifications (so_id, so_line_id, item_id, quantity, scanned_barcode, verified_by, verified_at)
      VALUES (${v.soId}, ${v.soLineId}, ${v.itemId}, ${v.quantity}, ${v.scannedBarcode}, ${v.verifiedBy}, ${new Date()}::timestamptz)`,
  ];
}

/** The order closed as PACKED (for the journal). */
export const markPacked = (soId: number): Prisma.Sql => Prisma.sql`UPDATE sales_orders SET status = 'PACKED', packed_at = ${new Date()}::timestamptz WHERE so_id = ${soId}`;
