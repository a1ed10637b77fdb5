import type { Tx } from '../db/tx';

/** One stock position: an item in a bin, optionally a lot (null matches only null). */
export interface StockKey {
  itemId: number;
  binId: number;
}

/**
 * Serialises inbound work on (item, bin) positions. NULL lots are not unique in SQL, so two
 * transactions could otherwise both insert "the" no-lot row; the transaction-level advisory lock
 * (two-int form, its own key space) is taken for every position before its rows are read or
 * written, always in (item, bin) order so concurrent transactions cannot deadlock on it.
 */
export async function lockStockPositions(tx: Tx, keys: StockKey[]): Promise<void> {
  const unique = new Map<string, StockKey>();
  for (const k of keys) unique.set(`${k.itemId}:${k.binId}`, k);
  const sorted = [...unique.values()].sort((a, b) => a.itemId - b.itemId || a.binId - b.binId);
  for (const k of sorted) {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${k.itemId}::int, ${k.binId}::int)::text AS locked`;
  }
}

export interface StockRow {
  inventory_id: number;
  quantity_on_hand: number;
  quantity_allocated: number;
}

/** The (item, bin, lot) row, row-locked. The position must already be locked (lockStockPositions). */
export async function lockStockRow(tx: Tx, itemId: number, binId: number, lotNumber: string | null): Promise<StockRow | null> {
  const rows = await tx.$queryRaw<StockRow[]>`
    SELECT inventory_id, quantity_on_hand, quantity_allocated FROM inventory
    WHERE item_id = ${itemId} AND bin_id = ${binId} AND lot_number IS NOT DISTINCT FROM ${lotNumber}::varchar
    ORDER BY inventory_id LIMIT 1 FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * Adds stock to (item, bin, lot): increments the existing row (null-safe lot match) or inserts one
 * with the given warehouse. The position must already be locked (lockStockPositions).
 */
export async function addStock(
  tx: Tx,
  s: { itemId: number; binId: number; lotNumber: string | null; warehouseId: number; quantity: number },
): Promise<void> {
  const updated = await tx.$executeRaw`
    UPDATE inventory SET quantity_on_hand = quantity_on_hand + ${s.quantity}, updated_at = now()
    WHERE inventory_id = (
      SELECT inventory_id FROM inventory
      WHERE item_id = ${s.itemId} AND bin_id = ${s.binId} AND lot_number IS NOT DISTINCT FROM ${s.lotNumber}::varchar
      ORDER BY inventory_id LIMIT 1)`;
  if (updated === 0) {
    await tx.inventory.create({
      data: { itemId: s.itemId, binId: s.binId, lotNumber: s.lotNumber, warehouseId: s.warehouseId, quantityOnHand: s.quantity },
    });
  }
}
