/** Shipping (spec 40 §4–5): load a packed order and record its fulfillment. */
import type { AuthedContext } from '../context';
import { writeAudit } from '../audit/audit.writer';
import { recordEvents } from '../events/outbox';
import { withTransaction, type Tx } from '../db/tx';
import { badRequest, notFound } from '../errors';
import { isPackingRequired } from '../settings/settings.service';
import { parseInput } from '../validation/errors';
import { findOrderByBarcode, lockScopedOrder, toHeader, type OrderHeader } from '../packing/packing.service';
import { FulfillInput } from './shipping.inputs';

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

export async function shipOrder(ctx: AuthedContext, barcode: string): Promise<ShipOrderView> {
  if (barcode.trim() === '') throw badRequest('Barcode is required');
  if ([...barcode].length > 100) throw badRequest('Barcode too long (max 100 characters)');
  const db = ctx.app.prisma;
  const so = await findOrderByBarcode(db, ctx.user, barcode);
  if (!so) throw notFound('Order not found');
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
export async function fulfill(ctx: AuthedContext, raw: unknown): Promise<FulfillResult> {
  const input = parseInput(FulfillInput, raw);
  const shipMethod = input.ship_method ?? null;
  return withTransaction(ctx.app.prisma, async (tx) => {
    const so = await lockScopedOrder(tx, ctx.user, input.so_id);
    if (!so) throw notFound('Order not found');
    if (await isPackingRequired(tx)) {
      if (so.status !== 'PACKED') throw badRequest(`Order must be packed before shipping. Current status: ${so.status}`);
    } else if (so.status !== 'PICKED' && so.status !== 'PACKED') {
      throw badRequest(`Order is not ready for shipping. Current status: ${so.status}`);
    }

    const lines = (await tx.salesOrderLine.findMany({ where: { soId: so.soId }, orderBy: [{ lineNumber: 'asc' }, { soLineId: 'asc' }] }))
      .filter((l) => l.quantityPicked > 0);
    const fulfillment = await tx.itemFulfillment.create({
      data: {
        soId: so.soId,
        warehouseId: so.warehouseId,
        trackingNumber: input.tracking_number,
        carrier: input.carrier,
        shipMethod,
        shippedBy: ctx.user.username,
        status: 'SHIPPED',
      },
    });
    for (const line of lines) {
      await tx.itemFulfillmentLine.create({
        data: {
          fulfillmentId: fulfillment.fulfillmentId,
          soLineId: line.soLineId,
          itemId: line.itemId,
          quantityShipped: line.quantityPicked,
          binId: await pickedFromBin(tx, so.soId, line.soLineId, line.itemId),
        },
      });
      await tx.salesOrderLine.update({ where: { soLineId: line.soLineId }, data: { quantityShipped: line.quantityPicked, status: 'SHIPPED' } });
    }
    await tx.salesOrder.update({
      where: { soId: so.soId },
      data: { status: 'SHIPPED', shippedAt: new Date(), carrier: input.carrier, trackingNumber: input.tracking_number },
    });
    const totalQuantity = lines.reduce((s, l) => s + l.quantityPicked, 0);
    await recordEvents(tx, {
      topic: 'shipping.fulfilled',
      warehouseId: so.warehouseId,
      payload: { so_id: so.soId, fulfillment_id: fulfillment.fulfillmentId, lines_shipped: lines.length, total_quantity: totalQuantity },
    });
    await writeAudit(tx, {
      actionType: 'SHIP',
      entityType: 'SO',
      entityId: so.soId,
      userId: ctx.user.username,
      warehouseId: so.warehouseId,
      details: { so_number: so.soNumber, tracking_number: input.tracking_number, carrier: input.carrier, fulfillment_id: fulfillment.fulfillmentId },
    });
    return {
      message: 'Shipment fulfilled',
      fulfillmentId: fulfillment.fulfillmentId,
      soNumber: so.soNumber,
      trackingNumber: input.tracking_number,
      carrier: input.carrier,
      shipMethod,
      linesShipped: lines.length,
      totalQuantity,
    };
  });
}

/**
 * The bin the line was picked from: the lowest-id PICKED/SHORT task of this order and item, else (wave
 * orders that were not a task's first contributor) the task found through the wave breakdown, else null.
 * legacy-difference: the legacy server fell back to bin id 1, a 500 when that bin did not exist.
 */
async function pickedFromBin(tx: Tx, soId: number, soLineId: number, itemId: number) {
  const direct = await tx.pickTask.findFirst({
    where: { soId, itemId, status: { in: ['PICKED', 'SHORT'] } },
    orderBy: { pickTaskId: 'asc' },
    select: { binId: true },
  });
  if (direct) return direct.binId;
  const viaWave = await tx.wavePickBreakdown.findFirst({
    where: { soLineId, pickTask: { status: { in: ['PICKED', 'SHORT'] } } },
    orderBy: { pickTaskId: 'asc' },
    select: { pickTask: { select: { binId: true } } },
  });
  return viaWave?.pickTask.binId ?? null;
}
