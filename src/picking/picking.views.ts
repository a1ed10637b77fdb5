/** Read models of picking (spec 30 §1.4, §6, §7), shared by the service and the schema. */
import type { SqlTx, Tx } from '../db/tx';
import type { PrismaClient } from '../db';
import { taskPathOrder, taskViewInclude, type TaskRow } from './picking.repo';

type Db = PrismaClient | Tx;

export interface PickTaskView {
  pickTaskId: number;
  /** Keys of what the task shows (their global ids are answered beside the codes). */
  soId: number;
  binId: number;
  itemId: number;
  pickSequence: number;
  quantityToPick: number;
  /** Not in the legacy task object; the scanner's task list reads it (spec 95 §3.5). */
  quantityPicked: number;
  toteNumber: string | null;
  status: string;
  binCode: string;
  binBarcode: string;
  rowNum: string | null;
  levelNum: string | null;
  aisle: string | null;
  zone: string | null;
  /** The scanner reads `zone_name` (spec 95 §7.2); same value as `zone`. */
  zoneName: string | null;
  sku: string;
  itemName: string;
  upc: string | null;
  soNumber: string;
}

export interface ContributingOrder {
  soId: number;
  soNumber: string;
  quantity: number;
}

export interface PickNextTaskView extends PickTaskView {
  contributingOrders: ContributingOrder[];
  pickNumber: number;
  totalPicks: number;
  /** Read by the scanner, not sent by legacy (spec 95 §3.5). */
  totalOrders: number;
}

export interface BatchOrderView {
  soId: number;
  soNumber: string;
  toteNumber: string | null;
}

export interface PickBatchView {
  batchId: number;
  warehouseId: number;
  batchNumber: string;
  status: string;
  totalOrders: number;
  totalItems: number;
  orders: BatchOrderView[];
  tasks: PickTaskView[];
}

const blankToNull = (v: string | null | undefined) => (v ? v : null);

export function toTaskView(t: TaskRow): PickTaskView {
  const zone = blankToNull(t.bin.zone?.zoneName);
  return {
    pickTaskId: t.pickTaskId,
    soId: t.soId,
    binId: t.binId,
    itemId: t.itemId,
    pickSequence: t.pickSequence,
    quantityToPick: t.quantityToPick,
    quantityPicked: t.quantityPicked,
    toteNumber: t.toteNumber,
    status: t.status,
    binCode: t.bin.binCode,
    binBarcode: t.bin.binBarcode,
    rowNum: t.bin.rowNum,
    levelNum: t.bin.levelNum,
    aisle: blankToNull(t.bin.aisle),
    zone,
    zoneName: zone,
    sku: t.item.sku,
    itemName: t.item.itemName,
    upc: t.item.upc,
    soNumber: t.salesOrder.soNumber,
  };
}

export async function loadBatchView(db: Db, batchId: number): Promise<PickBatchView | null> {
  const batch = await db.pickBatch.findUnique({
    where: { batchId },
    include: {
      orders: { include: { salesOrder: { select: { soNumber: true } } }, orderBy: { batchOrderId: 'asc' } },
      tasks: { include: taskViewInclude, orderBy: taskPathOrder },
    },
  });
  if (!batch) return null;
  return {
    batchId: batch.batchId,
    warehouseId: batch.warehouseId,
    batchNumber: batch.batchNumber,
    status: batch.status,
    totalOrders: batch.totalOrders,
    totalItems: batch.totalItems,
    orders: batch.orders.map((o) => ({ soId: o.soId, soNumber: o.salesOrder.soNumber, toteNumber: o.toteNumber })),
    tasks: batch.tasks.map(toTaskView),
  };
}

interface NextTaskRow {
  warehouse_id: number;
  total: number;
  done: number;
  total_orders: number;
  pick_task_id: number | null;
  so_id: number;
  bin_id: number;
  item_id: number;
  pick_sequence: number;
  quantity_to_pick: number;
  quantity_picked: number;
  tote_number: string | null;
  status: string;
  bin_code: string;
  bin_barcode: string;
  row_num: string | null;
  level_num: string | null;
  aisle: string | null;
  zone_name: string | null;
  sku: string;
  item_name: string;
  upc: string | null;
  so_number: string;
  breakdown: { so_id: number; so_number: string; quantity: number }[];
}

/**
 * The batch's warehouse and its next task (null: no such batch), in one statement: the PENDING task with the
 * lowest pick_sequence (then bin code, then id), its joins, its wave breakdown (so_id, id order) as JSON, and
 * the batch's progress and order count. One snapshot; no ORM includes (which ran concurrently on one connection).
 */
export async function loadBatchNextTask(db: SqlTx, batchId: number): Promise<{ warehouseId: number; task: PickNextTaskView | null } | null> {
  const [row] = await db.$queryRaw<NextTaskRow[]>`
    SELECT pb.warehouse_id, pb.total_orders, p.total, p.done,
           t.pick_task_id, t.so_id, t.bin_id, t.item_id, t.pick_sequence, t.quantity_to_pick, t.quantity_picked, t.tote_number, t.status,
           t.bin_code, t.bin_barcode, t.row_num, t.level_num, t.aisle, t.zone_name, t.sku, t.item_name, t.upc, t.so_number,
           CASE WHEN t.pick_task_id IS NULL THEN NULL ELSE (
             SELECT coalesce(json_agg(json_build_object('so_id', s.so_id, 'so_number', s.so_number, 'quantity', w.quantity) ORDER BY w.so_id, w.id), '[]'::json)
             FROM wave_pick_breakdown w JOIN sales_orders s ON s.so_id = w.so_id
             WHERE w.pick_task_id = t.pick_task_id) END AS breakdown
    FROM pick_batches pb
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE status <> 'PENDING'))::int AS done
      FROM pick_tasks WHERE batch_id = pb.batch_id) p
    LEFT JOIN LATERAL (
      SELECT pt.pick_task_id, pt.so_id, pt.bin_id, pt.item_id, pt.pick_sequence, pt.quantity_to_pick, pt.quantity_picked, pt.tote_number, pt.status,
             b.bin_code, b.bin_barcode, b.row_num, b.level_num, b.aisle, z.zone_name, i.sku, i.item_name, i.upc, so.so_number
      FROM pick_tasks pt
      JOIN bins b ON b.bin_id = pt.bin_id
      LEFT JOIN zones z ON z.zone_id = b.zone_id
      JOIN items i ON i.item_id = pt.item_id
      JOIN sales_orders so ON so.so_id = pt.so_id
      WHERE pt.batch_id = pb.batch_id AND pt.status = 'PENDING'
      ORDER BY pt.pick_sequence, b.bin_code, pt.pick_task_id
      LIMIT 1) t ON true
    WHERE pb.batch_id = ${batchId}`;
  if (!row) return null;
  if (row.pick_task_id === null) return { warehouseId: row.warehouse_id, task: null };
  return { warehouseId: row.warehouse_id, task: toNextTaskView({ ...row, pick_task_id: row.pick_task_id }, { done: row.done, total: row.total, totalOrders: row.total_orders }) };
}

/** A next-task row's columns: the task with its joins and wave breakdown (loadBatchNextTask, insertWave). */
export type NextTaskColumns = Omit<NextTaskRow, 'warehouse_id' | 'total' | 'done' | 'total_orders' | 'pick_task_id'> & { pick_task_id: number };

/** The next task's view, from its row and the batch's progress. */
export function toNextTaskView(row: NextTaskColumns, progress: { done: number; total: number; totalOrders: number }): PickNextTaskView {
  const zone = blankToNull(row.zone_name);
  return {
    pickTaskId: row.pick_task_id,
    soId: row.so_id,
    binId: row.bin_id,
    itemId: row.item_id,
    pickSequence: row.pick_sequence,
    quantityToPick: row.quantity_to_pick,
    quantityPicked: row.quantity_picked,
    toteNumber: row.tote_number,
    status: row.status,
    binCode: row.bin_code,
    binBarcode: row.bin_barcode,
    rowNum: row.row_num,
    levelNum: row.level_num,
    aisle: blankToNull(row.aisle),
    zone,
    zoneName: zone,
    sku: row.sku,
    itemName: row.item_name,
    upc: row.upc,
    soNumber: row.so_number,
    contributingOrders: row.breakdown.map((b) => ({ soId: b.so_id, soNumber: b.so_number, quantity: b.quantity })),
    pickNumber: progress.done + 1,
    totalPicks: progress.total,
    totalOrders: progress.totalOrders,
  };
}
