/** Picking (spec 30): batches and waves, allocation, confirm / short, complete and cancel. */
import type { AuthedContext } from '../context';
import { Prisma } from '../db';
import { assertWarehouseAccess, canAccessWarehouse } from '../auth/scope';
import { withSqlTransaction, withTransaction, type Journal, type SqlTx } from '../db/tx';
import { AppError, badRequest, conflict, notFound } from '../errors';
import { matchesItemBarcode } from './barcode';
import type { BatchIdInput, CreateBatchInput, PickConfirmInput, PickShortInput, WaveCreateInput, WaveValidateInput } from './picking.inputs';
import {
  activeBatchesOf, completeBatchChanges, insertBatch, insertWave, lockBatch, lockBatchForCompletion, lockPendingTasks, lockSalesOrders, lockTaskForPick,
  orderLineCredits, taskPickedUpdate, taskShortUpdate, waveReads, type PickableTask, type WaveTask,
} from './picking.repo';
import {
  allocate, consumePickStatement, lockAllocatableRows, planAllocation, releaseAllocation, releaseLineAllocation,
} from '../stock/allocation';
import { loadBatchNextTask, loadBatchView, toNextTaskView, type PickBatchView, type PickNextTaskView } from './picking.views';

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
      if (seen.has(so.soId)) throw badRequest(`Sales order '${identifier}' is listed more than once`, { field });
      seen.add(so.soId);
      const batchId = active.get(so.soId);
      if (batchId !== undefined) {
        throw conflict(`Sales order '${identifier}' already in active pick batch ${batchId}`, { field, data: { soNumber: so.soNumber, batchId } });
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
    // The orders' locks (id order), then one statement of their active batches, their lines and the stock rows to
    // allocate from (row-locked in id order; taken even when a check below refuses, the transaction then ends at
    // once). Both are sent at once (one round trip): PostgreSQL runs the reads once the locks are held, with a
    // snapshot of their own, so they see what committed while the locks waited (one statement could not).
    const [locked, reads] = await Promise.all([
      lockSalesOrders(tx, [...input.soIds].sort((a, b) => a - b)),
      waveReads(tx, warehouseId, input.soIds),
    ]);
    const active = reads.active;
    const lines = reads.lines.map((r) => ({ ...r, item: { sku: r.sku } }));
    input.soIds.forEach((id, i) => {
      const field = ['input', 'soIds', i];
      const so = locked.get(id);
      // legacy-difference: an SO of a warehouse the caller cannot see was named ("SO <number> is in a different warehouse")
      if (!so || (so.warehouseId !== warehouseId && !canAccessWarehouse(ctx.user, so.warehouseId))) throw badRequest(`SO not found: ${id}`, { field });
      if (so.warehouseId !== warehouseId) throw badRequest(`SO ${so.soNumber} is in a different warehouse`, { field });
      const batchId = active.get(id);
      if (batchId !== undefined) {
        throw conflict(`SO ${so.soNumber} already in active pick batch ${batchId}`, { field, data: { soNumber: so.soNumber, batchId } });
      }
      if (so.status !== 'OPEN') throw badRequest(`SO ${so.soNumber} status is ${so.status}, must be OPEN`, { field });
      if (!lines.some((l) => l.soId === id)) throw badRequest(`SO ${so.soNumber} has no items`, { field });
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
    // The batch, its links, the tasks with their breakdown, the allocations and the orders in one statement, which
    // answers the first task too.
    const { batchId, batchNumber, firstTask } = await insertWave(tx, {
      warehouseId,
      assignedTo: ctx.user.username,
      soIds: input.soIds,
      totalUnits,
      tasks,
      lineAllocated,
    });
    const firstPick = firstTask && toNextTaskView(firstTask, { done: 0, total: totalPicks, totalOrders: input.soIds.length });
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
      orders: input.soIds.map((soId) => ({ soId, soNumber: locked.get(soId)!.soNumber, lineCount: lineCount.get(soId) ?? 0 })),
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

/**
 * Locks the task (a second confirm of the same task waits, then sees it is no longer PENDING), and with it, when it
 * is PENDING, its stock (lockTaskForPick).
 */
async function lockPendingTask(ctx: AuthedContext, tx: SqlTx, pickTaskId: number): Promise<PickableTask> {
  const task = await lockTaskForPick(tx, pickTaskId);
  if (task) assertWarehouseAccess(ctx.user, task.warehouseId);
  if (!task) throw badRequest('Pick task not found', { field: ['input', 'pickTaskId'] });
  if (task.status !== 'PENDING') throw badRequest(`Pick task is already ${task.status}`, { field: ['input', 'pickTaskId'] });
  return task;
}

/**
 * A confirm or short of a locked PENDING task, as journal changes (they run in the transaction's last statement,
 * on rows locked before but the order lines): the task's update, the order lines credited with `picked` and the
 * stock consumed (the task's allocation released). Returns the batch's tasks still PENDING. Lock order: the task,
 * its stock, then the order lines.
 */
function recordPick(journal: Journal, task: PickableTask, picked: number, taskUpdate: Prisma.Sql): number {
  journal.change(taskUpdate);
  for (const credit of orderLineCredits(task.soLineId, picked, task.breakdown)) journal.change(credit);
  const consumption = consumePickStatement(task.stock, task.quantityToPick, picked);
  if (consumption) journal.change(consumption);
  return task.pending - 1;
}

export interface ConfirmResult {
  message: string;
  task: { pickTaskId: number; status: string; sku: string; quantityPicked: number; binCode: string; toteNumber: string | null };
  remainingTasks: number;
}

export async function confirmPick(ctx: AuthedContext, input: PickConfirmInput): Promise<ConfirmResult> {
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const task = await lockPendingTask(ctx, tx, input.pickTaskId);
    if (input.quantityPicked > task.quantityToPick) {
      throw badRequest(`Cannot pick ${input.quantityPicked} - task only requires ${task.quantityToPick}`, { field: ['input', 'quantityPicked'] });
    }
    const item = { sku: task.sku, upc: task.upc, barcodeAliases: task.barcodeAliases };
    if (!matchesItemBarcode(item, input.scannedBarcode)) {
      throw badRequest(`Wrong item scanned. Expected SKU: ${item.sku}`, { field: ['input', 'scannedBarcode'] });
    }

    const taskUpdate = taskPickedUpdate(task.pickTaskId, input.quantityPicked, ctx.user.username);
    const remainingTasks = recordPick(journal, task, input.quantityPicked, taskUpdate);
    journal.event({
      topic: 'picking.task_picked',
      warehouseId: task.warehouseId,
      payload: { batch_id: task.batchId, pick_task_id: task.pickTaskId, item_id: task.itemId, bin_id: task.binId, quantity_picked: input.quantityPicked },
    });
    journal.audit({
      actionType: 'PICK',
      entityType: 'SO',
      entityId: task.soId,
      userId: ctx.user.username,
      warehouseId: task.warehouseId,
      details: {
        pick_task_id: task.pickTaskId,
        item_id: task.itemId,
        sku: item.sku,
        quantity_picked: input.quantityPicked,
        bin_id: task.binId,
        batch_id: task.batchId,
      },
    });
    return {
      message: 'Pick confirmed',
      task: { pickTaskId: task.pickTaskId, status: 'PICKED', sku: item.sku, quantityPicked: input.quantityPicked, binCode: task.binCode, toteNumber: task.toteNumber },
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
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    const task = await lockPendingTask(ctx, tx, input.pickTaskId);
    if (available > task.quantityToPick) {
      throw badRequest(`Available quantity ${available} exceeds task requirement ${task.quantityToPick} - use confirm instead`, {
        field: ['input', 'quantityAvailable'],
      });
    }
    const item = { sku: task.sku };
    const taskUpdate = taskShortUpdate(task.pickTaskId, available, ctx.user.username);
    recordPick(journal, task, available, taskUpdate);
    const shortage = task.quantityToPick - available;
    journal.audit({
      actionType: 'PICK',
      entityType: 'SO',
      entityId: task.soId,
      userId: ctx.user.username,
      warehouseId: task.warehouseId,
      details: {
        pick_task_id: task.pickTaskId,
        item_id: task.itemId,
        sku: item.sku,
        quantity_to_pick: task.quantityToPick,
        quantity_picked: available,
        shortage,
        bin_id: task.binId,
        batch_id: task.batchId,
        type: 'SHORT_PICK',
      },
    });
    journal.event({
      topic: 'picking.task_shorted',
      warehouseId: task.warehouseId,
      payload: { batch_id: task.batchId, pick_task_id: task.pickTaskId, item_id: task.itemId, bin_id: task.binId, quantity_picked: available, shortage },
    });
    return {
      message: 'Short pick recorded',
      task: { pickTaskId: task.pickTaskId, status: 'SHORT', sku: item.sku, quantityToPick: task.quantityToPick, quantityPicked: available, shortage, binCode: task.binCode },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// complete / cancel

export interface CompleteResult {
  message: string;
  batchId: number;
  batchNumber: string;
  summary: { totalOrders: number; totalItemsPicked: number; totalShorts: number; orders: { soNumber: string; status: string }[] };
}

export async function completeBatch(ctx: AuthedContext, input: BatchIdInput): Promise<CompleteResult> {
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    // One statement, locks in this order: the batch, then its orders (id order, as lockSalesOrders); with the
    // pending count, the batch's orders in batch_order_id order and the summary's figures. The orders are locked
    // even when a check below refuses (the transaction then ends at once).
    const batch = await lockBatchForCompletion(tx, input.batchId);
    if (batch) assertWarehouseAccess(ctx.user, batch.warehouseId);
    if (!batch) throw notFound('Batch not found', { field: ['input', 'batchId'] });
    // legacy-difference: a cancelled batch (allocations released, orders back to OPEN) could be
    // completed, marking orders PICKED that nobody picked.
    if (batch.status === 'CANCELLED') throw badRequest('Cannot complete batch - batch is CANCELLED');
    const pending = batch.pending;
    if (pending > 0) throw badRequest(`Cannot complete batch - ${pending} tasks still pending`);

    const now = new Date();
    const soIds = batch.orders.map((o) => o.soId);
    // legacy-difference: only orders still PICKING move to PICKED; completing again no longer drags
    // PACKED or SHIPPED orders back to PICKED (which let an order ship twice).
    // The batch and the orders (locked above) change in the transaction's last statement; the summary answers the
    // orders' status as that statement leaves them.
    for (const change of completeBatchChanges(batch.batchId, soIds, now)) journal.change(change);
    journal.event({ topic: 'picking.batch_completed', warehouseId: batch.warehouseId, payload: { batch_id: batch.batchId, so_ids: soIds } });
    journal.audit({
      actionType: 'PICK',
      entityType: 'BATCH',
      entityId: batch.batchId,
      userId: ctx.user.username,
      warehouseId: batch.warehouseId,
      details: { batch_number: batch.batchNumber, so_count: soIds.length },
    });
    return {
      message: 'Batch completed',
      batchId: batch.batchId,
      batchNumber: batch.batchNumber,
      summary: {
        totalOrders: soIds.length,
        totalItemsPicked: batch.itemsPicked,
        totalShorts: batch.shorts,
        orders: batch.orders.map((o) => ({ soNumber: o.soNumber, status: o.status === 'PICKING' ? 'PICKED' : o.status })),
      },
    };
  });
}

/** Cancels a batch; answers it as it is now (CANCELLED, its pending tasks SKIPPED). */
export async function cancelBatch(ctx: AuthedContext, input: BatchIdInput): Promise<PickBatchView> {
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const batch = await lockBatch(tx, input.batchId);
    if (!batch) throw notFound('Batch not found', { field: ['input', 'batchId'] });
    assertWarehouseAccess(ctx.user, batch.warehouseId);

    // Lock order as in confirm: tasks, then orders, then inventory.
    const pending = await lockPendingTasks(tx, batch.batchId);
    const members = await tx.pickBatchOrder.findMany({ where: { batchId: batch.batchId }, select: { soId: true } });
    const soIds = members.map((m) => m.soId).sort((a, b) => a - b);
    const locked = await lockSalesOrders(tx, soIds);

    // Release the stock the pending tasks still hold (inventory rows locked in id order).
    const perBin = new Map<string, { itemId: number; binId: number; quantity: number }>();
    for (const t of pending) {
      const key = `${t.itemId}:${t.binId}`;
      const e = perBin.get(key) ?? { itemId: t.itemId, binId: t.binId, quantity: 0 };
      e.quantity += t.quantityToPick;
      perBin.set(key, e);
    }
    await releaseAllocation(tx, [...perBin.values()]);

    // legacy-difference: the order lines give back what the pending tasks held, so a cancelled order
    // can be batched again (the legacy server left quantity_allocated set and re-batching allocated nothing).
    const breakdown = await tx.wavePickBreakdown.findMany({ where: { pickTaskId: { in: pending.map((t) => t.pickTaskId) } } });
    const lineRelease = new Map<number, number>();
    const waveTasks = new Set(breakdown.map((b) => b.pickTaskId));
    for (const b of breakdown) lineRelease.set(b.soLineId, (lineRelease.get(b.soLineId) ?? 0) + b.quantity);
    for (const t of pending) {
      if (!waveTasks.has(t.pickTaskId)) lineRelease.set(t.soLineId, (lineRelease.get(t.soLineId) ?? 0) + t.quantityToPick);
    }
    await releaseLineAllocation(tx, lineRelease);

    // legacy-difference: every order of the batch still PICKING goes back to OPEN (the legacy server
    // skipped orders without a task of their own), unless it has since joined another active batch.
    const elsewhere = await activeBatchesOf(tx, soIds, batch.batchId);
    const reopen = soIds.filter((id) => ['PICKING', 'OPEN'].includes(locked.get(id)?.status ?? '') && !elsewhere.has(id));
    await tx.salesOrder.updateMany({ where: { soId: { in: reopen } }, data: { status: 'OPEN' } });
    await tx.pickTask.updateMany({ where: { pickTaskId: { in: pending.map((t) => t.pickTaskId) } }, data: { status: 'SKIPPED' } });
    await tx.pickBatch.update({ where: { batchId: batch.batchId }, data: { status: 'CANCELLED' } });
    journal.event({
      topic: 'picking.batch_cancelled',
      warehouseId: batch.warehouseId,
      payload: { batch_id: batch.batchId, reopened_so_ids: reopen, released_units: pending.reduce((s, t) => s + t.quantityToPick, 0) },
    });
    return (await loadBatchView(tx, batch.batchId))!;
  });
}
