/** Pack verification (spec 40 §1–3): scan every picked unit, then close the order as PACKED. */
import type { AuthedContext } from '../context';
import type { CurrentUser } from '../context';
import { Prisma, type PrismaClient } from '../db';
import { scopedWarehouseIds } from '../auth/scope';
import { withSqlTransaction, type SqlTx, type Tx } from '../db/tx';
import { badRequest, notFound } from '../errors';
import { matchesItemBarcode } from '../picking/barcode';
import type { PackCompleteInput, PackVerifyInput } from './packing.inputs';

type Db = PrismaClient | Tx;

/** Scoping is part of the query: an order of another warehouse is "not found" (spec 40). */
export function orderScope(user: CurrentUser) {
  const ids = scopedWarehouseIds(user);
  return ids === undefined ? {} : { warehouseId: { in: ids } };
}

/** The order a scanned barcode names: so_barcode or so_number, exact. */
export function findOrderByBarcode(db: Db, user: CurrentUser, barcode: string) {
  return db.salesOrder.findFirst({
    where: { ...orderScope(user), OR: [{ soBarcode: barcode }, { soNumber: barcode }] },
    orderBy: { soId: 'asc' },
  });
}

/**
 * Locks an order the user may see (verify/complete/fulfill serialise on it). One statement: lock, then scope; with
 * the value of the app setting `settingKey` when asked (null: not set).
 */
export async function lockScopedOrder(
  tx: SqlTx,
  user: CurrentUser,
  soId: number,
  settingKey?: string,
): Promise<{ soId: number; soNumber: string; status: string; warehouseId: number; setting: string | null } | null> {
  const setting = settingKey === undefined ? Prisma.empty : Prisma.sql`, (SELECT value FROM app_settings WHERE key = ${settingKey}) AS setting`;
  const rows = await tx.$queryRaw<{ so_id: number; so_number: string; status: string; warehouse_id: number; setting?: string | null }[]>`
    SELECT so_id, so_number, status, warehouse_id${setting} FROM sales_orders WHERE so_id = ${soId} FOR UPDATE`;
  const row = rows[0];
  if (!row) return null;
  const ids = scopedWarehouseIds(user);
  if (ids !== undefined && !ids.includes(row.warehouse_id)) return null;
  return { soId: row.so_id, soNumber: row.so_number, status: row.status, warehouseId: row.warehouse_id, setting: row.setting ?? null };
}

interface LockedPackLine {
  so_line_id: number;
  line_number: number;
  item_id: number;
  sku: string;
  item_name: string;
  upc: string | null;
  barcode_aliases: unknown;
  weight_lbs: number | null;
  quantity_ordered: number;
  quantity_picked: number;
  quantity_packed: number;
}

/**
 * lockScopedOrder with the order's lines, row-locked too, in one statement (line order). The order is locked
 * first (the lines' read waits for it); locking the lines makes the statement return them as the last writer
 * committed them, as a separate read after the order's lock would.
 */
async function lockScopedOrderLines(
  tx: SqlTx,
  user: CurrentUser,
  soId: number,
): Promise<{ soId: number; soNumber: string; status: string; warehouseId: number; lines: LockedPackLine[] } | null> {
  const rows = await tx.$queryRaw<{ so_id: number; so_number: string; status: string; warehouse_id: number; lines: LockedPackLine[] }[]>`
    WITH so AS MATERIALIZED (
      SELECT so_id, so_number, status, warehouse_id FROM sales_orders WHERE so_id = ${soId} FOR UPDATE
    ), lines AS MATERIALIZED (
      SELECT so_line_id, line_number, item_id, quantity_ordered, quantity_picked, quantity_packed FROM sales_order_lines
      WHERE so_id = (SELECT so_id FROM so) ORDER BY so_line_id FOR UPDATE
    )
    SELECT so.*,
           (SELECT coalesce(json_agg(json_build_object(
                     'so_line_id', l.so_line_id, 'line_number', l.line_number, 'item_id', l.item_id, 'sku', i.sku,
                     'item_name', i.item_name, 'upc', i.upc, 'barcode_aliases', i.barcode_aliases, 'weight_lbs', i.weight_lbs::float8,
                     'quantity_ordered', l.quantity_ordered, 'quantity_picked', l.quantity_picked, 'quantity_packed', l.quantity_packed)
                   ORDER BY l.line_number, l.so_line_id), '[]'::json)
              FROM lines l JOIN items i ON i.item_id = l.item_id) AS lines
    FROM so`;
  const row = rows[0];
  if (!row) return null;
  const ids = scopedWarehouseIds(user);
  if (ids !== undefined && !ids.includes(row.warehouse_id)) return null;
  return { soId: row.so_id, soNumber: row.so_number, status: row.status, warehouseId: row.warehouse_id, lines: row.lines };
}

const toPackLine = (l: Omit<LockedPackLine, 'barcode_aliases'>): PackLine => ({
  soLineId: l.so_line_id,
  lineNumber: l.line_number,
  itemId: l.item_id,
  sku: l.sku,
  itemName: l.item_name,
  upc: l.upc,
  weightLbs: l.weight_lbs ? l.weight_lbs : 0,
  quantityOrdered: l.quantity_ordered,
  quantityPicked: l.quantity_picked,
  quantityPacked: l.quantity_packed,
  packVerified: l.quantity_packed >= l.quantity_picked,
});

export interface OrderHeader {
  soId: number;
  soNumber: string;
  soBarcode: string | null;
  customerName: string | null;
  status: string;
  shipMethod: string | null;
  shipAddress: string | null;
  warehouseId: number;
}

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

async function packLines(db: Db, soId: number): Promise<PackLine[]> {
  // One statement (the ORM's include ran a second query for the items); weight as float8 = Decimal#toNumber.
  const lines = await db.$queryRaw<
    {
      so_line_id: number; line_number: number; item_id: number; sku: string; item_name: string; upc: string | null; weight_lbs: number | null;
      quantity_ordered: number; quantity_picked: number; quantity_packed: number;
    }[]
  >`
    SELECT l.so_line_id, l.line_number, l.item_id, i.sku, i.item_name, i.upc, i.weight_lbs::float8 AS weight_lbs,
           l.quantity_ordered, l.quantity_picked, l.quantity_packed
    FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id
    WHERE l.so_id = ${soId} ORDER BY l.line_number, l.so_line_id`;
  return lines.map(toPackLine);
}

const totals = (lines: PackLine[]) => ({
  calculatedWeightLbs: round2(lines.reduce((s, l) => s + l.weightLbs * l.quantityPicked, 0)),
  totalItems: lines.reduce((s, l) => s + l.quantityPicked, 0),
});

/** A PICKED order of the caller's warehouses at the pack station; null when there is none with this number or barcode. */
export async function packOrder(ctx: AuthedContext, barcode: string): Promise<PackOrderView | null> {
  const db = ctx.app.prisma;
  const so = await findOrderByBarcode(db, ctx.user, barcode);
  if (!so) return null;
  if (so.status !== 'PICKED') throw notReady(so.status);
  const lines = await packLines(db, so.soId);
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
      soLineId: r.so_line_id,
      itemId: r.item_id,
      quantityPicked: r.quantity_picked,
      quantityPacked: r.quantity_packed,
      item: { sku: r.sku, itemName: r.item_name, upc: r.upc, barcodeAliases: r.barcode_aliases },
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
    journal.change(Prisma.sql`
      UPDATE sales_order_lines SET quantity_packed = ${packed}, status = CASE WHEN ${lineComplete} THEN 'PACKED' ELSE status END
      WHERE so_line_id = ${line.soLineId}`);
    journal.change(Prisma.sql`
      INSERT INTO pack_verifications (so_id, so_line_id, item_id, quantity, scanned_barcode, verified_by, verified_at)
      VALUES (${so.soId}, ${line.soLineId}, ${line.itemId}, ${quantity}, ${input.scannedBarcode.slice(0, 100)}, ${ctx.user.username}, ${new Date()}::timestamptz)`);
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
    const packed = Prisma.sql`UPDATE sales_orders SET status = 'PACKED', packed_at = ${new Date()}::timestamptz WHERE so_id = ${so.soId}`;
    journal.change(packed);
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
