/** Database pieces of the outbound services: order and batch locks, batch and wave inserts, task views (stock: src/stock/). */
import { Prisma, type PrismaClient } from '../db';
import type { SqlTx } from '../db/tx';
import type { NextTaskColumns } from './picking.views';
import {
  allocatableRowsQuery, allocateStatement, allocationOrder, positionRowsQuery, type AllocatableRow, type AllocatableRowRead, type PositionRow,
} from '../stock/allocation';

/** Statuses that make a batch "active" (spec 30 §1.2). IN_PROGRESS is never set but still counts. */
export const ACTIVE_BATCH_STATUSES = ['OPEN', 'IN_PROGRESS'];

export interface LockedSalesOrder {
  soId: number;
  soNumber: string;
  status: string;
  warehouseId: number;
}

/** Locks sales orders in id order so two requests batching the same order serialise on it. */
export async function lockSalesOrders(tx: SqlTx, soIds: number[]): Promise<Map<number, LockedSalesOrder>> {
  if (soIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<LockedSalesOrder[]>`
    SELECT so_id AS "soId", so_number AS "soNumber", status, warehouse_id AS "warehouseId" FROM sales_orders
    WHERE so_id = ANY(${soIds}::int[]) ORDER BY so_id FOR UPDATE`;
  return new Map(rows.map((r) => [r.soId, r]));
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
 * unit is never promised twice), the order lines' allocated quantities and the orders' status; with the wave's
 * first task along the pick path (as loadBatchNextTask reads it; null when the wave has no task).
 */
export async function insertWave(
  tx: SqlTx,
  data: { warehouseId: number; assignedTo: string; soIds: number[]; totalUnits: number; tasks: WaveTask[]; lineAllocated: Map<number, number> },
): Promise<{ batchId: number; batchNumber: string; firstTask: NextTaskColumns | null }> {
  const { tasks, soIds } = data;
  const perRow = new Map<number, number>();
  for (const t of tasks) perRow.set(t.inventoryId, (perRow.get(t.inventoryId) ?? 0) + t.quantity);
  const breakdown = tasks.flatMap((t, i) => t.breakdown.map((b) => ({ ...b, task: i + 1 })));
  const lineIds = [...data.lineAllocated.keys()];
  const now = new Date();
  const base = batchNumberBase('WAVE', now);
  for (let n = claimSuffix(base); ; n = claimSuffix(base)) {
    const batchNumber = n === 1 ? base : `${base}-${n}`;
    const [row] = await tx.$queryRaw<{ batch_id: number | null; allocated: number; first: NextTaskColumns | null }[]>`
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
        RETURNING pick_task_id, so_id, bin_id, item_id, pick_sequence, quantity_to_pick, quantity_picked, tote_number, status
      ), bd AS (
        INSERT INTO wave_pick_breakdown (pick_task_id, so_id, so_line_id, quantity)
        SELECT ids.id, u.so_id, u.so_line_id, u.quantity
        FROM unnest(${breakdown.map((r) => r.task)}::int[], ${breakdown.map((r) => r.soId)}::int[], ${breakdown.map((r) => r.soLineId)}::int[],
                    ${breakdown.map((r) => r.quantity)}::int[]) WITH ORDINALITY AS u(task, so_id, so_line_id, quantity, n)
          JOIN ids ON ids.n = u.task
        WHERE (SELECT count(*) FROM t) >= 0
        ORDER BY u.n
        RETURNING id, pick_task_id, so_id, quantity
      ), stock AS (${allocateStatement(perRow, Prisma.sql`EXISTS (SELECT 1 FROM b)`)}
      ), l AS (
        UPDATE sales_order_lines s SET quantity_allocated = s.quantity_allocated + a.quantity
        FROM unnest(${lineIds}::int[], ${lineIds.map((id) => data.lineAllocated.get(id)!)}::int[]) AS a(so_line_id, quantity)
        WHERE s.so_line_id = a.so_line_id AND EXISTS (SELECT 1 FROM b)
      ), so AS (
        UPDATE sales_orders SET status = 'PICKING' WHERE so_id = ANY(${soIds}::int[]) AND EXISTS (SELECT 1 FROM b)
      )
      SELECT (SELECT batch_id FROM b) AS batch_id, (SELECT count(*)::int FROM stock) AS allocated,
             (SELECT row_to_json(f) FROM (
                SELECT t.pick_task_id, t.so_id, t.bin_id, t.item_id, t.pick_sequence, t.quantity_to_pick, t.quantity_picked, t.tote_number, t.status,
                       bn.bin_code, bn.bin_barcode, bn.row_num, bn.level_num, bn.aisle, z.zone_name, i.sku, i.item_name, i.upc, s.so_number,
                       (SELECT coalesce(json_agg(json_build_object('so_id', ws.so_id, 'so_number', ws.so_number, 'quantity', w.quantity) ORDER BY w.so_id, w.id), '[]'::json)
                        FROM bd w JOIN sales_orders ws ON ws.so_id = w.so_id WHERE w.pick_task_id = t.pick_task_id) AS breakdown
                FROM t JOIN bins bn ON bn.bin_id = t.bin_id LEFT JOIN zones z ON z.zone_id = bn.zone_id
                  JOIN items i ON i.item_id = t.item_id JOIN sales_orders s ON s.so_id = t.so_id
                ORDER BY t.pick_sequence, bn.bin_code, t.pick_task_id
                LIMIT 1) f) AS first`;
    if (row.batch_id === null) continue;
    if (row.allocated !== perRow.size) throw new Error(`inventory changed under a row lock (wave ${batchNumber})`);
    return { batchId: row.batch_id, batchNumber, firstTask: row.first };
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
  soId: number;
  soLineId: number;
  itemId: number;
  quantityOrdered: number;
  quantityAllocated: number;
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
           (SELECT coalesce(json_agg(json_build_object('soId', so_id, 'soLineId', so_line_id, 'itemId', item_id,
                     'quantityOrdered', quantity_ordered, 'quantityAllocated', quantity_allocated, 'sku', sku)
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

/** A pick task as confirm and short lock it, with its batch's warehouse, its bin's code and its item's barcodes. */
export interface LockedTask {
  pickTaskId: number;
  batchId: number;
  soId: number;
  soLineId: number;
  itemId: number;
  binId: number;
  quantityToPick: number;
  status: string;
  toteNumber: string | null;
  warehouseId: number;
  binCode: string;
  sku: string;
  upc: string | null;
  barcodeAliases: unknown;
}

/** A task as lockTaskForPick reads it: its wave breakdown, its position's stock rows (locked) and the batch's PENDING count. */
export interface PickableTask extends LockedTask {
  breakdown: BreakdownRow[];
  stock: PositionRow[];
  pending: number;
}

/**
 * What a confirm or short needs, in one statement, locks in this order: the task (a second confirm of the same
 * task waits, then sees it is no longer PENDING), then, when it is PENDING, the stock rows of its (item, bin) in
 * id order; with the task's wave breakdown and the batch's PENDING tasks as the statement found them (this task
 * among them). Null when there is no such task.
 */
export async function lockTaskForPick(tx: SqlTx, pickTaskId: number): Promise<PickableTask | null> {
  const rows = await tx.$queryRaw<PickableTask[]>`
    WITH t AS MATERIALIZED (
      SELECT t.pick_task_id AS "pickTaskId", t.batch_id AS "batchId", t.so_id AS "soId", t.so_line_id AS "soLineId", t.item_id AS "itemId",
             t.bin_id AS "binId", t.quantity_to_pick AS "quantityToPick", t.status, t.tote_number AS "toteNumber", b.warehouse_id AS "warehouseId",
             bn.bin_code AS "binCode", i.sku, i.upc, i.barcode_aliases AS "barcodeAliases"
      FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id
        JOIN bins bn ON bn.bin_id = t.bin_id JOIN items i ON i.item_id = t.item_id
      WHERE t.pick_task_id = ${pickTaskId} FOR UPDATE OF t
    ), stock AS MATERIALIZED (${positionRowsQuery(
      Prisma.sql`(SELECT "itemId" FROM t WHERE status = 'PENDING')`,
      Prisma.sql`(SELECT "binId" FROM t WHERE status = 'PENDING')`,
    )})
    SELECT t.*,
           (SELECT coalesce(json_agg(json_build_object('id', id, 'soLineId', so_line_id, 'quantity', quantity) ORDER BY so_id, id), '[]'::json)
              FROM wave_pick_breakdown WHERE pick_task_id = t."pickTaskId") AS breakdown,
           (SELECT coalesce(json_agg(s ORDER BY s."inventoryId"), '[]'::json) FROM stock s) AS stock,
           (SELECT count(*)::int FROM pick_tasks WHERE batch_id = t."batchId" AND status = 'PENDING') AS pending
    FROM t`;
  return rows[0] ?? null;
}

/** A task's PICKED update (a journal change of the pick). */
export const taskPickedUpdate = (pickTaskId: number, quantityPicked: number, pickedBy: string): Prisma.Sql => Prisma.sql`
  UPDATE pick_tasks SET status = 'PICKED', quantity_picked = ${quantityPicked}, picked_by = ${pickedBy},
    picked_at = ${new Date()}::timestamptz, scan_confirmed = true
  WHERE pick_task_id = ${pickTaskId}`;

/** A task's SHORT update (a journal change of the pick). */
export const taskShortUpdate = (pickTaskId: number, quantityPicked: number, pickedBy: string): Prisma.Sql => Prisma.sql`
  UPDATE pick_tasks SET status = 'SHORT', quantity_picked = ${quantityPicked}, picked_by = ${pickedBy}, picked_at = ${new Date()}::timestamptz
  WHERE pick_task_id = ${pickTaskId}`;

/** A wave task's share of one order line. */
export interface BreakdownRow {
  id: number;
  soLineId: number;
  quantity: number;
}

/**
 * Credits picked units to the order lines, as journal changes (they run in the transaction's last statement).
 * Wave tasks spread the units over their breakdown rows in so_id order (legacy-difference: a wave confirm
 * credited the planned quantities even when fewer units were confirmed, so orders showed — and later
 * shipped — units nobody picked).
 */
export function orderLineCredits(soLineId: number, picked: number, breakdown: BreakdownRow[]): Prisma.Sql[] {
  if (breakdown.length === 0) {
    return [Prisma.sql`UPDATE sales_order_lines SET quantity_picked = quantity_picked + ${picked} WHERE so_line_id = ${soLineId}`];
  }
  let left = picked;
  const gives = breakdown.map((row) => {
    const give = Math.min(left, row.quantity);
    left -= give;
    return give;
  });
  const perLine = new Map<number, number>();
  breakdown.forEach((row, i) => {
    if (gives[i] > 0) perLine.set(row.soLineId, (perLine.get(row.soLineId) ?? 0) + gives[i]);
  });
  const credits: Prisma.Sql[] = [];
  if (perLine.size > 0) {
    credits.push(Prisma.sql`
      UPDATE sales_order_lines s SET quantity_picked = s.quantity_picked + u.give
      FROM unnest(${[...perLine.keys()]}::int[], ${[...perLine.values()]}::int[]) AS u(so_line_id, give)
      WHERE s.so_line_id = u.so_line_id`);
  }
  credits.push(Prisma.sql`
    UPDATE wave_pick_breakdown w SET quantity_picked = u.give, short_quantity = u.short
    FROM unnest(${breakdown.map((r) => r.id)}::int[], ${gives}::int[], ${breakdown.map((r, i) => r.quantity - gives[i])}::int[]) AS u(id, give, short)
    WHERE w.id = u.id`);
  return credits;
}

export interface LockedBatch {
  batchId: number;
  batchNumber: string;
  status: string;
  warehouseId: number;
}

/** The batch, row-locked; null when there is none. */
export async function lockBatch(tx: SqlTx, batchId: number): Promise<LockedBatch | null> {
  const rows = await tx.$queryRaw<LockedBatch[]>`
    SELECT batch_id AS "batchId", batch_number AS "batchNumber", status, warehouse_id AS "warehouseId" FROM pick_batches WHERE batch_id = ${batchId} FOR UPDATE`;
  return rows[0] ?? null;
}

/** A batch as completing it reads it (lockBatchForCompletion). */
export interface CompletableBatch extends LockedBatch {
  pending: number;
  /** The batch's orders in batch_order_id order, with their number and status (as locked). */
  orders: { soId: number; soNumber: string; status: string }[];
  itemsPicked: number;
  shorts: number;
}

/**
 * What completing a batch needs, in one statement, locks in this order: the batch, then its orders (id order, as
 * lockSalesOrders); with the pending count, the batch's orders (batch_order_id order) as locked, and the units
 * picked and the short tasks (no task changes once none is PENDING). The orders are locked even when the caller
 * then refuses (the transaction then ends at once). Null when there is no such batch.
 */
export async function lockBatchForCompletion(tx: SqlTx, batchId: number): Promise<CompletableBatch | null> {
  const [batch] = await tx.$queryRaw<CompletableBatch[]>`
    WITH b AS MATERIALIZED (
      SELECT batch_id, batch_number, status, warehouse_id FROM pick_batches WHERE batch_id = ${batchId} FOR UPDATE
    ), o AS MATERIALIZED (
      SELECT so_id, so_number, status FROM sales_orders
      WHERE so_id IN (SELECT so_id FROM pick_batch_orders WHERE batch_id = (SELECT batch_id FROM b)) ORDER BY so_id FOR UPDATE
    )
    SELECT b.batch_id AS "batchId", b.batch_number AS "batchNumber", b.status, b.warehouse_id AS "warehouseId",
           (SELECT count(*)::int FROM o) AS locked,
           (SELECT count(*)::int FROM pick_tasks WHERE batch_id = b.batch_id AND status = 'PENDING') AS pending,
           (SELECT coalesce(json_agg(json_build_object('soId', o.so_id, 'soNumber', o.so_number, 'status', o.status) ORDER BY pbo.batch_order_id), '[]'::json)
              FROM pick_batch_orders pbo JOIN o ON o.so_id = pbo.so_id WHERE pbo.batch_id = b.batch_id) AS orders,
           (SELECT coalesce(sum(quantity_picked), 0)::int FROM pick_tasks WHERE batch_id = b.batch_id) AS "itemsPicked",
           (SELECT count(*)::int FROM pick_tasks WHERE batch_id = b.batch_id AND status = 'SHORT') AS shorts
    FROM b`;
  return batch ?? null;
}

/**
 * The completion's writes, as journal changes: the batch COMPLETED and the orders (locked) still PICKING moved to
 * PICKED.
 */
export function completeBatchChanges(batchId: number, soIds: number[], now: Date): Prisma.Sql[] {
  return [
    Prisma.sql`UPDATE pick_batches SET status = 'COMPLETED', completed_at = ${now}::timestamptz WHERE batch_id = ${batchId}`,
    Prisma.sql`UPDATE sales_orders SET status = 'PICKED', picked_at = ${now}::timestamptz WHERE so_id = ANY(${soIds}::int[]) AND status = 'PICKING'`,
  ];
}

/** The batch's PENDING tasks, row-locked in id order. */
export function lockPendingTasks(
  tx: SqlTx,
  batchId: number,
): Promise<{ pickTaskId: number; soLineId: number; itemId: number; binId: number; quantityToPick: number }[]> {
  return tx.$queryRaw`
    SELECT pick_task_id AS "pickTaskId", so_line_id AS "soLineId", item_id AS "itemId", bin_id AS "binId", quantity_to_pick AS "quantityToPick"
    FROM pick_tasks WHERE batch_id = ${batchId} AND status = 'PENDING' ORDER BY pick_task_id FOR UPDATE`;
}
