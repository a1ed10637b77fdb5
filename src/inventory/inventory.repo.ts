/** Hand-written SQL of inventory control (adjustments, counts); stock rows change through src/stock/. */
import type { SqlTx } from '../db/tx';

export interface LockedAdjustment {
  adjustmentId: number;
  itemId: number;
  binId: number;
  warehouseId: number;
  quantityChange: number;
  status: string;
  adjustedBy: string | null;
  cycleCountId: number | null;
}

/** The adjustments, row-locked in id order: a concurrent review waits, then sees the new status. */
export function lockAdjustments(tx: SqlTx, adjustmentIds: number[]): Promise<LockedAdjustment[]> {
  return tx.$queryRaw<LockedAdjustment[]>`
    SELECT adjustment_id AS "adjustmentId", item_id AS "itemId", bin_id AS "binId", warehouse_id AS "warehouseId",
           quantity_change AS "quantityChange", status, adjusted_by AS "adjustedBy", cycle_count_id AS "cycleCountId"
    FROM inventory_adjustments WHERE adjustment_id = ANY(${adjustmentIds}::int[])
    ORDER BY adjustment_id FOR UPDATE`;
}

/** The cycle count, row-locked (a second, concurrent submission waits, then sees the final status); false when there is none. */
export async function lockCycleCount(tx: SqlTx, countId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ countId: number }[]>`SELECT count_id AS "countId" FROM cycle_counts WHERE count_id = ${countId} FOR UPDATE`;
  return rows.length > 0;
}
