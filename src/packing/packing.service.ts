/** Pack verification (spec 40 §1–3): scan every picked unit, then close the order as PACKED. */
import type { AuthedContext } from '../context';
import type { CurrentUser } from '../context';
import { scopedWarehouseIds } from '../auth/scope';
import { withSqlTransaction, type SqlTx } from '../db/tx';
import { badRequest, notFound } from '../errors';
import { matchesItemBarcode } from '../picking/barcode';
import type { PackCompleteInput, PackVerifyInput } from './packing.inputs';
import { lockOrderWithLines, markPacked, packOrderRead, packVerificationChanges, type OrderHeaderRow, type PackLineRow } from './packing.repo';

/** The user may see orders of this warehouse. */
export const inScope = (user: CurrentUser, warehouseId: number) => {
  const ids = scopedWarehouseIds(user);
  return ids === undefined || ids.includes(warehouseId);
};

/** The order with its lines, row-locked (lockOrderWithLines); null when there is none the user may see (lock, then scope). */
async function lockScopedOrderLines(tx: SqlTx, user: CurrentUser, soId: number) {
  const order = await lockOrderWithLines(tx, soId);
  return order && inScope(user, order.warehouseId) ? order : null;
}

const toPackLine = (l: PackLineRow): PackLine => ({
  soLineId: l.soLineId,
  lineNumber: l.lineNumber,
  itemId: l.itemId,
  sku: l.sku,
  itemName: l.itemName,
  upc: l.upc,
  weightLbs: l.weightLbs ? l.weightLbs : 0,
  quantityOrdered: l.quantityOrdered,
  quantityPicked: l.quantityPicked,
  quantityPacked: l.quantityPacked,
  packVerified: l.quantityPacked >= l.quantityPicked,
});

export type OrderHeader = OrderHeaderRow;

export const toHeader = (so: OrderHeader): OrderHeader => ({
  soId: so.soId,
  soNumber: so.soNumber,
  soBarcode: so.soBarcode,
  customerName: so.customerName,
  status: so.status,
  shipMethod: so.shipMethod,
  shipAddress: so.shipAddress,
  warehouseId: so.warehouseId,
});

export interface PackLine {
  soLineId: number;
  lineNumber: number;
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  weightLbs: number;
  quantityOrdered: number;
  quantityPicked: number;
  quantityPacked: number;
  packVerified: boolean;
}

export interface PackOrderView {
  salesOrder: OrderHeader;
  lines: PackLine[];
  calculatedWeightLbs: number;
  totalItems: number;
  itemsVerified: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const notReady = (status: string) => badRequest(`Order is not ready for packing. Current status: ${status}`);

const totals = (lines: PackLine[]) => ({
  calculatedWeightLbs: round2(lines.reduce((s, l) => s + l.weightLbs * l.quantityPicked, 0)),
  totalItems: lines.reduce((s, l) => s + l.quantityPicked, 0),
});

/** A PICKED order of the caller's warehouses at the pack station; null when there is none with this number or barcode. */
export async function packOrder(ctx: AuthedContext, barcode: string): Promise<PackOrderView | null> {
  // one statement: the order (scoping is part of the query: an order of another warehouse is "not found", spec 40) and its lines
  const so = await packOrderRead(ctx.app.prisma, barcode, scopedWarehouseIds(ctx.user) ?? null);
  if (!so) return null;
  if (so.status !== 'PICKED') throw notReady(so.status);
  const lines = so.lines.map(toPackLine);
  return {
    salesOrder: toHeader(so),
    lines,
    ...totals(lines),
    itemsVerified: lines.filter((l) => l.packVerified).reduce((s, l) => s + l.quantityPicked, 0),
  };
}

export interface VerifyResult {
  message: string;
  itemId: number;
  item: { sku: string; itemName: string; quantityVerified: number; lineComplete: boolean };
  orderProgress: { totalLines: number; linesVerified: number; allVerified: boolean };
}

export async function verify(ctx: AuthedContext, input: PackVerifyInput): Promise<VerifyResult> {
  const quantity = input.quantity;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const so = await lockScopedOrderLines(tx, ctx.user, input.soId);
    if (!so) throw notFound('Order not found');
    if (so.status !== 'PICKED') throw notReady(so.status);
    const lines = so.lines.map((r) => ({
      soLineId: r.soLineId,
      itemId: r.itemId,
      quantityPicked: r.quantityPicked,
      quantityPacked: r.quantityPacked,
      item: { sku: r.sku, itemName: r.itemName, upc: r.upc, barcodeAliases: r.barcodeAliases },
    }));
    const matching = lines.filter((l) => matchesItemBarcode(l.item, input.scannedBarcode));
    // The reference answers 404 here (legacy: 400); the reference wins.
    if (matching.length === 0) throw notFound('Item not found on this order');
    const line = matching.find((l) => l.quantityPicked > l.quantityPacked);
    if (!line) throw badRequest('Item already fully verified on this order');
    const remaining = line.quantityPicked - line.quantityPacked;
    if (quantity > remaining) throw badRequest(`Over-pack: only ${remaining} items remaining to verify`);

    const packed = line.quantityPacked + quantity;
    const lineComplete = packed >= line.quantityPicked;
    // The line update, the verification row and the outbox row: the journal's one statement, with the COMMIT.
    for (const change of packVerificationChanges({
      soId: so.soId, soLineId: line.soLineId, itemId: line.itemId, quantity, packed, lineComplete,
      scannedBarcode: input.scannedBarcode.slice(0, 100), verifiedBy: ctx.user.username,
    })) {
      journal.change(change);
    }
    journal.event({
      topic: 'packing.verified',
      warehouseId: so.warehouseId,
      payload: { so_id: so.soId, so_line_id: line.soLineId, item_id: line.itemId, quantity, line_complete: lineComplete },
    });
    const after = lines.map((l) => (l.soLineId === line.soLineId ? { ...l, quantityPacked: packed } : l));
    const linesVerified = after.filter((l) => l.quantityPacked >= l.quantityPicked).length;
    return {
      message: 'Item verified',
      itemId: line.itemId,
      item: { sku: line.item.sku, itemName: line.item.itemName, quantityVerified: quantity, lineComplete },
      orderProgress: { totalLines: after.length, linesVerified, allVerified: linesVerified === after.length },
    };
  });
}

export interface PackCompleteResult {
  message: string;
  soNumber: string;
  status: string;
  totalItems: number;
  calculatedWeightLbs: number;
}

export async function complete(ctx: AuthedContext, input: PackCompleteInput): Promise<PackCompleteResult> {
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const so = await lockScopedOrderLines(tx, ctx.user, input.soId);
    if (!so) throw notFound('Order not found');
    if (so.status !== 'PICKED') throw notReady(so.status);
    const lines = so.lines.map(toPackLine);
    const unverified = lines.filter((l) => !l.packVerified).length;
    if (unverified > 0) throw badRequest(`Cannot complete packing - ${unverified} items not yet verified`);
    const { totalItems, calculatedWeightLbs } = totals(lines);
    // The order, the outbox row and (last) the audit row in one statement.
    journal.change(markPacked(so.soId));
    journal.event({ topic: 'packing.completed', warehouseId: so.warehouseId, payload: { so_id: so.soId, total_items: totalItems } });
    journal.audit({
      actionType: 'PACK',
      entityType: 'SO',
      entityId: so.soId,
      userId: ctx.user.username,
      warehouseId: so.warehouseId,
      details: { so_number: so.soNumber, total_items: totalItems },
    });
    return { message: 'Order packed successfully', soNumber: so.soNumber, status: 'PACKED', totalItems, calculatedWeightLbs };
  });
}
