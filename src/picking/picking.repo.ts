/** Database pieces shared by the outbound services: row locks, allocation, stock release, task views. */
import { Prisma, type PrismaClient } from '../db';
import type { Tx } from '../db/tx';

/** Statuses that make a batch "active" (spec 30 §1.2). IN_PROGRESS is never set but still counts. */
export const ACTIVE_BATCH_STATUSES = ['OPEN', 'IN_PROGRESS'];
/** Bin types picking may allocate from; `Staging` never is (spec 30 §1.3). */
const PICKABLE_BIN_TYPES = ['Pickable', 'PickableStaging'];

export interface LockedSalesOrder {
  so_id: number;
  so_number: string;
  status: string;
  warehouse_id: number;
}

/** Locks sales orders in id order so two requests batching the same order serialise on it. */
export async function lockSalesOrders(tx: Tx, soIds: number[]): Promise<Map<number, LockedSalesOrder>> {
  if (soIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<LockedSalesOrder[]>`
    SELECT so_id, so_number, status, warehouse_id FROM sales_orders
    WHERE so_id = ANY(${soIds}::int[]) ORDER BY so_id FOR UPDATE`;
  return new Map(rows.map((r) => [r.so_id, r]));
}

/** The active batch (newest) each of the given orders belongs to. */
export async function activeBatchesOf(tx: Tx | PrismaClient, soIds: number[], exceptBatchId = 0): Promise<Map<number, number>> {
  if (soIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ so_id: number; batch_id: number }[]>`
    SELECT pbo.so_id, MAX(pb.batch_id)::int AS batch_id
    FROM pick_batch_orders pbo JOIN pick_batches pb ON pb.batch_id = pbo.batch_id
    WHERE pbo.so_id = ANY(${soIds}::int[]) AND pb.status = ANY(${ACTIVE_BATCH_STATUSES}::text[])
      AND pb.batch_id <> ${exceptBatchId}
    GROUP BY pbo.so_id`;
  return new Map(rows.map((r) => [r.so_id, r.batch_id]));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The next suffix to try for a batch number base, per process: concurrent wave creations in the same second
 * get distinct numbers at once instead of each waiting on the other's uncommitted row and retrying (a number
 * taken by another instance, or left by a rolled-back transaction's successor, still falls through to the next).
 */
const nextSuffix = new Map<string, number>();
function claimSuffix(base: string): number {
  const n = nextSuffix.get(base) ?? 1;
  if (!nextSuffix.has(base) && nextSuffix.size >= 16) nextSuffix.clear(); // only the current second(s) matter
  nextSuffix.set(base, n + 1);
  return n;
}

/**
 * Inserts a batch numbered `<PREFIX>-YYYYMMDD-HHMMSS` (UTC). A second batch in the same second gets
 * `-2`, `-3`, ... (legacy-difference: the legacy server answered 500 on that collision).
 * ON CONFLICT DO NOTHING waits for a concurrent insert of the same number instead of failing.
 */
export async function insertBatch(
  tx: Tx,
  prefix: 'BATCH' | 'WAVE',
  data: { warehouseId: number; assignedTo: string; totalOrders: number },
): Promise<{ batchId: number; batchNumber: string }> {
  const d = new Date();
  const base =
    `${prefix}-${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  for (let n = claimSuffix(base); ; n = claimSuffix(base)) {
    const batchNumber = n === 1 ? base : `${base}-${n}`;
    const rows = await tx.$queryRaw<{ batch_id: number }[]>`
      INSERT INTO pick_batches (batch_number, warehouse_id, status, assigned_to, total_orders, total_items)
      VALUES (${batchNumber}, ${data.warehouseId}, 'OPEN', ${data.assignedTo}, ${data.totalOrders}, 0)
      ON CONFLICT (batch_number) DO NOTHING RETURNING batch_id`;
    if (rows.length > 0) return { batchId: rows[0].batch_id, batchNumber };
  }
}

export interface StockCandidate {
  inventoryId: number;
  itemId: number;
  binId: number;
  pickSequence: number;
  available: number;
  updatedAt: Date | null;
}

/**
 * Row-locks every allocatable inventory row of the items in the warehouse (id order, so concurrent
 * allocations cannot deadlock), then returns per item the rows with stock in allocation order:
 * bin pick_sequence, then least recently touched (spec 30 §1.3).
 */
export async function lockCandidates(tx: Tx, warehouseId: number, itemIds: number[]): Promise<Map<number, StockCandidate[]>> {
  const byItem = new Map<number, StockCandidate[]>();
  if (itemIds.length === 0) return byItem;
  const rows = await tx.$queryRaw<
    { inventory_id: number; item_id: number; bin_id: number; pick_sequence: number; on_hand: number; allocated: number; updated_at: Date | null }[]
  >`
    SELECT i.inventory_id, i.item_id, i.bin_id, b.pick_sequence,
           i.quantity_on_hand AS on_hand, i.quantity_allocated AS allocated, i.updated_at
    FROM inventory i JOIN bins b ON b.bin_id = i.bin_id
    WHERE i.warehouse_id = ${warehouseId} AND i.item_id = ANY(${itemIds}::int[])
      AND b.bin_type = ANY(${PICKABLE_BIN_TYPES}::text[])
    ORDER BY i.inventory_id
    FOR UPDATE OF i`;
  for (const r of rows) {
    const available = r.on_hand - r.allocated;
    if (available <= 0) continue;
    const list = byItem.get(r.item_id) ?? [];
    list.push({ inventoryId: r.inventory_id, itemId: r.item_id, binId: r.bin_id, pickSequence: r.pick_sequence, available, updatedAt: r.updated_at });
    byItem.set(r.item_id, list);
  }
  const time = (d: Date | null) => (d ? d.getTime() : Number.MAX_SAFE_INTEGER); // NULLS LAST
  for (const list of byItem.values()) {
    list.sort((a, b) => a.pickSequence - b.pickSequence || time(a.updatedAt) - time(b.updatedAt) || a.inventoryId - b.inventoryId);
  }
  return byItem;
}

export interface Take {
  candidate: StockCandidate;
  quantity: number;
}

/**
 * Consumes up to `need` units from the (locked) candidates in order and raises quantity_allocated.
 * The conditional UPDATE re-checks availability so a unit can never be promised twice.
 */
export async function allocate(tx: Tx, candidates: StockCandidate[], need: number): Promise<Take[]> {
  const takes: Take[] = [];
  let remaining = need;
  for (const c of candidates) {
    if (remaining <= 0) break;
    if (c.available <= 0) continue;
    const take = Math.min(remaining, c.available);
    const updated = await tx.$executeRaw`
      UPDATE inventory SET quantity_allocated = quantity_allocated + ${take}
      WHERE inventory_id = ${c.inventoryId} AND quantity_on_hand - quantity_allocated >= ${take}`;
    if (updated !== 1) throw new Error(`inventory ${c.inventoryId} changed under a row lock`);
    c.available -= take;
    remaining -= take;
    takes.push({ candidate: c, quantity: take });
  }
  return takes;
}

/** An inventory row as picking changes it. */
export interface StockRow {
  inventory_id: number;
  on_hand: number;
  allocated: number;
}

/**
 * A pick leaves the building: releases `release` allocated units and removes `consume` units from the
 * (item, bin) rows, row-locked in id order. Quantities are spread over the rows (never below 0) instead
 * of being applied to every lot row (legacy-difference: the legacy server subtracted the full quantity
 * from each lot row of the bin).
 */
export async function consumeStock(tx: Tx, itemId: number, binId: number, release: number, consume: number): Promise<void> {
  const rows = await tx.$queryRaw<StockRow[]>`
    SELECT inventory_id, quantity_on_hand AS on_hand, quantity_allocated AS allocated FROM inventory
    WHERE item_id = ${itemId} AND bin_id = ${binId} ORDER BY inventory_id FOR UPDATE`;
  const update = stockConsumption(rows, release, consume);
  if (update) await tx.$executeRaw`${update}`;
}

/** consumeStock's change of the (locked) rows as one UPDATE; null when no row changes. */
export function stockConsumption(rows: StockRow[], release: number, consume: number): Prisma.Sql | null {
  let toRelease = release;
  let toConsume = consume;
  const next = rows.map((r) => ({ ...r }));
  for (const r of next) {
    const give = Math.min(toRelease, r.allocated);
    r.allocated -= give;
    toRelease -= give;
  }
  // Consume free stock first, then (if the floor found more than the system knew of) allocated stock.
  for (const r of next) {
    const take = Math.min(toConsume, r.on_hand - r.allocated);
    r.on_hand -= take;
    toConsume -= take;
  }
  for (const r of next) {
    const take = Math.min(toConsume, r.on_hand);
    r.on_hand -= take;
    r.allocated = Math.min(r.allocated, r.on_hand);
    toConsume -= take;
  }
  const changed = next.filter((after, i) => after.on_hand !== rows[i].on_hand || after.allocated !== rows[i].allocated);
  if (changed.length === 0) return null;
  return Prisma.sql`
    UPDATE inventory i SET quantity_on_hand = u.on_hand, quantity_allocated = u.allocated, updated_at = now()
    FROM unnest(${changed.map((r) => r.inventory_id)}::int[], ${changed.map((r) => r.on_hand)}::int[], ${changed.map((r) => r.allocated)}::int[])
      AS u(inventory_id, on_hand, allocated)
    WHERE i.inventory_id = u.inventory_id`;
}

/** Joins needed to render the task object of spec 30 §1.4. */
export const taskViewInclude = {
  bin: { include: { zone: true } },
  item: true,
  salesOrder: { select: { soNumber: true } },
} satisfies Prisma.PickTaskInclude;

export type TaskRow = Prisma.PickTaskGetPayload<{ include: typeof taskViewInclude }>;

/** Task order along the pick path: pick_sequence, then bin_code. */
export const taskPathOrder: Prisma.PickTaskOrderByWithRelationInput[] = [
  { pickSequence: 'asc' },
  { bin: { binCode: 'asc' } },
  { pickTaskId: 'asc' },
];
