/** Read models of picking (spec 30 §1.4, §6, §7), shared by the service and the schema. */
import type { Tx } from '../db/tx';
import type { PrismaClient } from '../db';
import { taskPathOrder, taskViewInclude, type TaskRow } from './picking.repo';

type Db = PrismaClient | Tx;

export interface PickTaskView {
  pickTaskId: number;
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
  soNumber: string;
  toteNumber: string | null;
}

export interface PickBatchView {
  batchId: number;
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
    batchNumber: batch.batchNumber,
    status: batch.status,
    totalOrders: batch.totalOrders,
    totalItems: batch.totalItems,
    orders: batch.orders.map((o) => ({ soNumber: o.salesOrder.soNumber, toteNumber: o.toteNumber })),
    tasks: batch.tasks.map(toTaskView),
  };
}

/** The PENDING task with the lowest pick_sequence, with its wave breakdown and progress (spec 30 §7). */
export async function loadNextTask(db: Db, batchId: number): Promise<PickNextTaskView | null> {
  const task = await db.pickTask.findFirst({ where: { batchId, status: 'PENDING' }, include: taskViewInclude, orderBy: taskPathOrder });
  if (!task) return null;
  // Sequential on purpose: inside a transaction the queries share one connection.
  const breakdown = await db.wavePickBreakdown.findMany({
    where: { pickTaskId: task.pickTaskId },
    include: { salesOrder: { select: { soNumber: true } } },
    orderBy: [{ soId: 'asc' }, { id: 'asc' }],
  });
  // Progress and the batch's order count in one statement (was three round trips).
  const [progress] = await db.$queryRaw<{ total: number; done: number; total_orders: number | null }[]>`
    SELECT count(*)::int AS total, (count(*) FILTER (WHERE status <> 'PENDING'))::int AS done,
           (SELECT total_orders FROM pick_batches WHERE batch_id = ${batchId}) AS total_orders
    FROM pick_tasks WHERE batch_id = ${batchId}`;
  if (!progress || progress.total_orders === null) throw new Error(`pick batch ${batchId} not found`);
  return {
    ...toTaskView(task),
    contributingOrders: breakdown.map((b) => ({ soNumber: b.salesOrder.soNumber, quantity: b.quantity })),
    pickNumber: progress.done + 1,
    totalPicks: progress.total,
    totalOrders: progress.total_orders,
  };
}
