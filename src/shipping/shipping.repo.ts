/** Hand-written SQL of shipping. */
import type { SqlTx } from '../db/tx';

/**
 * The shipment in one statement: the fulfillment, its lines (in line order; bin = where the line was picked from),
 * the order lines (shipped = picked) and the order (SHIPPED, carrier, tracking). Bin picked from: the lowest-id
 * PICKED/SHORT task of this order and item, else (wave orders that were not a task's first contributor) the task
 * found through the wave breakdown, else null (legacy-difference: the legacy server fell back to bin id 1, a 500
 * when that bin did not exist). Stock is not touched: it left when it was picked.
 */
export async function insertFulfillment(
  tx: SqlTx,
  shipment: { soId: number; warehouseId: number; trackingNumber: string; carrier: string; shipMethod: string | null; shippedBy: string },
): Promise<{ fulfillmentId: number; linesShipped: number; totalQuantity: number }> {
  const now = new Date();
  const [shipped] = await tx.$queryRaw<{ fulfillmentId: number; linesShipped: number; totalQuantity: number }[]>`
    WITH l AS (
      SELECT so_line_id, item_id, quantity_picked, line_number FROM sales_order_lines
      WHERE so_id = ${shipment.soId} AND quantity_picked > 0
    ), f AS (
      INSERT INTO item_fulfillments (so_id, warehouse_id, tracking_number, carrier, ship_method, status, shipped_by, shipped_at)
      VALUES (${shipment.soId}, ${shipment.warehouseId}, ${shipment.trackingNumber}, ${shipment.carrier}, ${shipment.shipMethod}, 'SHIPPED', ${shipment.shippedBy}, ${now}::timestamptz)
      RETURNING fulfillment_id
    ), fl AS (
      INSERT INTO item_fulfillment_lines (fulfillment_id, so_line_id, item_id, quantity_shipped, bin_id)
      SELECT f.fulfillment_id, l.so_line_id, l.item_id, l.quantity_picked, COALESCE(
        (SELECT t.bin_id FROM pick_tasks t
         WHERE t.so_id = ${shipment.soId} AND t.item_id = l.item_id AND t.status IN ('PICKED', 'SHORT') ORDER BY t.pick_task_id LIMIT 1),
        (SELECT t.bin_id FROM wave_pick_breakdown w JOIN pick_tasks t ON t.pick_task_id = w.pick_task_id
         WHERE w.so_line_id = l.so_line_id AND t.status IN ('PICKED', 'SHORT') ORDER BY w.pick_task_id LIMIT 1))
      FROM f CROSS JOIN l ORDER BY l.line_number, l.so_line_id
    ), sl AS (
      UPDATE sales_order_lines s SET quantity_shipped = l.quantity_picked, status = 'SHIPPED' FROM l WHERE s.so_line_id = l.so_line_id
    ), o AS (
      UPDATE sales_orders SET status = 'SHIPPED', shipped_at = ${now}::timestamptz, carrier = ${shipment.carrier}, tracking_number = ${shipment.trackingNumber}
      WHERE so_id = ${shipment.soId}
    )
    SELECT f.fulfillment_id AS "fulfillmentId", (SELECT count(*) FROM l)::int AS "linesShipped", (SELECT COALESCE(sum(quantity_picked), 0) FROM l)::int AS "totalQuantity"
    FROM f`;
  return shipped;
}
