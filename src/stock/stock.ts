/**
 * Row-level stock primitives shared by receiving, put-away, counts, adjustments, moves and transfers.
 * All run inside the caller's transaction.
 */
import { Prisma } from '../db';
import type { SqlTx, Tx } from '../db/tx';

export interface StockRow {
  inventoryId: number;
  itemId: number;
  binId: number;
  warehouseId: number;
  quantityOnHand: number;
  quantityAllocated: number;
  lotNumber: string | null;
}

/** One stock position: an item in a bin (every lot of it). */
export interface StockPosition {
  itemId: number;
  binId: number;
}

/**
 * Serialises stock changes of the given positions for the rest of the transaction. Row locks alone cannot
 * stop two inserts of the same no-lot row, so every change takes a transaction-scoped advisory lock per
 * (item, bin) first (two-int form, its own key space), always in (item, bin) order so transactions never
 * deadlock on it. The unique index (NULLS NOT DISTINCT) backs this up in the database.
 */
export async function lockStockPositions(tx: SqlTx, positions: StockPosition[]): Promise<void> {
  const sorted = stockPositionOrder(positions);
  if (sorted.length === 1) {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${sorted[0].itemId}::int, ${sorted[0].binId}::int)::text AS locked`;
    return;
  }
  if (sorted.length === 0) return;
  // One statement; unnest yields the (sorted) arrays in order, so the locks are taken in (item, bin) order.
  await tx.$queryRaw`
    SELECT pg_advisory_xact_lock(p.item_id, p.bin_id)::text AS locked
    FROM unnest(${sorted.map((p) => p.itemId)}::int[], ${sorted.map((p) => p.binId)}::int[]) WITH ORDINALITY AS p(item_id, bin_id, n)`;
}

/** The distinct positions in the order their locks are taken: (item, bin). */
export function stockPositionOrder(positions: StockPosition[]): StockPosition[] {
  const unique = new Map(positions.map((p) => [`${p.itemId}:${p.binId}`, p]));
  return [...unique.values()].sort((x, y) => x.itemId - y.itemId || x.binId - y.binId);
}

const STOCK_COLUMNS = Prisma.raw(`inventory_id AS "inventoryId", item_id AS "itemId", bin_id AS "binId", warehouse_id AS "warehouseId",
  quantity_on_hand AS "quantityOnHand", quantity_allocated AS "quantityAllocated", lot_number AS "lotNumber"`);

/** The (item, bin, lot) row (null lot matches only the no-lot row), locked. The position must be locked first. */
export async function lockStockRow(tx: SqlTx, itemId: number, binId: number, lotNumber: string | null): Promise<StockRow | null> {
  const rows = await tx.$queryRaw<StockRow[]>`
    SELECT ${STOCK_COLUMNS} FROM inventory
    WHERE item_id = ${itemId} AND bin_id = ${binId} AND lot_number IS NOT DISTINCT FROM ${lotNumber}::varchar
    ORDER BY inventory_id LIMIT 1 FOR UPDATE`;
  return rows[0] ?? null;
}

/** Every inventory row of (item, bin), locked, in id order. */
export function lockStockRows(tx: Tx, itemId: number, binId: number): Promise<StockRow[]> {
  return tx.$queryRaw<StockRow[]>`
    SELECT ${STOCK_COLUMNS} FROM inventory WHERE item_id = ${itemId} AND bin_id = ${binId} ORDER BY inventory_id FOR UPDATE`;
}

/** Units that may leave a row: allocated units are reserved for picks. */
export const freeQuantity = (rows: StockRow[]) =>
  rows.reduce((sum, r) => sum + Math.max(0, r.quantityOnHand - r.quantityAllocated), 0);

/**
 * Adds to the (item, bin, lot) row, creating it when absent; returns the new on-hand.
 * The caller holds `lockStockPositions` for the position.
 */
export async function addStock(
  tx: SqlTx,
  s: { itemId: number; binId: number; warehouseId: number; lotNumber: string | null; quantity: number },
): Promise<number> {
  const updated = await tx.$queryRaw<{ q: number }[]>`
    UPDATE inventory SET quantity_on_hand = quantity_on_hand + ${s.quantity}, updated_at = now()
    WHERE inventory_id = (
      SELECT inventory_id FROM inventory
      WHERE item_id = ${s.itemId} AND bin_id = ${s.binId} AND lot_number IS NOT DISTINCT FROM ${s.lotNumber}::varchar
      ORDER BY inventory_id LIMIT 1)
    RETURNING quantity_on_hand AS q`;
  if (updated.length > 0) return updated[0].q;
  await tx.$executeRaw`
    INSERT INTO inventory (item_id, bin_id, warehouse_id, lot_number, quantity_on_hand, quantity_allocated, updated_at)
    VALUES (${s.itemId}, ${s.binId}, ${s.warehouseId}, ${s.lotNumber}::varchar, ${s.quantity}, 0, ${new Date()}::timestamptz)`;
  return s.quantity;
}

/**
 * Takes `quantity` free units out of `rows` (locked, in the given order). The caller has checked
 * `freeQuantity(rows) >= quantity`; the conditional UPDATE re-checks it so stock can never go negative
 * or below what is allocated. Rows left empty are deleted when `deleteEmpty` (moves, removals).
 * Returns the on-hand left in the rows.
 */
export async function takeStock(tx: Tx, rows: StockRow[], quantity: number, opts: { deleteEmpty: boolean }): Promise<number> {
  let remaining = quantity;
  let left = 0;
  for (const row of rows) {
    const take = Math.min(remaining, Math.max(0, row.quantityOnHand - row.quantityAllocated));
    remaining -= take;
    const after = row.quantityOnHand - take;
    left += after;
    if (take === 0) continue;
    if (after === 0 && row.quantityAllocated === 0 && opts.deleteEmpty) {
      await tx.inventory.delete({ where: { inventoryId: row.inventoryId } });
      continue;
    }
    const n = await tx.$executeRaw`
      UPDATE inventory SET quantity_on_hand = quantity_on_hand - ${take}, updated_at = now()
      WHERE inventory_id = ${row.inventoryId} AND quantity_on_hand - quantity_allocated >= ${take}`;
    if (n !== 1) throw new Error(`stock of inventory row ${row.inventoryId} changed under its lock`);
  }
  if (remaining > 0) throw new Error('takeStock called with more than the free quantity');
  return left;
}

/**
 * `addStock` as two CTEs (`stock_u`, `stock_i`) to put into the caller's statement: adds to the (item, bin, lot)
 * row, or inserts it when there is none. Same rules as `addStock`; the caller holds `lockStockPositions`.
 */
export function addStockCtes(s: { itemId: number; binId: number; warehouseId: number; lotNumber: string | null; quantity: number }): Prisma.Sql {
  return Prisma.sql`
    stock_u AS (
      UPDATE inventory SET quantity_on_hand = quantity_on_hand + ${s.quantity}, updated_at = now()
      WHERE inventory_id = (
        SELECT inventory_id FROM inventory
        WHERE item_id = ${s.itemId} AND bin_id = ${s.binId} AND lot_number IS NOT DISTINCT FROM ${s.lotNumber}::varchar
        ORDER BY inventory_id LIMIT 1)
      RETURNING 1
    ), stock_i AS (
      INSERT INTO inventory (item_id, bin_id, warehouse_id, lot_number, quantity_on_hand, quantity_allocated, updated_at)
      SELECT ${s.itemId}::int, ${s.binId}::int, ${s.warehouseId}::int, ${s.lotNumber}::varchar, ${s.quantity}::int, 0, ${new Date()}::timestamptz
      WHERE NOT EXISTS (SELECT 1 FROM stock_u)
    )`;
}

/**
 * Gives back `quantity` allocated units of each (item, bin), spread over its rows in id order and never below 0.
 * Locks the rows of every position in one statement (id order). Returns what each position actually gave back.
 */
export async function releaseAllocation(
  tx: Tx,
  positions: { itemId: number; binId: number; quantity: number }[],
): Promise<{ itemId: number; binId: number; quantity: number }[]> {
  const wanted = positions.filter((p) => p.quantity > 0);
  if (wanted.length === 0) return [];
  const rows = await tx.$queryRaw<{ inventoryId: number; itemId: number; binId: number; allocated: number }[]>`
    SELECT inventory_id AS "inventoryId", item_id AS "itemId", bin_id AS "binId", quantity_allocated AS allocated FROM inventory
    WHERE (item_id, bin_id) IN (${Prisma.join(wanted.map((p) => Prisma.sql`(${p.itemId}, ${p.binId})`))})
    ORDER BY inventory_id FOR UPDATE`;
  const released: { itemId: number; binId: number; quantity: number }[] = [];
  for (const p of wanted) {
    let remaining = p.quantity;
    for (const row of rows) {
      if (remaining === 0) break;
      if (row.itemId !== p.itemId || row.binId !== p.binId || row.allocated <= 0) continue;
      const take = Math.min(remaining, row.allocated);
      await tx.$executeRaw`
        UPDATE inventory SET quantity_allocated = quantity_allocated - ${take}, updated_at = now() WHERE inventory_id = ${row.inventoryId}`;
      row.allocated -= take;
      remaining -= take;
    }
    released.push({ itemId: p.itemId, binId: p.binId, quantity: p.quantity - remaining });
  }
  return released;
}
