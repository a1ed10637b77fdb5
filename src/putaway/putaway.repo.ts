/** Hand-written SQL of put-away: the confirm's reads and locks, its stock move with the transfer row, the item lock. */
import { Prisma } from '../db';
import type { SqlTx } from '../db/tx';
import { addStock, addStockCtes, positionLocksQuery, takeFromRow, takeFromRowStatement, type StockRow } from '../stock/stock';

export interface PutawayParties {
  itemId: number | null;
  sku: string | null;
  fromId: number | null;
  fromWarehouseId: number | null;
  fromCode: string | null;
  toId: number | null;
  toWarehouseId: number | null;
  toCode: string | null;
}

/**
 * The item and both bins in one statement (null columns: not found), which also takes the two stock positions'
 * locks (lockStockPositions' order; harmless when the caller then refuses).
 */
export async function lockPutawayParties(tx: SqlTx, itemId: number, fromBinId: number, toBinId: number): Promise<PutawayParties> {
  const positions = [{ itemId, binId: fromBinId }, { itemId, binId: toBinId }];
  const [found] = await tx.$queryRaw<PutawayParties[]>`
    SELECT i.item_id AS "itemId", i.sku, f.bin_id AS "fromId", f.warehouse_id AS "fromWarehouseId", f.bin_code AS "fromCode",
           t.bin_id AS "toId", t.warehouse_id AS "toWarehouseId", t.bin_code AS "toCode"
    FROM (SELECT count(*) FROM (${positionLocksQuery(positions)}) l) AS locked
      LEFT JOIN items i ON i.item_id = ${itemId}
      LEFT JOIN bins f ON f.bin_id = ${fromBinId}
      LEFT JOIN bins t ON t.bin_id = ${toBinId}`;
  return found;
}

/**
 * The put-away's writes: `quantity` free units out of the (locked) source row, into the destination's
 * (item, bin, lot) row (addStock's rules), and the PUTAWAY transfer row. Returns the transfer's id.
 */
export async function recordPutaway(
  tx: SqlTx,
  source: StockRow,
  move: { itemId: number; toBinId: number; warehouseId: number; lotNumber: string | null; quantity: number; transferredBy: string },
): Promise<number> {
  const transferSql = Prisma.sql`
    INSERT INTO bin_transfers (item_id, from_bin_id, to_bin_id, warehouse_id, quantity, transfer_type, lot_number, reason, transferred_by, transferred_at)
    VALUES (${move.itemId}, ${source.binId}, ${move.toBinId}, ${move.warehouseId}, ${move.quantity}, 'PUTAWAY', ${move.lotNumber}::varchar, NULL,
            ${move.transferredBy}, ${new Date()}::timestamptz)
    RETURNING transfer_id AS "transferId"`;
  const destination = { itemId: move.itemId, binId: move.toBinId, lotNumber: move.lotNumber, warehouseId: move.warehouseId, quantity: move.quantity };
  if (source.binId !== move.toBinId) {
    // Two different rows: the source change, the destination's stock and the transfer row in one statement, in that order.
    const [row] = await tx.$queryRaw<{ transferId: number; taken: number }[]>`
      WITH src AS (${takeFromRowStatement(source, move.quantity)} RETURNING 1), ${addStockCtes(destination)},
      t AS (${transferSql})
      SELECT "transferId", (SELECT count(*)::int FROM src) AS taken FROM t`;
    if (row.taken !== 1) throw new Error(`stock of inventory row ${source.inventoryId} changed under its lock`);
    return row.transferId;
  }
  // Same bin (the source row may be the destination row): one statement after the other.
  await takeFromRow(tx, source, move.quantity);
  await addStock(tx, destination);
  const [row] = await tx.$queryRaw<{ transferId: number }[]>`${transferSql}`;
  return row.transferId;
}

/** The item, row-locked (concurrent preferred-bin changes of one item serialise on it); null when there is none. */
export async function lockItem(tx: SqlTx, itemId: number): Promise<{ itemId: number; sku: string } | null> {
  const rows = await tx.$queryRaw<{ itemId: number; sku: string }[]>`SELECT item_id AS "itemId", sku FROM items WHERE item_id = ${itemId} FOR UPDATE`;
  return rows[0] ?? null;
}
