/** Hand-written SQL of shipping. */
import { Prisma, type PrismaClient } from '../db';
import type { SqlTx, Tx } from '../db/tx';
import { orderByBarcodeQuery, type OrderHeaderRow } from '../packing/packing.repo';

/** A line at the ship station, with its item. */
export interface ShipLineRow {
  soLineId: number;
  lineNumber: number;
  itemId: number;
  sku: string;
  itemName: string;
  quantityOrdered: number;
  quantityPicked: number;
}

/**
 * The ship station's order (orderByBarcodeQuery) with the value of the app setting `settingKey` (null: not set) and
 * its lines and their items, in line order, in one statement.
 */
export async function shipOrderRead(
  db: PrismaClient | Tx,
  barcode: string,
  warehouseIds: number[] | null,
  settingKey: string,
): Promise<(OrderHeaderRow & { setting: string | null; lines: ShipLineRow[] }) | null> {
  const rows = await db.$queryRaw<(OrderHeaderRow & { so_id: number; setting: string | null; lines: ShipLineRow[] })[]>`
    SELECT so.*, (SELECT value FROM app_settings WHERE key = ${settingKey}) AS setting,
           (SELECT coalesce(json_agg(json_build_object(
                     'soLineId', l.so_line_id, 'lineNumber', l.line_number, 'itemId', l.item_id, 'sku', i.sku, 'itemName', i.item_name,
                     'quantityOrdered', l.quantity_ordered, 'quantityPicked', l.quantity_picked)
                   ORDER BY l.line_number, l.so_line_id), '[]'::json)
              FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id WHERE l.so_id = so.so_id) AS lines
    FROM (${orderByBarcodeQuery(barcode, warehouseIds)}) so`;
  return rows[0] ?? null;
}

/** A line that ships: one picked unit or more. */
export interface ShipmentLine {
  soLineId: number;
  itemId: number;
  quantityPicked: number;
}

export interface LockedShipment {
  soId: number;
  soNumber: string;
  status: string;
  warehouseId: number;
  /** The value of the app setting asked for (null: not set). */
  setting: string | null;
  /** The id the fulfillment will have; null when the order cannot ship (see lockShipment). */
  fulfillmentId: number | null;
  /** The lines with units picked, in line order. */
  lines: ShipmentLine[];
}

/**
 * Everything a fulfillment decides on, in one statement: the order row-locked (verify / complete / fulfill serialise
 * on it), the value of the app setting `settingKey`, then every line of the order row-locked in id order (the lock
 * order of packing; locking them returns them as the last writer committed them, as a read after the order's lock
 * would) and the next fulfillment id, so the final statement can write the fulfillment and its lines with it. The
 * id is drawn only when the order can ship (status PACKED, or PICKED when `settingKey` is exactly 'false') in the
 * caller's warehouses (`warehouseIds`, null: all), so a refused request leaves no gap.
 */
export async function lockShipment(tx: SqlTx, soId: number, settingKey: string, warehouseIds: number[] | null): Promise<LockedShipment | null> {
  const rows = await tx.$queryRaw<LockedShipment[]>`
    WITH so AS MATERIALIZED (
      SELECT so_id, so_number, status, warehouse_id, (SELECT value FROM app_settings WHERE key = ${settingKey}) AS setting
      FROM sales_orders WHERE so_id = ${soId} FOR UPDATE
    ), lines AS MATERIALIZED (
      SELECT so_line_id, line_number, item_id, quantity_picked FROM sales_order_lines
      WHERE so_id = (SELECT so_id FROM so) ORDER BY so_line_id FOR UPDATE
    )
    SELECT so.so_id AS "soId", so.so_number AS "soNumber", so.status, so.warehouse_id AS "warehouseId", so.setting,
           CASE WHEN (so.status = 'PACKED' OR (so.status = 'PICKED' AND so.setting = 'false'))
                 AND (${warehouseIds}::int[] IS NULL OR so.warehouse_id = ANY(${warehouseIds}::int[]))
                THEN nextval(pg_get_serial_sequence('item_fulfillments', 'fulfillment_id'))::int END AS "fulfillmentId",
           (SELECT coalesce(json_agg(json_build_object('soLineId', l.so_line_id, 'itemId', l.item_id, 'quantityPicked', l.quantity_picked)
                   ORDER BY l.line_number, l.so_line_id), '[]'::json)
              FROM lines l WHERE l.quantity_picked > 0) AS lines
    FROM so`;
  return rows[0] ?? null;
}

/**
 * The shipment's writes (for the journal, in its one final statement): the fulfillment with the id drawn by
 * lockShipment, its lines (in line order; bin = where the line was picked from), the order lines (shipped = picked)
 * and the order (SHIPPED, carrier, tracking). The lines are inserted in the same statement as their fulfillment: the
 * foreign key is checked at the statement's end. Bin picked from: the lowest-id PICKED/SHORT task of this order and
 * item, else (wave orders that were not a task's first contributor) the task found through the wave breakdown, else
 * null (legacy-difference: the legacy server fell back to bin id 1, a 500 when that bin did not exist). Stock is not
 * touched: it left when it was picked.
 */
export function fulfillmentChanges(shipment: {
  fulfillmentId: number;
  soId: number;
  warehouseId: number;
  lines: ShipmentLine[];
  trackingNumber: string;
  carrier: string;
  shipMethod: string | null;
  shippedBy: string;
}): Prisma.Sql[] {
  const now = new Date();
  const lineIds = shipment.lines.map((l) => l.soLineId);
  const quantities = shipment.lines.map((l) => l.quantityPicked);
  return [
    Prisma.sql`
      INSERT INTO item_fulfillments (fulfillment_id, so_id, warehouse_id, tracking_number, carrier, ship_method, status, shipped_by, shipped_at)
      VALUES (${shipment.fulfillmentId}, ${shipment.soId}, ${shipment.warehouseId}, ${shipment.trackingNumber}, ${shipment.carrier}, ${shipment.shipMethod}, 'SHIPPED', ${shipment.shippedBy}, ${now}::timestamptz)`,
    Prisma.sql`
      INSERT INTO item_fulfillment_lines (fulfillment_id, so_line_id, item_id, quantity_shipped, bin_id)
      SELECT ${shipment.fulfillmentId}::int, l.so_line_id, l.item_id, l.quantity, COALESCE(
        (SELECT t.bin_id FROM pick_tasks t
         WHERE t.so_id = ${shipment.soId} AND t.item_id = l.item_id AND t.status IN ('PICKED', 'SHORT') ORDER BY t.pick_task_id LIMIT 1),
        (SELECT t.bin_id FROM wave_pick_breakdown w JOIN pick_tasks t ON t.pick_task_id = w.pick_task_id
         WHERE w.so_line_id = l.so_line_id AND t.status IN ('PICKED', 'SHORT') ORDER BY w.pick_task_id LIMIT 1))
      FROM unnest(${lineIds}::int[], ${shipment.lines.map((l) => l.itemId)}::int[], ${quantities}::int[]) WITH ORDINALITY AS l(so_line_id, item_id, quantity, n)
      ORDER BY l.n`,
    Prisma.sql`
      UPDATE sales_order_lines s SET quantity_shipped = u.quantity, status = 'SHIPPED'
      FROM unnest(${lineIds}::int[], ${quantities}::int[]) AS u(so_line_id, quantity) WHERE s.so_line_id = u.so_line_id`,
    Prisma.sql`
      UPDATE sales_orders SET status = 'SHIPPED', shipped_at = ${now}::timestamptz, carrier = ${shipment.carrier}, tracking_number = ${shipment.trackingNumber}
      WHERE so_id = ${shipment.soId}`,
  ];
}
