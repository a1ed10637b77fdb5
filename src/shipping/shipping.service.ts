/** Shipping (spec 40 §4–5): load a packed order and record its fulfillment. */
import type { AuthedContext } from '../context';
import { withSqlTransaction } from '../db/tx';
import { badRequest, notFound } from '../errors';
import { isPackingRequired, PACKING_REQUIRED_SETTING, packingRequired } from '../settings/settings.service';
import { findOrderByBarcode, lockScopedOrder, toHeader, type OrderHeader } from '../packing/packing.service';
import type { FulfillInput } from './shipping.inputs';

export interface ShipLine {
  soLineId: number;
  lineNumber: number;
  itemId: number;
  sku: string;
  itemName: string;
  quantityOrdered: number;
  quantityPicked: number;
}

export interface ShipOrderView {
  salesOrder: OrderHeader;
  lines: ShipLine[];
  totalItems: number;
  totalLines: number;
}

/** An order of the caller's warehouses ready to ship; null when there is none with this number or barcode. */
export async function shipOrder(ctx: AuthedContext, barcode: string): Promise<ShipOrderView | null> {
  if (barcode.trim() === '') throw badRequest('Barcode is required');
  if ([...barcode].length > 100) throw badRequest('Barcode too long (max 100 characters)');
  const db = ctx.app.prisma;
  const so = await findOrderByBarcode(db, ctx.user, barcode);
  if (!so) return null;
  const packingRequired = await isPackingRequired(db);
  if (packingRequired && so.status === 'PICKED') throw badRequest('Order must be packed before shipping');
  const allowed = packingRequired ? ['PACKED'] : ['PICKED', 'PACKED'];
  if (!allowed.includes(so.status)) throw badRequest(`Order is not ready for shipping. Current status: ${so.status}`);
  const lines = await db.salesOrderLine.findMany({
    where: { soId: so.soId },
    include: { item: { select: { sku: true, itemName: true } } },
    orderBy: [{ lineNumber: 'asc' }, { soLineId: 'asc' }],
  });
  return {
    salesOrder: toHeader(so),
    lines: lines.map((l) => ({
      soLineId: l.soLineId,
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      sku: l.item.sku,
      itemName: l.item.itemName,
      quantityOrdered: l.quantityOrdered,
      quantityPicked: l.quantityPicked,
    })),
    totalItems: lines.reduce((s, l) => s + l.quantityPicked, 0),
    totalLines: lines.length,
  };
}

export interface FulfillResult {
  message: string;
  fulfillmentId: number;
  soNumber: string;
  trackingNumber: string;
  carrier: string;
  shipMethod: string | null;
  linesShipped: number;
  totalQuantity: number;
}

/**
 * Records the shipment. Inventory is not touched: stock left on_hand / allocated when it was picked
 * (spec 30 §12, 40 §5), so subtracting it again here would count it twice.
 */
export async function fulfill(ctx: AuthedContext, input: FulfillInput): Promise<FulfillResult> {
  const shipMethod = input.shipMethod ?? null;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const so = await lockScopedOrder(tx, ctx.user, input.soId, PACKING_REQUIRED_SETTING);
    if (!so) throw notFound('Order not found', { field: ['input', 'soId'] });
    if (packingRequired(so.setting)) {
      if (so.status !== 'PACKED') throw badRequest(`Order must be packed before shipping. Current status: ${so.status}`);
    } else if (so.status !== 'PICKED' && so.status !== 'PACKED') {
      throw badRequest(`Order is not ready for shipping. Current status: ${so.status}`);
    }

    // One statement: the fulfillment, its lines (in line order; bin = where the line was picked from, see
    // below), the order lines and the order (it ran 3-4 ORM statements per line).
    // Bin picked from: the lowest-id PICKED/SHORT task of this order and item, else (wave orders that were not a
    // task's first contributor) the task found through the wave breakdown, else null.
    // legacy-difference: the legacy server fell back to bin id 1, a 500 when that bin did not exist.
    const now = new Date();
    const [shipped] = await tx.$queryRaw<{ fulfillment_id: number; lines_shipped: number; total_quantity: number }[]>`
      WITH l AS (
        SELECT so_line_id, item_id, quantity_picked, line_number FROM sales_order_lines
        WHERE so_id = ${so.soId} AND quantity_picked > 0
      ), f AS (
        INSERT INTO item_fulfillments (so_id, warehouse_id, tracking_number, carrier, ship_method, status, shipped_by, shipped_at)
        VALUES (${so.soId}, ${so.warehouseId}, ${input.trackingNumber}, ${input.carrier}, ${shipMethod}, 'SHIPPED', ${ctx.user.username}, ${now}::timestamptz)
        RETURNING fulfillment_id
      ), fl AS (
        INSERT INTO item_fulfillment_lines (fulfillment_id, so_line_id, item_id, quantity_shipped, bin_id)
        SELECT f.fulfillment_id, l.so_line_id, l.item_id, l.quantity_picked, COALESCE(
          (SELECT t.bin_id FROM pick_tasks t
           WHERE t.so_id = ${so.soId} AND t.item_id = l.item_id AND t.status IN ('PICKED', 'SHORT') ORDER BY t.pick_task_id LIMIT 1),
          (SELECT t.bin_id FROM wave_pick_breakdown w JOIN pick_tasks t ON t.pick_task_id = w.pick_task_id
           WHERE w.so_line_id = l.so_line_id AND t.status IN ('PICKED', 'SHORT') ORDER BY w.pick_task_id LIMIT 1))
        FROM f CROSS JOIN l ORDER BY l.line_number, l.so_line_id
      ), sl AS (
        UPDATE sales_order_lines s SET quantity_shipped = l.quantity_picked, status = 'SHIPPED' FROM l WHERE s.so_line_id = l.so_line_id
      ), o AS (
        UPDATE sales_orders SET status = 'SHIPPED', shipped_at = ${now}::timestamptz, carrier = ${input.carrier}, tracking_number = ${input.trackingNumber}
        WHERE so_id = ${so.soId}
      )
      SELECT f.fulfillment_id, (SELECT count(*) FROM l)::int AS lines_shipped, (SELECT COALESCE(sum(quantity_picked), 0) FROM l)::int AS total_quantity
      FROM f`;
    const fulfillment = { fulfillmentId: shipped.fulfillment_id };
    const totalQuantity = shipped.total_quantity;
    journal.event({
      topic: 'shipping.fulfilled',
      warehouseId: so.warehouseId,
      payload: { so_id: so.soId, fulfillment_id: fulfillment.fulfillmentId, lines_shipped: shipped.lines_shipped, total_quantity: totalQuantity },
    });
    journal.audit({
      actionType: 'SHIP',
      entityType: 'SO',
      entityId: so.soId,
      userId: ctx.user.username,
      warehouseId: so.warehouseId,
      details: { so_number: so.soNumber, tracking_number: input.trackingNumber, carrier: input.carrier, fulfillment_id: fulfillment.fulfillmentId },
    });
    return {
      message: 'Shipment fulfilled',
      fulfillmentId: fulfillment.fulfillmentId,
      soNumber: so.soNumber,
      trackingNumber: input.trackingNumber,
      carrier: input.carrier,
      shipMethod,
      linesShipped: shipped.lines_shipped,
      totalQuantity,
    };
  });
}
