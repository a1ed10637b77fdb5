/** Shipping (spec 40 §4–5): load a packed order and record its fulfillment. */
import type { AuthedContext } from '../context';
import { withSqlTransaction } from '../db/tx';
import { badRequest, notFound } from '../errors';
import { PACKING_REQUIRED_SETTING, packingRequired } from '../settings/settings.service';
import { scopedWarehouseIds } from '../auth/scope';
import { inScope, toHeader, type OrderHeader } from '../packing/packing.service';
import type { FulfillInput } from './shipping.inputs';
import { fulfillmentChanges, lockShipment, shipOrderRead, type ShipLineRow } from './shipping.repo';

export type ShipLine = ShipLineRow;

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
  // one statement: the order (scoped: an order of another warehouse is "not found"), the setting and the lines
  const so = await shipOrderRead(ctx.app.prisma, barcode, scopedWarehouseIds(ctx.user) ?? null, PACKING_REQUIRED_SETTING);
  if (!so) return null;
  const required = packingRequired(so.setting);
  if (required && so.status === 'PICKED') throw badRequest('Order must be packed before shipping');
  const allowed = required ? ['PACKED'] : ['PICKED', 'PACKED'];
  if (!allowed.includes(so.status)) throw badRequest(`Order is not ready for shipping. Current status: ${so.status}`);
  const lines = so.lines;
  return {
    salesOrder: toHeader(so),
    lines,
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
 * (spec 30 §12, 40 §5), so subtracting it again here would count it twice. Two round trips: the order and its lines
 * locked and read (with the fulfillment's id) in one statement, then every write with the outbox and audit rows in
 * the journal's final statement.
 */
export async function fulfill(ctx: AuthedContext, input: FulfillInput): Promise<FulfillResult> {
  const shipMethod = input.shipMethod ?? null;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const so = await lockShipment(tx, input.soId, PACKING_REQUIRED_SETTING, scopedWarehouseIds(ctx.user) ?? null);
    if (!so || !inScope(ctx.user, so.warehouseId)) throw notFound('Order not found', { field: ['input', 'soId'] });
    if (packingRequired(so.setting)) {
      if (so.status !== 'PACKED') throw badRequest(`Order must be packed before shipping. Current status: ${so.status}`);
    } else if (so.status !== 'PICKED' && so.status !== 'PACKED') {
      throw badRequest(`Order is not ready for shipping. Current status: ${so.status}`);
    }
    // lockShipment draws the id exactly when the checks above pass
    if (so.fulfillmentId === null) throw new Error(`no fulfillment id drawn for order ${so.soId} (status ${so.status})`);

    const fulfillmentId = so.fulfillmentId;
    const linesShipped = so.lines.length;
    const totalQuantity = so.lines.reduce((sum, l) => sum + l.quantityPicked, 0);
    for (const change of fulfillmentChanges({
      fulfillmentId,
      soId: so.soId,
      warehouseId: so.warehouseId,
      lines: so.lines,
      trackingNumber: input.trackingNumber,
      carrier: input.carrier,
      shipMethod,
      shippedBy: ctx.user.username,
    })) {
      journal.change(change);
    }
    journal.event({
      topic: 'shipping.fulfilled',
      warehouseId: so.warehouseId,
      payload: { so_id: so.soId, fulfillment_id: fulfillmentId, lines_shipped: linesShipped, total_quantity: totalQuantity },
    });
    journal.audit({
      actionType: 'SHIP',
      entityType: 'SO',
      entityId: so.soId,
      userId: ctx.user.username,
      warehouseId: so.warehouseId,
      details: { so_number: so.soNumber, tracking_number: input.trackingNumber, carrier: input.carrier, fulfillment_id: fulfillmentId },
    });
    return {
      message: 'Shipment fulfilled',
      fulfillmentId,
      soNumber: so.soNumber,
      trackingNumber: input.trackingNumber,
      carrier: input.carrier,
      shipMethod,
      linesShipped,
      totalQuantity,
    };
  });
}
