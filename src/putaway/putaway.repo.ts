/** Hand-written SQL of put-away: the confirm's reads and locks, its stock move with the transfer row, the item lock. */
import { Prisma } from '../db';
import type { SqlTx } from '../db/tx';
import { addStockChanges, positionLocksQuery, positionRowsLockQuery, takeFromRowStatement, type StockRow } from '../stock/stock';

export interface PutawayParties {
  itemId: number | null;
  sku: string | null;
  fromId: number | null;
  fromWarehouseId: number | null;
  fromCode: string | null;
  toId: number | null;
  toWarehouseId: number | null;
  toCode: string | null;
  /** The (item, from bin, lot) row as locked (null: none seen, see lockPutawayParties). */
  source: StockRow | null;
  /** The transfer row's id (read up front for the last statement) when the item and both bins exist in one warehouse, else null. */
  transferId: number | null;
}

/**
 * The item and both bins in one statement (null columns: not found), which also takes the two stock positions'
 * locks (lockStockPositions' order), then every row of both positions (id order, positionRowsLockQuery), as
 * lockMoveSource does, and reads the source row among them; all harmless when the caller then refuses. The rows are
 * read in this statement's snapshot, taken before the position locks were granted: a source row a concurrent holder
 * of the position inserted is not seen (null), so a caller re-reads it (lockMoveSource) before refusing. A row seen
 * is the (item, bin, lot) row (unique) as locked. With the transfer's id when the item and both bins exist in one
 * warehouse.
 */
export async function lockPutawayParties(tx: SqlTx, itemId: number, fromBinId: number, toBinId: number, lotNumber: string | null): Promise<PutawayParties> {
  const positions = [{ itemId, binId: fromBinId }, { itemId, binId: toBinId }];
  const [found] = await tx.$queryRaw<PutawayParties[]>`
    WITH locked AS MATERIALIZED (
      SELECT count(*) AS n FROM (${positionLocksQuery(positions)}) l
    ), stock AS MATERIALIZED (
      SELECT * FROM (${positionRowsLockQuery(positions)}) r WHERE (SELECT n FROM locked) >= 0
    )
    SELECT i.item_id AS "itemId", i.sku, f.bin_id AS "fromId", f.warehouse_id AS "fromWarehouseId", f.bin_code AS "fromCode",
           t.bin_id AS "toId", t.warehouse_id AS "toWarehouseId", t.bin_code AS "toCode",
           (SELECT row_to_json(s) FROM stock s WHERE s."binId" = ${fromBinId} AND s."lotNumber" IS NOT DISTINCT FROM ${lotNumber}::varchar
            ORDER BY s."inventoryId" LIMIT 1) AS source,
           CASE WHEN i.item_id IS NOT NULL AND f.warehouse_id = t.warehouse_id THEN nextval(pg_get_serial_sequence('bin_transfers', 'transfer_id'))::int END AS "transferId"
    FROM locked
      LEFT JOIN items i ON i.item_id = ${itemId}
      LEFT JOIN bins f ON f.bin_id = ${fromBinId}
      LEFT JOIN bins t ON t.bin_id = ${toBinId}`;
  return found;
}

export interface PutawayMove {
  itemId: number;
  toBinId: number;
  warehouseId: number;
  lotNumber: string | null;
  quantity: number;
  transferredBy: string;
}

/**
 * A put-away, for the transaction's last statement (journal changes; the caller holds both positions, and the
 * locked source row has the free units): `quantity` units out of the source row, into the destination's (item, bin,
 * lot) row (addStock's rules), and the PUTAWAY transfer row with its id read up front. The bins differ (the input
 * refuses one bin for both), so the source and destination rows do too: one statement must not change a row twice.
 */
export function putawayChanges(source: StockRow, move: PutawayMove, transferId: number): Prisma.Sql[] {
  const destination = { itemId: move.itemId, binId: move.toBinId, lotNumber: move.lotNumber, warehouseId: move.warehouseId, quantity: move.quantity };
  if (source.binId === move.toBinId) throw new Error('a put-away needs two different bins');
  return [
    takeFromRowStatement(source, move.quantity),
    ...addStockChanges([destination]),
    Prisma.sql`
      INSERT INTO bin_transfers (transfer_id, item_id, from_bin_id, to_bin_id, warehouse_id, quantity, transfer_type, lot_number, reason, transferred_by, transferred_at)
      VALUES (${transferId}::int, ${move.itemId}, ${source.binId}, ${move.toBinId}, ${move.warehouseId}, ${move.quantity}, 'PUTAWAY', ${move.lotNumber}::varchar, NULL,
              ${move.transferredBy}, ${new Date()}::timestamptz)`,
  ];
}

/** The item, row-locked (concurrent preferred-bin changes of one item serialise on it); null when there is none. */
export async function lockItem(tx: SqlTx, itemId: number): Promise<{ itemId: number; sku: string } | null> {
  const rows = await tx.$queryRaw<{ itemId: number; sku: string }[]>`SELECT item_id AS "itemId", sku FROM items WHERE item_id = ${itemId} FOR UPDATE`;
  return rows[0] ?? null;
}
