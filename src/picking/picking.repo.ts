/** Database pieces of the outbound services: order and batch locks, batch and wave inserts, task views (stock: src/stock/). */
import { Prisma, type PrismaClient } from '../db';
import type { SqlTx } from '../db/tx';
import { allocatableRowsQuery, allocateStatement, allocationOrder, type AllocatableRow, type AllocatableRowRead } from '../stock/allocation';

/** Statuses that make a batch "active" (spec 30 §1.2). IN_PROGRESS is never set but still counts. */
export const ACTIVE_BATCH_STATUSES = ['OPEN', 'IN_PROGRESS'];

export interface LockedSalesOrder {
  so_id: number;
  so_number: string;
  status: string;
  warehouse_id: number;
}

/** Locks sales orders in id order so two requests batching the same order serialise on it. */
export async function lockSalesOrders(tx: SqlTx, soIds: number[]): Promise<Map<number, LockedSalesOrder>> {
  if (soIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<LockedSalesOrder[]>`
    SELECT so_id, so_number, status, warehouse_id FROM sales_orders
    WHERE so_id = ANY(${soIds}::int[]) ORDER BY so_id FOR UPDATE`;
  return new Map(rows.map((r) => [r.so_id, r]));
}

/** The active batch (newest) each of the given orders belongs to. */
export async function activeBatchesOf(tx: SqlTx | PrismaClient, soIds: number[], exceptBatchId = 0): Promise<Map<number, number>> {
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
/** A wave's pick task: its (first) order line, stock row, quantity, and its breakdown over the order lines. */
export interface WaveTask {
  soId: number;
  soLineId: number;
  itemId: number;
  binId: number;
  inventoryId: number;
  pickSequence: number;
  quantity: number;
  breakdown: { soId: number; soLineId: number; quantity: number }[];
}

/**
 * A wave in one statement: the batch (numbered as insertBatch does; on a number taken meanwhile nothing else is
 * written and the next number is tried), both link tables (rows in request order), the tasks with their
 * breakdown rows (ids drawn from the tasks' sequence in task order), the stock rows' allocation (re-checked: a
 * unit is never promised twice), the order lines' allocated quantities and the orders' status.
 */
export async function insertWave(
  tx: SqlTx,
  data: { warehouseId: number; assignedTo: string; soIds: number[]; totalUnits: number; tasks: WaveTask[]; lineAllocated: Map<number, number> },
): Promise<{ batchId: number; batchNumber: string }> {
  const { tasks, soIds } = data;
  const perRow = new Map<number, number>();
  for (const t of tasks) perRow.set(t.inventoryId, (perRow.get(t.inventoryId) ?? 0) + t.quantity);
  const breakdown = tasks.flatMap((t, i) => t.breakdown.map((b) => ({ ...b, task: i + 1 })));
  const lineIds = [...data.lineAllocated.keys()];
  const now = new Date();
  const base = batchNumberBase('WAVE', now);
  for (let n = claimSuffix(base); ; n = claimSuffix(base)) {
    const batchNumber = n === 1 ? base : `${base}-${n}`;
    const [row] = await tx.$queryRaw<{ batch_id: number | null; allocated: number }[]>`
      WITH b AS (
        INSERT INTO pick_batches (batch_number, warehouse_id, status, assigned_to, total_orders, total_items)
        VALUES (${batchNumber}, ${data.warehouseId}, 'OPEN', ${data.assignedTo}, ${soIds.length}, ${data.totalUnits})
        ON CONFLICT (batch_number) DO NOTHING RETURNING batch_id
      ), o AS (
        INSERT INTO pick_batch_orders (batch_id, so_id, tote_number)
        SELECT b.batch_id, s.so_id, 'TOTE-' || s.n FROM b CROSS JOIN unnest(${soIds}::int[]) WITH ORDINALITY AS s(so_id, n) ORDER BY s.n
      ), w AS (
        INSERT INTO wave_pick_orders (batch_id, so_id, created_at)
        SELECT b.batch_id, s.so_id, ${now}::timestamptz FROM b CROSS JOIN unnest(${soIds}::int[]) WITH ORDINALITY AS s(so_id, n) ORDER BY s.n
      ), ids AS MATERIALIZED (
        SELECT g.n, nextval(pg_get_serial_sequence('pick_tasks', 'pick_task_id'))::int AS id
        FROM b CROSS JOIN generate_series(1, ${tasks.length}::int) AS g(n) ORDER BY g.n
      ), t AS (
        INSERT INTO pick_tasks (pick_task_id, batch_id, so_id, so_line_id, item_id, bin_id, quantity_to_pick, quantity_picked, pick_sequence, tote_number, status, scan_confirmed)
        SELECT ids.id, b.batch_id, u.so_id, u.so_line_id, u.item_id, u.bin_id, u.quantity, 0, u.pick_sequence, 'WAVE', 'PENDING', false
        FROM b CROSS JOIN unnest(${tasks.map((t) => t.soId)}::int[], ${tasks.map((t) => t.soLineId)}::int[], ${tasks.map((t) => t.itemId)}::int[],
                                 ${tasks.map((t) => t.binId)}::int[], ${tasks.map((t) => t.quantity)}::int[], ${tasks.map((t) => t.pickSequence)}::int[])
                 WITH ORDINALITY AS u(so_id, so_line_id, item_id, bin_id, quantity, pick_sequence, n)
          JOIN ids ON ids.n = u.n
        ORDER BY u.n
        RETURNING pick_task_id
      ), bd AS (
        INSERT INTO wave_pick_breakdown (pick_task_id, so_id, so_line_id, quantity)
        SELECT ids.id, u.so_id, u.so_line_id, u.quantity
        FROM unnest(${breakdown.map((r) => r.task)}::int[], ${breakdown.map((r) => r.soId)}::int[], ${breakdown.map((r) => r.soLineId)}::int[],
                    ${breakdown.map((r) => r.quantity)}::int[]) WITH ORDINALITY AS u(task, so_id, so_line_id, quantity, n)
          JOIN ids ON ids.n = u.task
        WHERE (SELECT count(*) FROM t) >= 0
        ORDER BY u.n
      ), stock AS (${allocateStatement(perRow, Prisma.sql`EXISTS (SELECT 1 FROM b)`)}
      ), l AS (
        UPDATE sales_order_lines s SET quantity_allocated = s.quantity_allocated + a.quantity
        FROM unnest(${lineIds}::int[], ${lineIds.map((id) => data.lineAllocated.get(id)!)}::int[]) AS a(so_line_id, quantity)
        WHERE s.so_line_id = a.so_line_id AND EXISTS (SELECT 1 FROM b)
      ), so AS (
        UPDATE sales_orders SET status = 'PICKING' WHERE so_id = ANY(${soIds}::int[]) AND EXISTS (SELECT 1 FROM b)
      )
      SELECT (SELECT batch_id FROM b) AS batch_id, (SELECT count(*)::int FROM stock) AS allocated`;
    if (row.batch_id === null) continue;
    if (row.allocated !== perRow.size) throw new Error(`inventory changed under a row lock (wave ${batchNumber})`);
    return { batchId: row.batch_id, batchNumber };
  }
}

/** `<PREFIX>-YYYYMMDD-HHMMSS` (UTC). */
function batchNumberBase(prefix: 'BATCH' | 'WAVE', d: Date): string {
  return (
    `${prefix}-${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

export async function insertBatch(
  tx: SqlTx,
  prefix: 'BATCH' | 'WAVE',
  data: { warehouseId: number; assignedTo: string; totalOrders: number },
): Promise<{ batchId: number; batchNumber: string }> {
  const base = batchNumberBase(prefix, new Date());
  for (let n = claimSuffix(base); ; n = claimSuffix(base)) {
    const batchNumber = n === 1 ? base : `${base}-${n}`;
    const rows = await tx.$queryRaw<{ batch_id: number }[]>`
      INSERT INTO pick_batches (batch_number, warehouse_id, status, assigned_to, total_orders, total_items)
      VALUES (${batchNumber}, ${data.warehouseId}, 'OPEN', ${data.assignedTo}, ${data.totalOrders}, 0)
      ON CONFLICT (batch_number) DO NOTHING RETURNING batch_id`;
    if (rows.length > 0) return { batchId: rows[0].batch_id, batchNumber };
  }
}

export interface WaveLine {
  so_id: number;
  so_line_id: number;
  item_id: number;
  quantity_ordered: number;
  quantity_allocated: number;
  sku: string;
}

/**
 * What a wave needs once its orders are locked, in one statement: the active batch each order belongs to, the
 * orders' lines (line order) with their SKUs, and the allocatable stock rows (allocatableRowsQuery) of the items still
 * to allocate, row-locked in id order.
 */
export async function waveReads(
  tx: SqlTx,
  warehouseId: number,
  soIds: number[],
): Promise<{ active: Map<number, number>; lines: WaveLine[]; candidates: Map<number, AllocatableRow[]> }> {
  const [row] = await tx.$queryRaw<
    {
      active: { so_id: number; batch_id: number }[];
      lines: WaveLine[];
      stock: AllocatableRowRead[];
    }[]
  >`
    WITH lines AS MATERIALIZED (
      SELECT l.so_id, l.so_line_id, l.item_id, l.quantity_ordered, l.quantity_allocated, l.line_number, i.sku
      FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id
      WHERE l.so_id = ANY(${soIds}::int[])
    ), stock AS MATERIALIZED (${allocatableRowsQuery(warehouseId, Prisma.sql`SELECT item_id FROM lines WHERE quantity_ordered > quantity_allocated`)}
    )
    SELECT (SELECT coalesce(json_agg(json_build_object('so_id', a.so_id, 'batch_id', a.batch_id)), '[]'::json)
              FROM (SELECT pbo.so_id, MAX(pb.batch_id)::int AS batch_id
                    FROM pick_batch_orders pbo JOIN pick_batches pb ON pb.batch_id = pbo.batch_id
                    WHERE pbo.so_id = ANY(${soIds}::int[]) AND pb.status = ANY(${ACTIVE_BATCH_STATUSES}::text[])
                    GROUP BY pbo.so_id) a) AS active,
           (SELECT coalesce(json_agg(json_build_object('so_id', so_id, 'so_line_id', so_line_id, 'item_id', item_id,
                     'quantity_ordered', quantity_ordered, 'quantity_allocated', quantity_allocated, 'sku', sku)
                   ORDER BY line_number, so_line_id), '[]'::json) FROM lines) AS lines,
           (SELECT coalesce(json_agg(s ORDER BY s."inventoryId"), '[]'::json) FROM stock s) AS stock`;
  return { active: new Map(row.active.map((a) => [a.so_id, a.batch_id])), lines: row.lines, candidates: allocationOrder(row.stock) };
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
