/** Picking (spec 30): batches and waves, allocation, confirm / short, complete and cancel. */
import type { AuthedContext } from '../context';
import { Prisma } from '../db';
import { assertWarehouseAccess, canAccessWarehouse } from '../auth/scope';
import { withSqlTransaction, withTransaction, type Journal, type SqlTx } from '../db/tx';
import { AppError, badRequest, conflict, notFound } from '../errors';
import { matchesItemBarcode } from './barcode';
import type { BatchIdInput, CreateBatchInput, PickConfirmInput, PickShortInput, WaveCreateInput, WaveValidateInput } from './picking.inputs';
import { activeBatchesOf, insertBatch, insertWave, lockSalesOrders, waveReads, type WaveTask } from './picking.repo';
import {
  allocate, consumePickStatement, lockAllocatableRows, planAllocation, positionRowsQuery, releaseAllocation, releaseLineAllocation,
  type PositionRow,
} from '../stock/allocation';
import { loadBatchNextTask, loadBatchView, loadNextTask, type PickBatchView, type PickNextTaskView } from './picking.views';

export interface ActiveBatchView {
  active: boolean;
  batchId: number | null;
  totalPicks: number | null;
  completedPicks: number | null;
  totalOrders: number | null;
  createdAt: Date | null;
}

export async function activeBatch(ctx: AuthedContext): Promise<ActiveBatchView> {
  const db = ctx.app.prisma;
  const batch = await db.pickBatch.findFirst({
    where: { assignedTo: ctx.user.username, status: { in: ['OPEN', 'IN_PROGRESS'] } },
    orderBy: [{ createdAt: 'desc' }, { batchId: 'desc' }],
  });
  if (!batch) return { active: false, batchId: null, totalPicks: null, completedPicks: null, totalOrders: null, createdAt: null };
  const [totalPicks, completedPicks] = await Promise.all([
    db.pickTask.count({ where: { batchId: batch.batchId } }),
    db.pickTask.count({ where: { batchId: batch.batchId, status: { in: ['PICKED', 'SHORT'] } } }),
  ]);
  return { active: true, batchId: batch.batchId, totalPicks, completedPicks, totalOrders: batch.totalOrders, createdAt: batch.createdAt };
}

// ---------------------------------------------------------------------------------------------
// create-batch

export async function createBatch(ctx: AuthedContext, input: CreateBatchInput): Promise<PickBatchView> {
  const warehouseId = input.warehouseId;
  assertWarehouseAccess(ctx.user, warehouseId);

  const view = await withTransaction(ctx.app.prisma, async (tx, journal) => {
    // Resolve every identifier, then lock the orders (id order) before reading their status.
    const resolved: (number | null)[] = [];
    for (const identifier of input.soIdentifiers) {
      const so = await tx.salesOrder.findFirst({
        where: { warehouseId, OR: [{ soNumber: identifier }, { soBarcode: identifier }] },
        select: { soId: true },
        orderBy: { soId: 'asc' },
      });
      resolved.push(so?.soId ?? null);
    }
    const ids = [...new Set(resolved.filter((id): id is number => id !== null))];
    const locked = await lockSalesOrders(tx, ids);
    const active = await activeBatchesOf(tx, ids);

    const seen = new Set<number>();
    input.soIdentifiers.forEach((identifier, i) => {
      const field = ['input', 'soIdentifiers', i];
      const soId = resolved[i];
      const so = soId === null ? undefined : locked.get(soId);
      if (!so) throw badRequest(`Sales order '${identifier}' not found`, { field });
      // legacy-difference: a repeated order was a 500 (unique violation).
      if (seen.has(so.so_id)) throw badRequest(`Sales order '${identifier}' is listed more than once`, { field });
      seen.add(so.so_id);
      const batchId = active.get(so.so_id);
      if (batchId !== undefined) {
        throw conflict(`Sales order '${identifier}' already in active pick batch ${batchId}`, { field, data: { soNumber: so.so_number, batchId } });
      }
      if (so.status !== 'OPEN') throw badRequest(`Sales order '${identifier}' status is ${so.status}, must be OPEN`, { field });
    });
    const soIds = input.soIdentifiers.map((_, i) => resolved[i]!);

    const { batchId } = await insertBatch(tx, 'BATCH', { warehouseId, assignedTo: ctx.user.username, totalOrders: soIds.length });
    const totes = new Map(soIds.map((soId, i) => [soId, `TOTE-${i + 1}`]));
    await tx.pickBatchOrder.createMany({ data: soIds.map((soId) => ({ batchId, soId, toteNumber: totes.get(soId)! })) });

    const lines = await tx.salesOrderLine.findMany({
      where: { soId: { in: soIds } },
      orderBy: [{ lineNumber: 'asc' }, { soLineId: 'asc' }],
    });
    const needing = lines.filter((l) => l.quantityOrdered - l.quantityAllocated > 0);
    const candidates = await lockAllocatableRows(tx, warehouseId, [...new Set(needing.map((l) => l.itemId))]);

    let totalItems = 0;
    for (const soId of soIds) {
      for (const line of needing.filter((l) => l.soId === soId)) {
        const takes = await allocate(tx, candidates.get(line.itemId) ?? [], line.quantityOrdered - line.quantityAllocated);
        if (takes.length === 0) continue;
        await tx.pickTask.createMany({
          data: takes.map((t) => ({
            batchId,
            soId,
            soLineId: line.soLineId,
            itemId: line.itemId,
            binId: t.row.binId,
            quantityToPick: t.quantity,
            pickSequence: t.row.pickSequence,
            toteNumber: totes.get(soId)!,
          })),
        });
        const allocated = takes.reduce((s, t) => s + t.quantity, 0);
        await tx.salesOrderLine.update({ where: { soLineId: line.soLineId }, data: { quantityAllocated: { increment: allocated } } });
        totalItems += allocated;
      }
    }

    await tx.salesOrder.updateMany({ where: { soId: { in: soIds } }, data: { status: 'PICKING' } });
    await tx.pickBatch.update({ where: { batchId }, data: { totalItems } });
    journal.event({
      topic: 'picking.batch_created',
      warehouseId,
      payload: { batch_id: batchId, so_ids: soIds, total_items: totalItems, kind: 'BATCH' },
    });
    return (await loadBatchView(tx, batchId))!;
  });
  return view;
}

// ---------------------------------------------------------------------------------------------
// wave-validate / wave-create

export interface WaveValidation {
  valid: boolean;
  soId: number;
  soNumber: string;
  lineCount: number;
  totalUnits: number;
}

const invalid = (code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT', message: string, data?: Record<string, unknown>) =>
  new AppError(code, message, { field: ['input', 'soId'], data });

export async function waveValidate(ctx: AuthedContext, input: WaveValidateInput): Promise<WaveValidation> {
  assertWarehouseAccess(ctx.user, input.warehouseId);
  const db = ctx.app.prisma;
  const so = await db.salesOrder.findFirst({
    where: { warehouseId: input.warehouseId, OR: [{ soNumber: input.soBarcode }, { soBarcode: input.soBarcode }] },
    include: { lines: { select: { quantityOrdered: true } } },
    orderBy: { soId: 'asc' },
  });
  if (!so) throw invalid('NOT_FOUND', 'Order not found');
  const batchId = (await activeBatchesOf(db, [so.soId])).get(so.soId);
  if (batchId !== undefined) throw invalid('CONFLICT', 'Order already in active pick batch', { batchId });
  if (so.status !== 'OPEN') throw invalid('BAD_USER_INPUT', `Order status is ${so.status}, must be OPEN`);
  if (so.lines.length === 0) throw invalid('BAD_USER_INPUT', 'Order has no items');
  return {
    valid: true,
    soId: so.soId,
    soNumber: so.soNumber,
    lineCount: so.lines.length,
    totalUnits: so.lines.reduce((s, l) => s + l.quantityOrdered, 0),
  };
}

export interface WaveCreateResult {
  batchId: number;
  batchNumber: string;
  totalOrders: number;
  totalPicks: number;
  totalUnits: number;
  orders: { soId: number; soNumber: string; lineCount: number }[];
  firstPick: PickNextTaskView | null;
  warnings: { sku: string; needed: number; available: number }[] | null;
}

interface Contribution {
  soId: number;
  soLineId: number;
  need: number;
}

export async function waveCreate(ctx: AuthedContext, input: WaveCreateInput): Promise<WaveCreateResult> {
  const warehouseId = input.warehouseId;
  assertWarehouseAccess(ctx.user, warehouseId);
  if (new Set(input.soIds).size !== input.soIds.length) throw badRequest('Duplicate SO IDs in request', { field: ['input', 'soIds'] });

  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const locked = await lockSalesOrders(tx, [...input.soIds].sort((a, b) => a - b));
    // After the orders' locks, one statement: their active batches, their lines and the stock rows to allocate from
    // (row-locked in id order; taken even when a check below refuses, the transaction then ends at once).
    const reads = await waveReads(tx, warehouseId, input.soIds);
    const active = reads.active;
    const lines = reads.lines.map((r) => ({
      soId: r.so_id,
      soLineId: r.so_line_id,
      itemId: r.item_id,
      quantityOrdered: r.quantity_ordered,
      quantityAllocated: r.quantity_allocated,
      item: { sku: r.sku },
    }));
    input.soIds.forEach((id, i) => {
      const field = ['input', 'soIds', i];
      const so = locked.get(id);
      // legacy-difference: an SO of a warehouse the caller cannot see was named ("SO <number> is in a different warehouse")
      if (!so || (so.warehouse_id !== warehouseId && !canAccessWarehouse(ctx.user, so.warehouse_id))) throw badRequest(`SO not found: ${id}`, { field });
      if (so.warehouse_id !== warehouseId) throw badRequest(`SO ${so.so_number} is in a different warehouse`, { field });
      const batchId = active.get(id);
      if (batchId !== undefined) {
        throw conflict(`SO ${so.so_number} already in active pick batch ${batchId}`, { field, data: { soNumber: so.so_number, batchId } });
      }
      if (so.status !== 'OPEN') throw badRequest(`SO ${so.so_number} status is ${so.status}, must be OPEN`, { field });
      if (!lines.some((l) => l.soId === id)) throw badRequest(`SO ${so.so_number} has no items`, { field });
    });

    // Group the lines that need stock by item, first-seen order (SO list order, then line order).
    const byItem = new Map<number, { sku: string; contributions: Contribution[] }>();
    const lineCount = new Map<number, number>();
    for (const soId of input.soIds) {
      for (const l of lines.filter((x) => x.soId === soId)) {
        const need = l.quantityOrdered - l.quantityAllocated;
        if (need <= 0) continue;
        lineCount.set(soId, (lineCount.get(soId) ?? 0) + 1);
        const group = byItem.get(l.itemId) ?? { sku: l.item.sku, contributions: [] };
        group.contributions.push({ soId, soLineId: l.soLineId, need });
        byItem.set(l.itemId, group);
      }
    }

    const warnings: WaveCreateResult['warnings'] = [];
    const lineAllocated = new Map<number, number>();
    const tasks: WaveTask[] = [];
    let totalUnits = 0;
    for (const [itemId, { sku, contributions }] of byItem) {
      const rows = reads.candidates.get(itemId) ?? [];
      const needed = contributions.reduce((s, c) => s + c.need, 0);
      const available = rows.reduce((s, r) => s + r.available, 0);
      if (available < needed) warnings.push({ sku, needed, available });
      const first = contributions[0];
      for (const take of planAllocation(rows, needed)) {
        let left = take.quantity;
        const breakdown: WaveTask['breakdown'] = [];
        for (const c of contributions) {
          if (left <= 0) break;
          if (c.need <= 0) continue;
          const alloc = Math.min(left, c.need);
          breakdown.push({ soId: c.soId, soLineId: c.soLineId, quantity: alloc });
          lineAllocated.set(c.soLineId, (lineAllocated.get(c.soLineId) ?? 0) + alloc);
          c.need -= alloc;
          left -= alloc;
        }
        tasks.push({
          soId: first.soId,
          soLineId: first.soLineId,
          itemId,
          binId: take.row.binId,
          inventoryId: take.row.inventoryId,
          pickSequence: take.row.pickSequence,
          quantity: take.quantity,
          breakdown,
        });
        totalUnits += take.quantity;
      }
    }
    const totalPicks = tasks.length;
    // The batch, its links, the tasks with their breakdown, the allocations and the orders in one statement.
    const { batchId, batchNumber } = await insertWave(tx, {
      warehouseId,
      assignedTo: ctx.user.username,
      soIds: input.soIds,
      totalUnits,
      tasks,
      lineAllocated,
    });
    const firstPick = await loadNextTask(tx, batchId);
    journal.event({ topic: 'picking.batch_created', warehouseId, payload: { batch_id: batchId, so_ids: input.soIds, total_items: totalUnits, kind: 'WAVE' } });
    journal.audit({
      actionType: 'PICK',
      entityType: 'BATCH',
      entityId: batchId,
      userId: ctx.user.username,
      warehouseId,
      details: { batch_number: batchNumber, type: 'WAVE_CREATE', so_count: input.soIds.length, total_picks: totalPicks, total_units: totalUnits },
    });
    return {
      batchId,
      batchNumber,
      totalOrders: input.soIds.length,
      totalPicks,
      totalUnits,
      orders: input.soIds.map((soId) => ({ soId, soNumber: locked.get(soId)!.so_number, lineCount: lineCount.get(soId) ?? 0 })),
      firstPick,
      warnings: warnings.length > 0 ? warnings : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// batch views

/** The batch with its tasks; null when there is none in the caller's warehouses. */
export async function getBatch(ctx: AuthedContext, batchId: number): Promise<PickBatchView | null> {
  const batch = await loadBatchView(ctx.app.prisma, batchId);
  return batch && canAccessWarehouse(ctx.user, batch.warehouseId) ? batch : null;
}

export interface NextTaskResult {
  message: string | null;
  task: PickNextTaskView | null;
}

/** The batch's next task, or "All tasks complete"; null when there is no such batch in the caller's warehouses. */
export async function nextTask(ctx: AuthedContext, batchId: number): Promise<NextTaskResult | null> {
  // The batch's warehouse and its next task in one statement; nothing of it is answered outside the scope.
  const found = await loadBatchNextTask(ctx.app.db.raw, batchId);
  if (!found || !canAccessWarehouse(ctx.user, found.warehouseId)) return null;
  const task = found.task;
  return task ? { message: null, task } : { message: 'All tasks complete', task: null };
}

// ---------------------------------------------------------------------------------------------
// confirm / short

interface LockedTask {
  pick_task_id: number;
  batch_id: number;
  so_id: number;
  so_line_id: number;
  item_id: number;
  bin_id: number;
  quantity_to_pick: number;
  status: string;
  tote_number: string | null;
  warehouse_id: number;
  bin_code: string;
  sku: string;
  upc: string | null;
  barcode_aliases: unknown;
}

/** Locks the task (a second confirm of the same task waits, then sees it is no longer PENDING). */
async function lockPendingTask(ctx: AuthedContext, tx: SqlTx, pickTaskId: number): Promise<LockedTask> {
  const rows = await tx.$queryRaw<LockedTask[]>`
    SELECT t.pick_task_id, t.batch_id, t.so_id, t.so_line_id, t.item_id, t.bin_id, t.quantity_to_pick, t.status,
           t.tote_number, b.warehouse_id, bn.bin_code, i.sku, i.upc, i.barcode_aliases
    FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id
      JOIN bins bn ON bn.bin_id = t.bin_id JOIN items i ON i.item_id = t.item_id
    WHERE t.pick_task_id = ${pickTaskId} FOR UPDATE OF t`;
  const task = rows[0];
  if (task) assertWarehouseAccess(ctx.user, task.warehouse_id);
  if (!task) throw badRequest('Pick task not found', { field: ['input', 'pickTaskId'] });
  if (task.status !== 'PENDING') throw badRequest(`Pick task is already ${task.status}`, { field: ['input', 'pickTaskId'] });
  return task;
}

/**
 * The task's own update (`taskUpdate`), and what the rest of the pick needs, in one statement: the task's wave
 * breakdown (which that update does not touch), the stock rows of its (item, bin) row-locked in id order, and
 * the batch's PENDING tasks as the statement found them (this task, locked PENDING, among them).
 */
async function updateTask(tx: SqlTx, task: LockedTask, taskUpdate: Prisma.Sql) {
  const [row] = await tx.$queryRaw<{ breakdown: { id: number; so_line_id: number; quantity: number }[]; stock: PositionRow[]; pending: number }[]>`
    WITH task_update AS (${taskUpdate}),
    stock AS MATERIALIZED (${positionRowsQuery(task.item_id, task.bin_id)})
    SELECT (SELECT coalesce(json_agg(json_build_object('id', id, 'so_line_id', so_line_id, 'quantity', quantity) ORDER BY so_id, id), '[]'::json)
              FROM wave_pick_breakdown WHERE pick_task_id = ${task.pick_task_id}) AS breakdown,
           (SELECT coalesce(json_agg(s ORDER BY s."inventoryId"), '[]'::json) FROM stock s) AS stock,
           (SELECT count(*)::int FROM pick_tasks WHERE batch_id = ${task.batch_id} AND status = 'PENDING') AS pending`;
  return row;
}

/**
 * Credits picked units to the order lines, as journal changes (they run in the transaction's last statement).
 * Wave tasks spread the units over their breakdown rows in so_id order (legacy-difference: a wave confirm
 * credited the planned quantities even when fewer units were confirmed, so orders showed — and later
 * shipped — units nobody picked).
 */
function orderLineCredits(task: LockedTask, picked: number, breakdown: { id: number; so_line_id: number; quantity: number }[]): Prisma.Sql[] {
  if (breakdown.length === 0) {
    return [Prisma.sql`UPDATE sales_order_lines SET quantity_picked = quantity_picked + ${picked} WHERE so_line_id = ${task.so_line_id}`];
  }
  let left = picked;
  const gives = breakdown.map((row) => {
    const give = Math.min(left, row.quantity);
    left -= give;
    return give;
  });
  const perLine = new Map<number, number>();
  breakdown.forEach((row, i) => {
    if (gives[i] > 0) perLine.set(row.so_line_id, (perLine.get(row.so_line_id) ?? 0) + gives[i]);
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

/**
 * A confirm or short of a locked PENDING task: the task's update and its stock locked in one statement, then
 * the order lines credited with `picked` and the stock consumed (the task's allocation released) as journal
 * changes. Returns the batch's tasks still PENDING. Lock order: the task, its stock, then the order lines.
 */
async function recordPick(tx: SqlTx, journal: Journal, task: LockedTask, picked: number, taskUpdate: Prisma.Sql): Promise<number> {
  const { breakdown, stock, pending } = await updateTask(tx, task, taskUpdate);
  for (const credit of orderLineCredits(task, picked, breakdown)) journal.change(credit);
  const consumption = consumePickStatement(stock, task.quantity_to_pick, picked);
  if (consumption) journal.change(consumption);
  return pending - 1;
}

export interface ConfirmResult {
  message: string;
  task: { pickTaskId: number; status: string; sku: string; quantityPicked: number; binCode: string; toteNumber: string | null };
  remainingTasks: number;
}

export async function confirmPick(ctx: AuthedContext, input: PickConfirmInput): Promise<ConfirmResult> {
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const task = await lockPendingTask(ctx, tx, input.pickTaskId);
    if (input.quantityPicked > task.quantity_to_pick) {
      throw badRequest(`Cannot pick ${input.quantityPicked} - task only requires ${task.quantity_to_pick}`, { field: ['input', 'quantityPicked'] });
    }
    const item = { sku: task.sku, upc: task.upc, barcodeAliases: task.barcode_aliases };
    if (!matchesItemBarcode(item, input.scannedBarcode)) {
      throw badRequest(`Wrong item scanned. Expected SKU: ${item.sku}`, { field: ['input', 'scannedBarcode'] });
    }

    const taskUpdate = Prisma.sql`
      UPDATE pick_tasks SET status = 'PICKED', quantity_picked = ${input.quantityPicked}, picked_by = ${ctx.user.username},
        picked_at = ${new Date()}::timestamptz, scan_confirmed = true
      WHERE pick_task_id = ${task.pick_task_id}`;
    const remainingTasks = await recordPick(tx, journal, task, input.quantityPicked, taskUpdate);
    journal.event({
      topic: 'picking.task_picked',
      warehouseId: task.warehouse_id,
      payload: { batch_id: task.batch_id, pick_task_id: task.pick_task_id, item_id: task.item_id, bin_id: task.bin_id, quantity_picked: input.quantityPicked },
    });
    journal.audit({
      actionType: 'PICK',
      entityType: 'SO',
      entityId: task.so_id,
      userId: ctx.user.username,
      warehouseId: task.warehouse_id,
      details: {
        pick_task_id: task.pick_task_id,
        item_id: task.item_id,
        sku: item.sku,
        quantity_picked: input.quantityPicked,
        bin_id: task.bin_id,
        batch_id: task.batch_id,
      },
    });
    return {
      message: 'Pick confirmed',
      task: { pickTaskId: task.pick_task_id, status: 'PICKED', sku: item.sku, quantityPicked: input.quantityPicked, binCode: task.bin_code, toteNumber: task.tote_number },
      remainingTasks,
    };
  });
}

export interface ShortResult {
  message: string;
  task: { pickTaskId: number; status: string; sku: string; quantityToPick: number; quantityPicked: number; shortage: number; binCode: string };
}

export async function shortPick(ctx: AuthedContext, input: PickShortInput): Promise<ShortResult> {
  const available = input.quantityAvailable;
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const task = await lockPendingTask(ctx, tx, input.pickTaskId);
    if (available > task.quantity_to_pick) {
      throw badRequest(`Available quantity ${available} exceeds task requirement ${task.quantity_to_pick} - use confirm instead`, {
        field: ['input', 'quantityAvailable'],
      });
    }
    const item = { sku: task.sku };
    const taskUpdate = Prisma.sql`
      UPDATE pick_tasks SET status = 'SHORT', quantity_picked = ${available}, picked_by = ${ctx.user.username}, picked_at = ${new Date()}::timestamptz
      WHERE pick_task_id = ${task.pick_task_id}`;
    await recordPick(tx, journal, task, available, taskUpdate);
    const shortage = task.quantity_to_pick - available;
    journal.audit({
      actionType: 'PICK',
      entityType: 'SO',
      entityId: task.so_id,
      userId: ctx.user.username,
      warehouseId: task.warehouse_id,
      details: {
        pick_task_id: task.pick_task_id,
        item_id: task.item_id,
        sku: item.sku,
        quantity_to_pick: task.quantity_to_pick,
        quantity_picked: available,
        shortage,
        bin_id: task.bin_id,
        batch_id: task.batch_id,
        type: 'SHORT_PICK',
      },
    });
    journal.event({
      topic: 'picking.task_shorted',
      warehouseId: task.warehouse_id,
      payload: { batch_id: task.batch_id, pick_task_id: task.pick_task_id, item_id: task.item_id, bin_id: task.bin_id, quantity_picked: available, shortage },
    });
    return {
      message: 'Short pick recorded',
      task: { pickTaskId: task.pick_task_id, status: 'SHORT', sku: item.sku, quantityToPick: task.quantity_to_pick, quantityPicked: available, shortage, binCode: task.bin_code },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// complete / cancel

interface LockedBatch {
  batch_id: number;
  batch_number: string;
  status: string;
  warehouse_id: number;
}

async function lockBatch(tx: SqlTx, batchId: number): Promise<LockedBatch | undefined> {
  const rows = await tx.$queryRaw<LockedBatch[]>`
    SELECT batch_id, batch_number, status, warehouse_id FROM pick_batches WHERE batch_id = ${batchId} FOR UPDATE`;
  return rows[0];
}

export interface CompleteResult {
  message: string;
  batchId: number;
  batchNumber: string;
  summary: { totalOrders: number; totalItemsPicked: number; totalShorts: number; orders: { soNumber: string; status: string }[] };
}

export async function completeBatch(ctx: AuthedContext, input: BatchIdInput): Promise<CompleteResult> {
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    // One statement, locks in this order: the batch, then its orders (id order, as lockSalesOrders); with the
    // pending count and the batch's orders in batch_order_id order. The orders are locked even when a check below
    // refuses (the transaction then ends at once).
    const [batch] = await tx.$queryRaw<(LockedBatch & { pending: number; so_ids: number[] })[]>`
      WITH b AS MATERIALIZED (
        SELECT batch_id, batch_number, status, warehouse_id FROM pick_batches WHERE batch_id = ${input.batchId} FOR UPDATE
      ), o AS MATERIALIZED (
        SELECT so_id FROM sales_orders
        WHERE so_id IN (SELECT so_id FROM pick_batch_orders WHERE batch_id = (SELECT batch_id FROM b)) ORDER BY so_id FOR UPDATE
      )
      SELECT b.*,
             (SELECT count(*)::int FROM pick_tasks WHERE batch_id = b.batch_id AND status = 'PENDING') AS pending,
             (SELECT coalesce(array_agg(so_id ORDER BY batch_order_id), '{}'::int[]) FROM pick_batch_orders WHERE batch_id = b.batch_id) AS so_ids,
             (SELECT count(*) FROM o) AS locked
      FROM b`;
    if (batch) assertWarehouseAccess(ctx.user, batch.warehouse_id);
    if (!batch) throw notFound('Batch not found', { field: ['input', 'batchId'] });
    // legacy-difference: a cancelled batch (allocations released, orders back to OPEN) could be
    // completed, marking orders PICKED that nobody picked.
    if (batch.status === 'CANCELLED') throw badRequest('Cannot complete batch - batch is CANCELLED');
    const pending = batch.pending;
    if (pending > 0) throw badRequest(`Cannot complete batch - ${pending} tasks still pending`);

    const now = new Date();
    const soIds = batch.so_ids;
    // legacy-difference: only orders still PICKING move to PICKED; completing again no longer drags
    // PACKED or SHIPPED orders back to PICKED (which let an order ship twice).
    // The batch, the orders (locked above) and the summary in one statement: the summary reads the orders'
    // status as this statement leaves it (PICKED for the ones it moved, unchanged otherwise).
    const [summary] = await tx.$queryRaw<
      { items_picked: number; shorts: number; orders: { soId: number; soNumber: string; status: string }[] }[]
    >`
      WITH b AS (
        UPDATE pick_batches SET status = 'COMPLETED', completed_at = ${now}::timestamptz WHERE batch_id = ${batch.batch_id}
      ), o AS (
        UPDATE sales_orders SET status = 'PICKED', picked_at = ${now}::timestamptz
        WHERE so_id = ANY(${soIds}::int[]) AND status = 'PICKING' RETURNING so_id
      )
      SELECT (SELECT coalesce(sum(quantity_picked), 0)::int FROM pick_tasks WHERE batch_id = ${batch.batch_id}) AS items_picked,
             (SELECT count(*)::int FROM pick_tasks WHERE batch_id = ${batch.batch_id} AND status = 'SHORT') AS shorts,
             (SELECT coalesce(json_agg(json_build_object('soId', s.so_id, 'soNumber', s.so_number,
                       'status', CASE WHEN o.so_id IS NULL THEN s.status ELSE 'PICKED' END)), '[]'::json)
              FROM sales_orders s LEFT JOIN o ON o.so_id = s.so_id WHERE s.so_id = ANY(${soIds}::int[])) AS orders`;
    const bySo = new Map(summary.orders.map((o) => [o.soId, o]));
    journal.event({ topic: 'picking.batch_completed', warehouseId: batch.warehouse_id, payload: { batch_id: batch.batch_id, so_ids: soIds } });
    journal.audit({
      actionType: 'PICK',
      entityType: 'BATCH',
      entityId: batch.batch_id,
      userId: ctx.user.username,
      warehouseId: batch.warehouse_id,
      details: { batch_number: batch.batch_number, so_count: soIds.length },
    });
    return {
      message: 'Batch completed',
      batchId: batch.batch_id,
      batchNumber: batch.batch_number,
      summary: {
        totalOrders: soIds.length,
        totalItemsPicked: summary.items_picked,
        totalShorts: summary.shorts,
        orders: soIds.map((id) => ({ soNumber: bySo.get(id)!.soNumber, status: bySo.get(id)!.status })),
      },
    };
  });
}

/** Cancels a batch; answers it as it is now (CANCELLED, its pending tasks SKIPPED). */
export async function cancelBatch(ctx: AuthedContext, input: BatchIdInput): Promise<PickBatchView> {
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const batch = await lockBatch(tx, input.batchId);
    if (!batch) throw notFound('Batch not found', { field: ['input', 'batchId'] });
    assertWarehouseAccess(ctx.user, batch.warehouse_id);

    // Lock order as in confirm: tasks, then orders, then inventory.
    const pending = await tx.$queryRaw<{ pick_task_id: number; so_line_id: number; item_id: number; bin_id: number; quantity_to_pick: number }[]>`
      SELECT pick_task_id, so_line_id, item_id, bin_id, quantity_to_pick FROM pick_tasks
      WHERE batch_id = ${batch.batch_id} AND status = 'PENDING' ORDER BY pick_task_id FOR UPDATE`;
    const members = await tx.pickBatchOrder.findMany({ where: { batchId: batch.batch_id }, select: { soId: true } });
    const soIds = members.map((m) => m.soId).sort((a, b) => a - b);
    const locked = await lockSalesOrders(tx, soIds);

    // Release the stock the pending tasks still hold (inventory rows locked in id order).
    const perBin = new Map<string, { itemId: number; binId: number; quantity: number }>();
    for (const t of pending) {
      const key = `${t.item_id}:${t.bin_id}`;
      const e = perBin.get(key) ?? { itemId: t.item_id, binId: t.bin_id, quantity: 0 };
      e.quantity += t.quantity_to_pick;
      perBin.set(key, e);
    }
    await releaseAllocation(tx, [...perBin.values()]);

    // legacy-difference: the order lines give back what the pending tasks held, so a cancelled order
    // can be batched again (the legacy server left quantity_allocated set and re-batching allocated nothing).
    const breakdown = await tx.wavePickBreakdown.findMany({ where: { pickTaskId: { in: pending.map((t) => t.pick_task_id) } } });
    const lineRelease = new Map<number, number>();
    const waveTasks = new Set(breakdown.map((b) => b.pickTaskId));
    for (const b of breakdown) lineRelease.set(b.soLineId, (lineRelease.get(b.soLineId) ?? 0) + b.quantity);
    for (const t of pending) {
      if (!waveTasks.has(t.pick_task_id)) lineRelease.set(t.so_line_id, (lineRelease.get(t.so_line_id) ?? 0) + t.quantity_to_pick);
    }
    await releaseLineAllocation(tx, lineRelease);

    // legacy-difference: every order of the batch still PICKING goes back to OPEN (the legacy server
    // skipped orders without a task of their own), unless it has since joined another active batch.
    const elsewhere = await activeBatchesOf(tx, soIds, batch.batch_id);
    const reopen = soIds.filter((id) => ['PICKING', 'OPEN'].includes(locked.get(id)?.status ?? '') && !elsewhere.has(id));
    await tx.salesOrder.updateMany({ where: { soId: { in: reopen } }, data: { status: 'OPEN' } });
    await tx.pickTask.updateMany({ where: { pickTaskId: { in: pending.map((t) => t.pick_task_id) } }, data: { status: 'SKIPPED' } });
    await tx.pickBatch.update({ where: { batchId: batch.batch_id }, data: { status: 'CANCELLED' } });
    journal.event({
      topic: 'picking.batch_cancelled',
      warehouseId: batch.warehouse_id,
      payload: { batch_id: batch.batch_id, reopened_so_ids: reopen, released_units: pending.reduce((s, t) => s + t.quantity_to_pick, 0) },
    });
    return (await loadBatchView(tx, batch.batch_id))!;
  });
}
