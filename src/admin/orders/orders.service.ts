/** Admin purchase and sales orders (spec 70 §7–§8): create with lines, update while OPEN, close, cancel. */
import type { AuthedContext } from '../../context';
import { Prisma } from '../../db';
import { withTransaction, type Tx } from '../../db/tx';
import { badRequest, notFound } from '../../errors';
import { recordEvents } from '../../events/outbox';
import { releaseAllocation, releaseOrderAllocation } from '../../stock/allocation';
import { parseInput } from '../../validation/errors';
import { bodyDate } from './dates';
import {
  PurchaseOrderCreateInput,
  PurchaseOrderUpdateInput,
  SalesOrderCreateInput,
  SalesOrderUpdateInput,
} from './orders.inputs';

export interface OrderListFilter {
  /** Any of these statuses. */
  status?: string[] | null;
  /** One warehouse; 0 or absent: every warehouse (legacy). */
  warehouseId?: number | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

const orderWhere = (f: OrderListFilter) => ({
  ...(f.status ? { status: { in: f.status } } : {}),
  ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}),
  ...(f.createdFrom || f.createdTo ? { createdAt: { ...(f.createdFrom ? { gte: f.createdFrom } : {}), ...(f.createdTo ? { lt: f.createdTo } : {}) } } : {}),
});

export const purchaseOrderWhere = (f: OrderListFilter): Prisma.PurchaseOrderWhereInput => orderWhere(f);

export const salesOrderWhere = (f: OrderListFilter): Prisma.SalesOrderWhereInput => orderWhere(f);

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

/** Unknown warehouse/item ids are answered before the insert (spec 90 §8: the legacy left them to the DB). */
async function assertOrderReferences(tx: Tx, warehouseId: number, itemIds: number[]) {
  const found = new Set(
    (await tx.item.findMany({ where: { itemId: { in: [...new Set(itemIds)] } }, select: { itemId: true } })).map((i) => i.itemId),
  );
  const missing = itemIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw badRequest(`Item ${itemIds[missing]} not found`, { field: ['input', 'lines', missing, 'itemId'] });
  if (!(await tx.warehouse.findUnique({ where: { warehouseId }, select: { warehouseId: true } }))) {
    throw badRequest(`Warehouse ${warehouseId} not found`, { field: ['input', 'warehouseId'] });
  }
}

// ---------------------------------------------------------------------------------------------------
// Purchase orders
// ---------------------------------------------------------------------------------------------------

export async function createPurchaseOrder(ctx: AuthedContext, raw: unknown): Promise<number> {
  const input = parseInput(PurchaseOrderCreateInput, raw);
  const expectedDate = bodyDate(input.expected_date, 'expected_date');
  const duplicate = () => badRequest(`Duplicate po_number: ${input.po_number}`, { field: ['input', 'poNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      if (await tx.purchaseOrder.findUnique({ where: { poNumber: input.po_number }, select: { poId: true } })) throw duplicate();
      await assertOrderReferences(tx, input.warehouse_id, input.lines.map((l) => l.item_id));
      const po = await tx.purchaseOrder.create({
        data: {
          poNumber: input.po_number,
          poBarcode: input.po_barcode ?? null,
          vendorName: input.vendor_name ?? null,
          expectedDate: expectedDate ?? null,
          notes: input.notes ?? null,
          warehouseId: input.warehouse_id,
          status: 'OPEN',
          createdBy: ctx.user.username,
          lines: {
            createMany: {
              data: input.lines.map((l) => ({
                itemId: l.item_id,
                quantityOrdered: l.quantity_ordered,
                unitCost: l.unit_cost ?? null,
                lineNumber: l.line_number ?? 1, // legacy: every line without a number is line 1
              })),
            },
          },
        },
        select: { poId: true },
      });
      await recordEvents(tx, {
        topic: 'orders.purchase_order_created',
        warehouseId: input.warehouse_id,
        payload: { po_id: po.poId, po_number: input.po_number },
      });
      return po.poId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(); // a concurrent create won the race
    throw e;
  }
}

export async function updatePurchaseOrder(ctx: AuthedContext, poId: number, raw: unknown): Promise<number> {
  const input = parseInput(PurchaseOrderUpdateInput, raw);
  const expectedDate = bodyDate(input.expected_date, 'expected_date');
  const duplicate = () => badRequest(`Duplicate po_number: ${input.po_number}`, { field: ['input', 'poNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      const [po] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM purchase_orders WHERE po_id = ${poId} FOR UPDATE`;
      if (!po) throw notFound('Purchase order not found', { field: ['poId'] });
      if (po.status !== 'OPEN') throw badRequest(`Can only update POs with OPEN status. Current: ${po.status}`);
      const data: Prisma.PurchaseOrderUpdateInput = {};
      if (input.po_number !== undefined) data.poNumber = input.po_number!;
      if (input.po_barcode !== undefined) data.poBarcode = input.po_barcode;
      if (input.vendor_name !== undefined) data.vendorName = input.vendor_name;
      if (expectedDate !== undefined) data.expectedDate = expectedDate;
      if (input.notes !== undefined) data.notes = input.notes;
      if (Object.keys(data).length === 0) throw badRequest('No valid fields provided');
      if (input.po_number) {
        const other = await tx.purchaseOrder.findUnique({ where: { poNumber: input.po_number }, select: { poId: true } });
        if (other && other.poId !== poId) throw duplicate();
      }
      await tx.purchaseOrder.update({ where: { poId }, data });
      return poId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

/** Any status becomes CLOSED (legacy: no status check). Returns the order's id. */
export async function closePurchaseOrder(ctx: AuthedContext, poId: number): Promise<number> {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const rows = await tx.$queryRaw<{ warehouse_id: number }[]>`
      UPDATE purchase_orders SET status = 'CLOSED' WHERE po_id = ${poId} RETURNING warehouse_id`;
    if (rows.length === 0) throw notFound('Purchase order not found', { field: ['poId'] });
    await recordEvents(tx, { topic: 'orders.purchase_order_closed', warehouseId: rows[0].warehouse_id, payload: { po_id: poId } });
    return poId;
  });
}

// ---------------------------------------------------------------------------------------------------
// Sales orders
// ---------------------------------------------------------------------------------------------------

export async function createSalesOrder(ctx: AuthedContext, raw: unknown): Promise<number> {
  const input = parseInput(SalesOrderCreateInput, raw);
  const shipByDate = bodyDate(input.ship_by_date, 'ship_by_date');
  const duplicate = () => badRequest(`Duplicate so_number: ${input.so_number}`, { field: ['input', 'soNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      if (await tx.salesOrder.findUnique({ where: { soNumber: input.so_number }, select: { soId: true } })) throw duplicate();
      await assertOrderReferences(tx, input.warehouse_id, input.lines.map((l) => l.item_id));
      const so = await tx.salesOrder.create({
        data: {
          soNumber: input.so_number,
          soBarcode: input.so_barcode ?? null,
          customerName: input.customer_name ?? null,
          customerPhone: input.customer_phone ?? null,
          customerAddress: input.customer_address ?? null,
          shipMethod: input.ship_method ?? null,
          shipAddress: input.ship_address ?? null,
          shipByDate: shipByDate ?? null,
          warehouseId: input.warehouse_id,
          status: 'OPEN',
          priority: 0,
          orderDate: new Date(),
          createdBy: ctx.user.username,
          lines: {
            createMany: {
              data: input.lines.map((l) => ({
                itemId: l.item_id,
                quantityOrdered: l.quantity_ordered,
                lineNumber: l.line_number ?? 1,
              })),
            },
          },
        },
        select: { soId: true },
      });
      await recordEvents(tx, {
        topic: 'orders.sales_order_created',
        warehouseId: input.warehouse_id,
        payload: { so_id: so.soId, so_number: input.so_number },
      });
      return so.soId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

export async function updateSalesOrder(ctx: AuthedContext, soId: number, raw: unknown): Promise<number> {
  const input = parseInput(SalesOrderUpdateInput, raw);
  const shipByDate = bodyDate(input.ship_by_date, 'ship_by_date');
  const duplicate = () => badRequest(`Duplicate so_number: ${input.so_number}`, { field: ['input', 'soNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      const [so] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM sales_orders WHERE so_id = ${soId} FOR UPDATE`;
      if (!so) throw notFound('Sales order not found', { field: ['soId'] });
      if (so.status !== 'OPEN') throw badRequest(`Can only update SOs with OPEN status. Current: ${so.status}`);
      const data: Prisma.SalesOrderUpdateInput = {};
      if (input.so_number !== undefined) data.soNumber = input.so_number!;
      if (input.so_barcode !== undefined) data.soBarcode = input.so_barcode;
      if (input.customer_name !== undefined) data.customerName = input.customer_name;
      if (input.customer_phone !== undefined) data.customerPhone = input.customer_phone;
      if (input.customer_address !== undefined) data.customerAddress = input.customer_address;
      if (input.ship_method !== undefined) data.shipMethod = input.ship_method;
      if (input.ship_address !== undefined) data.shipAddress = input.ship_address;
      if (shipByDate !== undefined) data.shipByDate = shipByDate;
      if (input.priority !== undefined) data.priority = input.priority;
      if (Object.keys(data).length === 0) throw badRequest('No valid fields provided');
      if (input.so_number) {
        const other = await tx.salesOrder.findUnique({ where: { soNumber: input.so_number }, select: { soId: true } });
        if (other && other.soId !== soId) throw duplicate();
      }
      await tx.salesOrder.update({ where: { soId }, data });
      return soId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

const CANCELLABLE = ['OPEN', 'ALLOCATED', 'PICKING'];

/**
 * Cancels an SO (spec 70 §8). Beyond OPEN, its share of every PENDING pick task (the whole task, or its wave
 * breakdown rows) is released from the inventory rows it was allocated on; tasks left without another order
 * are deleted, shared wave tasks keep the other orders' part; batch links go and the lines' allocation is zeroed.
 * Locks: the SO row (a second cancel waits, then sees CANCELLED), its tasks, then the inventory rows in id order,
 * so a concurrent pick confirm cannot consume a task being released.
 */
export async function cancelSalesOrder(ctx: AuthedContext, soId: number): Promise<number> {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const [so] = await tx.$queryRaw<{ status: string; warehouse_id: number }[]>`
      SELECT status, warehouse_id FROM sales_orders WHERE so_id = ${soId} FOR UPDATE`;
    if (!so) throw notFound('Sales order not found', { field: ['soId'] });
    if (!CANCELLABLE.includes(so.status)) {
      throw badRequest(`Can only cancel OPEN, ALLOCATED, or PICKING orders. Current: ${so.status}`);
    }
    let released: { itemId: number; binId: number; quantity: number }[] = [];
    if (so.status !== 'OPEN') {
      // Every task the order has a share in: its own, and the wave tasks it joined through the breakdown
      // (legacy-difference: a wave order that was not a task's first contributor kept its stock allocated for ever,
      // and cancelling the first contributor was a 500).
      const tasks = await tx.$queryRaw<{ pick_task_id: number; so_id: number; quantity_to_pick: number; item_id: number; bin_id: number; status: string }[]>`
        SELECT pick_task_id, so_id, quantity_to_pick, item_id, bin_id, status FROM pick_tasks
        WHERE so_id = ${soId} OR pick_task_id IN (SELECT pick_task_id FROM wave_pick_breakdown WHERE so_id = ${soId})
        ORDER BY pick_task_id FOR UPDATE`;
      const breakdown = tasks.length
        ? await tx.wavePickBreakdown.findMany({ where: { pickTaskId: { in: tasks.map((t) => t.pick_task_id) } }, orderBy: { id: 'asc' } })
        : [];
      const perBin = new Map<string, { itemId: number; binId: number; quantity: number }>();
      const dropped: number[] = [];
      for (const t of tasks) {
        const rows = breakdown.filter((b) => b.pickTaskId === t.pick_task_id);
        const others = rows.filter((b) => b.soId !== soId);
        const share = rows.length === 0 ? t.quantity_to_pick : rows.filter((b) => b.soId === soId).reduce((s, b) => s + b.quantity, 0);
        if (t.status === 'PENDING' && share > 0) {
          const key = `${t.item_id}:${t.bin_id}`;
          const entry = perBin.get(key) ?? { itemId: t.item_id, binId: t.bin_id, quantity: 0 };
          entry.quantity += share;
          perBin.set(key, entry);
        }
        const left = t.quantity_to_pick - share;
        // legacy-difference: a picked or short task of this order alone stays, the only record of units that
        // already left their bins (the legacy deleted every task of the order)
        if (t.status !== 'PENDING' && others.length === 0) continue;
        if (others.length === 0 || (t.status === 'PENDING' && left <= 0)) {
          dropped.push(t.pick_task_id);
          continue;
        }
        // A wave task other orders still share keeps their part; when this order led it, the next contributor leads.
        const lead = t.so_id === soId ? others[0] : undefined;
        if (t.status === 'PENDING') {
          await tx.$executeRaw`
            WITH gone AS (DELETE FROM wave_pick_breakdown WHERE pick_task_id = ${t.pick_task_id} AND so_id = ${soId})
            UPDATE pick_tasks SET quantity_to_pick = ${left}, so_id = ${lead?.soId ?? t.so_id},
              so_line_id = ${lead ? Prisma.sql`${lead.soLineId}` : Prisma.sql`so_line_id`}
            WHERE pick_task_id = ${t.pick_task_id}`;
        } else if (lead) {
          // picked or short: the units are gone, the breakdown keeps what was picked for this order
          await tx.pickTask.update({ where: { pickTaskId: t.pick_task_id }, data: { soId: lead.soId, soLineId: lead.soLineId } });
        }
      }
      released = await releaseAllocation(tx, [...perBin.values()].sort((a, b) => a.itemId - b.itemId || a.binId - b.binId));
      await releaseOrderAllocation(tx, soId);
      if (dropped.length) {
        await tx.wavePickBreakdown.deleteMany({ where: { pickTaskId: { in: dropped } } });
        await tx.pickTask.deleteMany({ where: { pickTaskId: { in: dropped } } });
      }
      await tx.pickBatchOrder.deleteMany({ where: { soId } });
    }
    await tx.salesOrder.update({ where: { soId }, data: { status: 'CANCELLED' } });
    await recordEvents(tx, {
      topic: 'orders.sales_order_cancelled',
      warehouseId: so.warehouse_id,
      payload: { so_id: soId, previous_status: so.status, released: released.map((r) => ({ item_id: r.itemId, bin_id: r.binId, quantity: r.quantity })) },
    });
    return soId;
  });
}
