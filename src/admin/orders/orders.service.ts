/** Admin purchase and sales orders (spec 70 §7–§8): create with lines, update while OPEN, close, cancel. */
import type { AuthedContext } from '../../context';
import { Prisma } from '../../db';
import { withTransaction, type Tx } from '../../db/tx';
import { badRequest, notFound } from '../../errors';
import { releaseAllocation, releaseOrderAllocation } from '../../stock/allocation';
import type {
  PurchaseOrderCloseInput,
  PurchaseOrderCreateInput,
  PurchaseOrderUpdateInput,
  SalesOrderCancelInput,
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

/** An order's day field as its column takes it: a UTC midnight; null clears it, absent leaves it. */
export const dayDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(`${value}T00:00:00Z`));

/** Where a not-found order id was sent (GraphQL names). */
const PO_ID_FIELD = { field: ['input', 'poId'] };
const SO_ID_FIELD = { field: ['input', 'soId'] };

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

export async function createPurchaseOrder(ctx: AuthedContext, input: PurchaseOrderCreateInput): Promise<number> {
  const duplicate = () => badRequest(`Duplicate po_number: ${input.poNumber}`, { field: ['input', 'poNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx, journal) => {
      if (await tx.purchaseOrder.findUnique({ where: { poNumber: input.poNumber }, select: { poId: true } })) throw duplicate();
      await assertOrderReferences(tx, input.warehouseId, input.lines.map((l) => l.itemId));
      const po = await tx.purchaseOrder.create({
        data: {
          poNumber: input.poNumber,
          poBarcode: input.poBarcode ?? null,
          vendorName: input.vendorName ?? null,
          expectedDate: dayDate(input.expectedDate) ?? null,
          notes: input.notes ?? null,
          warehouseId: input.warehouseId,
          status: 'OPEN',
          createdBy: ctx.user.username,
          lines: {
            createMany: {
              data: input.lines.map((l) => ({
                itemId: l.itemId,
                quantityOrdered: l.quantityOrdered,
                unitCost: l.unitCost ?? null,
                lineNumber: l.lineNumber ?? 1, // legacy: every line without a number is line 1
              })),
            },
          },
        },
        select: { poId: true },
      });
      journal.event({
        topic: 'orders.purchase_order_created',
        warehouseId: input.warehouseId,
        payload: { po_id: po.poId, po_number: input.poNumber },
      });
      return po.poId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(); // a concurrent create won the race
    throw e;
  }
}

export async function updatePurchaseOrder(ctx: AuthedContext, input: PurchaseOrderUpdateInput): Promise<number> {
  const { poId } = input;
  const duplicate = () => badRequest(`Duplicate po_number: ${input.poNumber}`, { field: ['input', 'poNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      const [po] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM purchase_orders WHERE po_id = ${poId} FOR UPDATE`;
      if (!po) throw notFound('Purchase order not found', PO_ID_FIELD);
      if (po.status !== 'OPEN') throw badRequest(`Can only update POs with OPEN status. Current: ${po.status}`);
      const data: Prisma.PurchaseOrderUpdateInput = {};
      if (input.poNumber !== undefined) data.poNumber = input.poNumber;
      if (input.poBarcode !== undefined) data.poBarcode = input.poBarcode;
      if (input.vendorName !== undefined) data.vendorName = input.vendorName;
      if (input.expectedDate !== undefined) data.expectedDate = dayDate(input.expectedDate);
      if (input.notes !== undefined) data.notes = input.notes;
      if (Object.keys(data).length === 0) throw badRequest('No valid fields provided');
      if (input.poNumber) {
        const other = await tx.purchaseOrder.findUnique({ where: { poNumber: input.poNumber }, select: { poId: true } });
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
export async function closePurchaseOrder(ctx: AuthedContext, { poId }: PurchaseOrderCloseInput): Promise<number> {
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const rows = await tx.$queryRaw<{ warehouse_id: number }[]>`
      UPDATE purchase_orders SET status = 'CLOSED' WHERE po_id = ${poId} RETURNING warehouse_id`;
    if (rows.length === 0) throw notFound('Purchase order not found', PO_ID_FIELD);
    journal.event({ topic: 'orders.purchase_order_closed', warehouseId: rows[0].warehouse_id, payload: { po_id: poId } });
    return poId;
  });
}

// ---------------------------------------------------------------------------------------------------
// Sales orders
// ---------------------------------------------------------------------------------------------------

export async function createSalesOrder(ctx: AuthedContext, input: SalesOrderCreateInput): Promise<number> {
  const duplicate = () => badRequest(`Duplicate so_number: ${input.soNumber}`, { field: ['input', 'soNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx, journal) => {
      if (await tx.salesOrder.findUnique({ where: { soNumber: input.soNumber }, select: { soId: true } })) throw duplicate();
      await assertOrderReferences(tx, input.warehouseId, input.lines.map((l) => l.itemId));
      const so = await tx.salesOrder.create({
        data: {
          soNumber: input.soNumber,
          soBarcode: input.soBarcode ?? null,
          customerName: input.customerName ?? null,
          customerPhone: input.customerPhone ?? null,
          customerAddress: input.customerAddress ?? null,
          shipMethod: input.shipMethod ?? null,
          shipAddress: input.shipAddress ?? null,
          shipByDate: dayDate(input.shipByDate) ?? null,
          warehouseId: input.warehouseId,
          status: 'OPEN',
          priority: 0,
          orderDate: new Date(),
          createdBy: ctx.user.username,
          lines: {
            createMany: {
              data: input.lines.map((l) => ({
                itemId: l.itemId,
                quantityOrdered: l.quantityOrdered,
                lineNumber: l.lineNumber ?? 1,
              })),
            },
          },
        },
        select: { soId: true },
      });
      journal.event({
        topic: 'orders.sales_order_created',
        warehouseId: input.warehouseId,
        payload: { so_id: so.soId, so_number: input.soNumber },
      });
      return so.soId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

export async function updateSalesOrder(ctx: AuthedContext, input: SalesOrderUpdateInput): Promise<number> {
  const { soId } = input;
  const duplicate = () => badRequest(`Duplicate so_number: ${input.soNumber}`, { field: ['input', 'soNumber'] });
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      const [so] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM sales_orders WHERE so_id = ${soId} FOR UPDATE`;
      if (!so) throw notFound('Sales order not found', SO_ID_FIELD);
      if (so.status !== 'OPEN') throw badRequest(`Can only update SOs with OPEN status. Current: ${so.status}`);
      const data: Prisma.SalesOrderUpdateInput = {};
      if (input.soNumber !== undefined) data.soNumber = input.soNumber;
      if (input.soBarcode !== undefined) data.soBarcode = input.soBarcode;
      if (input.customerName !== undefined) data.customerName = input.customerName;
      if (input.customerPhone !== undefined) data.customerPhone = input.customerPhone;
      if (input.customerAddress !== undefined) data.customerAddress = input.customerAddress;
      if (input.shipMethod !== undefined) data.shipMethod = input.shipMethod;
      if (input.shipAddress !== undefined) data.shipAddress = input.shipAddress;
      if (input.shipByDate !== undefined) data.shipByDate = dayDate(input.shipByDate);
      if (input.priority !== undefined) data.priority = input.priority;
      if (Object.keys(data).length === 0) throw badRequest('No valid fields provided');
      if (input.soNumber) {
        const other = await tx.salesOrder.findUnique({ where: { soNumber: input.soNumber }, select: { soId: true } });
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
export async function cancelSalesOrder(ctx: AuthedContext, { soId }: SalesOrderCancelInput): Promise<number> {
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const [so] = await tx.$queryRaw<{ status: string; warehouse_id: number }[]>`
      SELECT status, warehouse_id FROM sales_orders WHERE so_id = ${soId} FOR UPDATE`;
    if (!so) throw notFound('Sales order not found', SO_ID_FIELD);
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
    journal.event({
      topic: 'orders.sales_order_cancelled',
      warehouseId: so.warehouse_id,
      payload: { so_id: soId, previous_status: so.status, released: released.map((r) => ({ item_id: r.itemId, bin_id: r.binId, quantity: r.quantity })) },
    });
    return soId;
  });
}
