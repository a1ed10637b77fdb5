/** Inventory adjustments: pending review, approval/rejection, direct add/remove, history (spec 50 §5–§8). */
import type { AuthedContext } from '../context';
import { Prisma } from '../db';
import { withTransaction } from '../db/tx';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { isCountApprovalSeparated } from '../settings/settings.service';
import type { AdjustmentReviewInput, DirectAdjustmentInput } from './inventory.inputs';
import { lockAdjustments, type LockedAdjustment } from './inventory.repo';
import { addStock, freeQuantity, lockPositionRows, lockStockPositions, lockStockRows, takeStock, type StockRow } from '../stock/stock';

type AdjustmentWithRefs = Prisma.InventoryAdjustmentGetPayload<{ include: { item: true; bin: true } }>;

/** The adjustment as the admin screens read it (documented keys plus the ones the legacy panel reads). */
function adjustmentView(a: AdjustmentWithRefs, usernames: Map<string, string> = new Map()) {
  return {
    adjustmentId: a.adjustmentId,
    itemId: a.itemId,
    sku: a.item.sku,
    itemName: a.item.itemName,
    binId: a.binId,
    binCode: a.bin.binCode,
    warehouseId: a.warehouseId,
    quantityChange: a.quantityChange,
    reasonCode: a.reasonCode,
    reasonDetail: a.reasonDetail,
    status: a.status,
    adjustedBy: a.adjustedBy,
    adjustedAt: a.adjustedAt,
    cycleCountId: a.cycleCountId,
    adjustmentType: a.quantityChange < 0 ? 'REMOVE' : 'ADD',
    quantity: Math.abs(a.quantityChange),
    username: (a.adjustedBy && usernames.get(a.adjustedBy)) ?? a.adjustedBy,
  };
}

/** The Prisma query of an adjustment row as `adjustmentViews` reads it. */
export const ADJUSTMENT_ROW = { include: { item: true, bin: true } } as const;

/** Adjustment rows (queried with ADJUSTMENT_ROW) as the admin screens read them. */
export async function adjustmentViews(ctx: AuthedContext, rows: AdjustmentWithRefs[]) {
  // Direct adjustments store the numeric user id as text; the panel shows a username.
  const ids = [...new Set(rows.filter((r) => r.reasonCode === 'DIRECT_ADJUSTMENT' && /^\d{1,9}$/.test(r.adjustedBy ?? '')).map((r) => Number(r.adjustedBy)))];
  const users = ids.length ? await ctx.app.prisma.user.findMany({ where: { userId: { in: ids } }, select: { userId: true, username: true } }) : [];
  const usernames = new Map(users.map((u) => [String(u.userId), u.username]));
  return rows.map((a) => adjustmentView(a, usernames));
}

export type AdjustmentView = ReturnType<typeof adjustmentView>;

export interface AdjustmentFilter {
  warehouseId?: number | null;
  status?: string[] | null;
  cycleCountId?: number | null;
}

export const adjustmentWhere = (f: AdjustmentFilter): Prisma.InventoryAdjustmentWhereInput => ({
  ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}),
  ...(f.status ? { status: { in: f.status } } : {}),
  ...(f.cycleCountId ? { cycleCountId: f.cycleCountId } : {}),
});

/** The row that receives added stock: the no-lot row when there is one. */
const targetLot = (rows: StockRow[]) => (rows.find((r) => r.lotNumber === null) ?? rows[0])?.lotNumber ?? null;
/** Removals take the no-lot row first, then lots in id order. */
const removalOrder = (rows: StockRow[]) => [...rows.filter((r) => r.lotNumber === null), ...rows.filter((r) => r.lotNumber !== null)];

export async function reviewAdjustments(ctx: AuthedContext, input: AdjustmentReviewInput) {
  const username = ctx.user.username;
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const separated = await isCountApprovalSeparated(tx);
    // Lock every adjustment of the request in id order: a concurrent review waits, then sees the new status
    // and skips it, so an adjustment is never applied twice.
    const ids = [...new Set(input.decisions.map((d) => d.adjustmentId))].sort((a, b) => a - b);
    const locked = await lockAdjustments(tx, ids);
    const byId = new Map(locked.map((a) => [a.adjustmentId, a]));
    const approvals = input.decisions
      .filter((d) => d.action === 'approve')
      .map((d) => byId.get(d.adjustmentId))
      .filter((a): a is LockedAdjustment => a?.status === 'PENDING');
    const positions = approvals.map((a) => ({ itemId: a.itemId, binId: a.binId }));
    await lockStockPositions(tx, positions);
    // every row the approvals change, locked in id order before the first change (allocation's order)
    if (positions.length > 1) await lockPositionRows(tx, positions);

    let approved = 0;
    let rejected = 0;
    const touched = new Map<number, { approved: number[]; rejected: number[] }>();
    const touch = (a: LockedAdjustment) => {
      const t = touched.get(a.warehouseId) ?? { approved: [], rejected: [] };
      touched.set(a.warehouseId, t);
      return t;
    };

    for (const [i, d] of input.decisions.entries()) {
      const adj = byId.get(d.adjustmentId);
      if (!adj || adj.status !== 'PENDING') continue; // missing, already reviewed, or repeated: skipped
      const selfApproval = adj.cycleCountId !== null && adj.adjustedBy === username;
      if (d.action === 'approve' && selfApproval && separated) throw forbidden('Cannot approve your own cycle count');
      // Claim the adjustment with a conditional update: whatever happened before, it leaves PENDING once.
      const claimed = await tx.inventoryAdjustment.updateMany({
        where: { adjustmentId: adj.adjustmentId, status: 'PENDING' },
        data: { status: d.action === 'approve' ? 'APPROVED' : 'REJECTED' },
      });
      if (claimed.count !== 1) continue;
      if (d.action === 'reject') {
        adj.status = 'REJECTED';
        rejected += 1;
        touch(adj).rejected.push(adj.adjustmentId);
        continue;
      }

      // The recorded delta is applied to current stock, never below zero nor below what is allocated.
      const rows = await lockStockRows(tx, adj.itemId, adj.binId);
      if (adj.quantityChange > 0) {
        await addStock(tx, {
          itemId: adj.itemId,
          binId: adj.binId,
          warehouseId: adj.warehouseId,
          lotNumber: targetLot(rows),
          quantity: adj.quantityChange,
        });
      } else if (adj.quantityChange < 0) {
        const need = -adj.quantityChange;
        const free = freeQuantity(rows);
        // legacy-difference: the legacy server clamped at 0 (or failed on allocated stock); stock that moved
        // since the count makes the variance stale, so the review is refused and nothing is applied.
        if (free < need) {
          throw conflict(`Insufficient inventory to apply adjustment ${adj.adjustmentId}. Available: ${free}`, {
            field: ['input', 'decisions', i, 'adjustmentId'],
          });
        }
        await takeStock(tx, removalOrder(rows), need, { deleteEmpty: false });
      }
      adj.status = 'APPROVED';
      approved += 1;
      touch(adj).approved.push(adj.adjustmentId);
      if (selfApproval) {
        journal.audit({
          actionType: 'SELF_APPROVED_COUNT',
          entityType: 'ADJUSTMENT',
          entityId: adj.adjustmentId,
          userId: username,
          warehouseId: adj.warehouseId,
          details: { cycle_count_id: adj.cycleCountId, quantity_change: adj.quantityChange },
        });
      }
    }
    journal.event(
      ...[...touched].map(([warehouseId, t]) => ({
        topic: 'inventory.adjusted',
        warehouseId,
        payload: { approved_adjustment_ids: t.approved, rejected_adjustment_ids: t.rejected },
      })),
    );
    return { approved, rejected };
  });
}

export async function directAdjustment(ctx: AuthedContext, input: DirectAdjustmentInput) {
  const userIdText = String(ctx.user.userId);
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const item = await tx.item.findUnique({ where: { itemId: input.itemId } });
    if (!item) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const bin = await tx.bin.findFirst({ where: { binId: input.binId, warehouseId: input.warehouseId } });
    if (!bin) throw notFound('Bin not found in the specified warehouse', { field: ['input', 'binId'] });

    await lockStockPositions(tx, [{ itemId: item.itemId, binId: bin.binId }]);
    const rows = await lockStockRows(tx, item.itemId, bin.binId);
    const isAdd = input.adjustmentType === 'ADD';
    if (isAdd) {
      await addStock(tx, { itemId: item.itemId, binId: bin.binId, warehouseId: input.warehouseId, lotNumber: null, quantity: input.quantity });
    } else {
      // legacy-difference: allocated units were removable (then the allocation check failed with a 500);
      // only free units can be removed now.
      const free = freeQuantity(rows);
      if (free < input.quantity) throw badRequest(`Insufficient inventory. Available: ${free}`, { field: ['input', 'quantity'] });
      await takeStock(tx, removalOrder(rows), input.quantity, { deleteEmpty: true });
    }
    const change = isAdd ? input.quantity : -input.quantity;
    const adj = await tx.inventoryAdjustment.create({
      data: {
        itemId: item.itemId,
        binId: bin.binId,
        warehouseId: input.warehouseId,
        quantityChange: change,
        reasonCode: 'DIRECT_ADJUSTMENT',
        reasonDetail: input.reason,
        status: 'APPROVED',
        adjustedBy: userIdText,
      },
    });
    journal.audit({
      actionType: 'ADJUST',
      entityType: 'ITEM',
      entityId: item.itemId,
      userId: ctx.user.username,
      warehouseId: input.warehouseId,
      details: {
        adjustment_id: adj.adjustmentId,
        adjustment_type: input.adjustmentType,
        bin_id: bin.binId,
        quantity: input.quantity,
        reason: input.reason,
      },
    });
    journal.event({
      topic: 'inventory.adjusted',
      warehouseId: input.warehouseId,
      payload: { adjustment_id: adj.adjustmentId, item_id: item.itemId, bin_id: bin.binId, quantity_change: change },
    });
    return {
      adjustmentId: adj.adjustmentId,
      itemId: item.itemId,
      sku: item.sku,
      binId: bin.binId,
      binCode: bin.binCode,
      warehouseId: input.warehouseId,
      adjustmentType: input.adjustmentType,
      quantityChange: change,
      reason: input.reason,
      status: adj.status,
      adjustedAt: adj.adjustedAt,
    };
  });
}
