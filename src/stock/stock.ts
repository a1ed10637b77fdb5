/**
 * Stock on hand: every write of an inventory row outside allocation (src/stock/allocation.ts) is one of these
 * operations (put: addStock; take: takeStock, takeFromRow; receipt reversal: takeBackReceived; the catalog's and the
 * importer's rows; count stamps). All run inside the caller's transaction; services keep the rules (what may move,
 * the messages).
 *
 * Invariants, re-checked by each write in its own statement (the inventory CHECK constraints are the backstop):
 * quantity_on_hand >= 0 and quantity_allocated <= quantity_on_hand (a take never touches allocated units).
 * Lock order: the positions' advisory locks in (item, bin) order (lockStockPositions), then rows in id order.
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
  await tx.$queryRaw`${positionLocksQuery(sorted)}`;
}

/**
 * lockStockPositions as one query to put into the caller's statement (a CTE or subquery, one row per position):
 * unnest yields the sorted arrays in order, so the locks are taken in (item, bin) order.
 */
export function positionLocksQuery(positions: StockPosition[]): Prisma.Sql {
  const sorted = stockPositionOrder(positions);
  return Prisma.sql`
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

/**
 * The rows of the positions, row-locked in id order: the order allocation locks rows in (lockAllocatableRows), so a
 * change of several positions (a move, a receipt into two bins) and an allocation of the same item wait for each
 * other instead of deadlocking. To run as a CTE of the caller's statement (StockRow columns); lockPositionRows runs it.
 */
export function positionRowsLockQuery(positions: StockPosition[]): Prisma.Sql {
  const sorted = stockPositionOrder(positions);
  return Prisma.sql`
    SELECT ${STOCK_COLUMNS} FROM inventory
    WHERE (item_id, bin_id) IN (SELECT * FROM unnest(${sorted.map((p) => p.itemId)}::int[], ${sorted.map((p) => p.binId)}::int[]))
    ORDER BY inventory_id FOR UPDATE`;
}

/** Every row of the positions, locked in id order (positionRowsLockQuery). The caller holds `lockStockPositions` for them. */
export function lockPositionRows(tx: SqlTx, positions: StockPosition[]): Promise<StockRow[]> {
  return tx.$queryRaw<StockRow[]>`${positionRowsLockQuery(positions)}`;
}

/**
 * A move's source row: the (item, from bin, lot) row (null lot: the no-lot row), after every row of both positions
 * is locked in id order (positionRowsLockQuery), in one statement. The caller holds both positions.
 */
export async function lockMoveSource(tx: SqlTx, itemId: number, fromBinId: number, toBinId: number, lotNumber: string | null): Promise<StockRow | null> {
  const rows = await tx.$queryRaw<StockRow[]>`
    WITH locked AS MATERIALIZED (${positionRowsLockQuery([{ itemId, binId: fromBinId }, { itemId, binId: toBinId }])})
    SELECT * FROM locked WHERE "binId" = ${fromBinId} AND "lotNumber" IS NOT DISTINCT FROM ${lotNumber}::varchar
    ORDER BY "inventoryId" LIMIT 1`;
  return rows[0] ?? null;
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
 * `addStock` for several additions as two data-modifying statements (no RETURNING) for the caller's last statement
 * (`journal.change`): the additions summed per (item, bin, lot) row (one statement must not change a row twice), an
 * UPDATE of the rows there are and an INSERT (in the additions' order) of those there are not. Both read the
 * statement's snapshot: it must start after the caller took the positions' locks (lockStockPositions,
 * positionLocksQuery) in an earlier statement, so it sees every row of them. Empty: no statements.
 */
export function addStockChanges(adds: { itemId: number; binId: number; warehouseId: number; lotNumber: string | null; quantity: number }[]): Prisma.Sql[] {
  const rows = new Map<string, { itemId: number; binId: number; warehouseId: number; lotNumber: string | null; quantity: number }>();
  for (const a of adds) {
    const key = JSON.stringify([a.itemId, a.binId, a.lotNumber]);
    const row = rows.get(key);
    if (row) row.quantity += a.quantity;
    else rows.set(key, { ...a });
  }
  if (rows.size === 0) return [];
  const r = [...rows.values()];
  const items = r.map((a) => a.itemId);
  const bins = r.map((a) => a.binId);
  const lots = r.map((a) => a.lotNumber);
  const quantities = r.map((a) => a.quantity);
  return [
    Prisma.sql`
      UPDATE inventory i SET quantity_on_hand = i.quantity_on_hand + a.quantity, updated_at = now()
      FROM unnest(${items}::int[], ${bins}::int[], ${lots}::varchar[], ${quantities}::int[]) AS a(item_id, bin_id, lot_number, quantity)
      WHERE i.inventory_id = (
        SELECT x.inventory_id FROM inventory x
        WHERE x.item_id = a.item_id AND x.bin_id = a.bin_id AND x.lot_number IS NOT DISTINCT FROM a.lot_number
        ORDER BY x.inventory_id LIMIT 1)`,
    Prisma.sql`
      INSERT INTO inventory (item_id, bin_id, warehouse_id, lot_number, quantity_on_hand, quantity_allocated, updated_at)
      SELECT a.item_id, a.bin_id, a.warehouse_id, a.lot_number, a.quantity, 0, ${new Date()}::timestamptz
      FROM unnest(${items}::int[], ${bins}::int[], ${r.map((a) => a.warehouseId)}::int[], ${lots}::varchar[], ${quantities}::int[])
        WITH ORDINALITY AS a(item_id, bin_id, warehouse_id, lot_number, quantity, n)
      WHERE NOT EXISTS (
        SELECT 1 FROM inventory x WHERE x.item_id = a.item_id AND x.bin_id = a.bin_id AND x.lot_number IS NOT DISTINCT FROM a.lot_number)
      ORDER BY a.n`,
  ];
}

/**
 * The statement taking `quantity` free units from a locked row (`row` as locked), deleting the row when that empties
 * it (nothing allocated on it). It changes one row, or none when the row no longer has the free units: callers
 * check (takeFromRow does).
 */
export function takeFromRowStatement(row: StockRow, quantity: number): Prisma.Sql {
  return row.quantityOnHand === quantity && row.quantityAllocated === 0
    ? Prisma.sql`DELETE FROM inventory WHERE inventory_id = ${row.inventoryId} AND quantity_on_hand = ${quantity} AND quantity_allocated = 0`
    : Prisma.sql`UPDATE inventory SET quantity_on_hand = quantity_on_hand - ${quantity}, updated_at = now()
        WHERE inventory_id = ${row.inventoryId} AND quantity_on_hand - quantity_allocated >= ${quantity}`;
}

/** takeFromRowStatement, run: throws (the transaction rolls back) when the row no longer has the free units. */
export async function takeFromRow(tx: SqlTx, row: StockRow, quantity: number): Promise<void> {
  const n = await tx.$executeRaw`${takeFromRowStatement(row, quantity)}`;
  if (n !== 1) throw new Error(`stock of inventory row ${row.inventoryId} changed under its lock`);
}

/**
 * A receipt reversal: takes back the received units (inventory_id -> units) from rows the caller locked, in one
 * statement, never below what is allocated. Rows reaching 0 stay in place (legacy: receipt cancels never delete
 * inventory rows). Throws when a row no longer has the units (the caller has checked it has).
 */
export async function takeBackReceived(tx: SqlTx, perRow: Map<number, number>): Promise<void> {
  if (perRow.size === 0) return;
  const n = await tx.$executeRaw`
    UPDATE inventory i SET quantity_on_hand = i.quantity_on_hand - u.quantity, updated_at = now()
    FROM unnest(${[...perRow.keys()]}::int[], ${[...perRow.values()]}::int[]) AS u(inventory_id, quantity)
    WHERE i.inventory_id = u.inventory_id AND i.quantity_on_hand - i.quantity_allocated >= u.quantity`;
  if (n !== perRow.size) throw new Error('stock changed under its lock (receipt reversal)');
}

/** An item about to be deleted: its empty rows go with it (a row with stock refuses the delete; nothing is allocated on an empty row). */
export async function removeEmptyStockRows(tx: Tx, itemId: number): Promise<void> {
  await tx.inventory.deleteMany({ where: { itemId, quantityOnHand: 0, quantityAllocated: 0 } });
}

/**
 * The opening stock of items created in the same transaction (an import): one row per (item, bin), nothing
 * allocated. No position lock: nobody else sees the items before the commit.
 */
export async function insertOpeningStock(tx: Tx, rows: { itemId: number; binId: number; warehouseId: number; quantity: number }[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.some((r) => r.quantity <= 0)) throw new Error('opening stock must be positive');
  await tx.inventory.createMany({ data: rows.map((r) => ({ itemId: r.itemId, binId: r.binId, warehouseId: r.warehouseId, quantityOnHand: r.quantity })) });
}

/** Stamps the rows of (item, bin) as counted at `at` (quantities are changed by the count's adjustments, not here). */
export async function markCounted(tx: Tx, itemId: number, binId: number, at: Date): Promise<void> {
  await tx.inventory.updateMany({ where: { itemId, binId }, data: { lastCountedAt: at } });
}
