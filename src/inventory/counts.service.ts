/** Cycle counts: snapshot, (blind) count sheet, submission into pending adjustments (spec 50 §1–§4). */
import type { AuthedContext } from '../context';
import { assertWarehouseAccess, canAccessWarehouse } from '../auth/scope';
import { withTransaction } from '../db/tx';
import { badRequest, notFound } from '../errors';
import { isCountShowExpected } from '../settings/settings.service';
import { markCounted } from '../stock/stock';
import { lockCycleCount } from './inventory.repo';
import type { CycleCountCreateInput, CycleCountSubmitInput } from './inventory.inputs';

const SUBMITTABLE = new Set(['PENDING', 'IN_PROGRESS']);

export async function createCounts(ctx: AuthedContext, input: CycleCountCreateInput) {
  assertWarehouseAccess(ctx.user, input.warehouseId);
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const warehouse = await tx.warehouse.findUnique({ where: { warehouseId: input.warehouseId } });
    if (!warehouse) throw notFound('Warehouse not found', { field: ['input', 'warehouseId'] });
    // Every bin is checked before anything is created.
    const ids = [...new Set(input.binIds)];
    const bins = await tx.bin.findMany({ where: { binId: { in: ids }, warehouseId: input.warehouseId } });
    const binById = new Map(bins.map((b) => [b.binId, b]));
    input.binIds.forEach((id, i) => {
      if (!binById.has(id)) throw notFound(`Bin ${id} not found in warehouse ${input.warehouseId}`, { field: ['input', 'binIds', i] });
    });
    // Duplicated bin ids create duplicate counts, as the legacy server did.
    const counts = [];
    for (const binId of input.binIds) {
      const bin = binById.get(binId)!;
      const count = await tx.cycleCount.create({
        data: { warehouseId: input.warehouseId, binId, status: 'PENDING', assignedTo: ctx.user.username },
      });
      // One snapshot line per stocked inventory row (two lots of one item are two lines); allocation ignored.
      const stock = await tx.inventory.findMany({
        where: { binId, quantityOnHand: { gt: 0 } },
        orderBy: { inventoryId: 'asc' },
      });
      await tx.cycleCountLine.createMany({
        data: stock.map((s) => ({ countId: count.countId, itemId: s.itemId, expectedQuantity: s.quantityOnHand })),
      });
      counts.push({
        countId: count.countId,
        binId,
        binCode: bin.binCode,
        status: count.status,
        lines: stock.length,
        assignedTo: ctx.user.username,
      });
    }
    journal.event({
      topic: 'inventory.count_created',
      warehouseId: input.warehouseId,
      payload: { count_ids: counts.map((c) => c.countId), bin_ids: input.binIds },
    });
    return { message: 'Cycle counts created', counts };
  });
}

/** The count sheet; null when there is no such count in the caller's warehouses. */
export async function getCount(ctx: AuthedContext, countId: number) {
  const db = ctx.app.prisma;
  const count = await db.cycleCount.findUnique({ where: { countId }, include: { bin: true } });
  if (!count || !canAccessWarehouse(ctx.user, count.warehouseId)) return null;
  const showExpected = await isCountShowExpected(db);
  // legacy-difference: the legacy server returned expected quantities even for blind counts; a counter
  // (non-admin) does not receive them when count_show_expected is "false". Admins see them.
  const reveal = showExpected || ctx.user.isAdmin;
  const lines = await db.cycleCountLine.findMany({
    where: { countId },
    include: { item: true },
    orderBy: { countLineId: 'asc' },
  });
  return {
    cycleCount: {
      countId: count.countId,
      binId: count.binId,
      binCode: count.bin.binCode,
      binBarcode: count.bin.binBarcode,
      warehouseId: count.warehouseId,
      status: count.status,
      assignedTo: count.assignedTo,
      createdAt: count.createdAt,
    },
    showExpected,
    lines: lines.map((l) => ({
      countLineId: l.countLineId,
      itemId: l.itemId,
      sku: l.item.sku,
      itemName: l.item.itemName,
      upc: l.item.upc,
      expectedQuantity: reveal ? l.expectedQuantity : null,
      countedQuantity: l.countedQuantity,
      variance: reveal && l.countedQuantity !== null ? l.countedQuantity - l.expectedQuantity : null,
      scanned: l.scanned,
      unexpected: l.unexpected,
    })),
  };
}

interface SummaryEntry {
  sku: string;
  expected: number;
  counted: number;
  variance: number;
  adjustmentId: number;
  unexpected: boolean | null;
}

export async function submitCount(ctx: AuthedContext, input: CycleCountSubmitInput) {
  const username = ctx.user.username;
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    // The count row lock makes a second, concurrent submission see the final status and stop.
    if (!(await lockCycleCount(tx, input.countId))) throw notFound('Cycle count not found', { field: ['input', 'countId'] });
    const count = await tx.cycleCount.findUniqueOrThrow({ where: { countId: input.countId }, include: { bin: true } });
    assertWarehouseAccess(ctx.user, count.warehouseId);
    if (!SUBMITTABLE.has(count.status)) throw badRequest(`Cycle count status is ${count.status}, cannot submit`);

    const snapshot = await tx.cycleCountLine.findMany({ where: { countId: count.countId }, include: { item: true } });
    const lineById = new Map(snapshot.map((l) => [l.countLineId, l]));
    const now = new Date();
    const adjustments: SummaryEntry[] = [];
    let matched = 0;

    const pendingAdjustment = (itemId: number, change: number, detail: string) =>
      tx.inventoryAdjustment.create({
        data: {
          itemId,
          binId: count.binId,
          warehouseId: count.warehouseId,
          quantityChange: change,
          reasonCode: 'CYCLE_COUNT',
          reasonDetail: detail,
          status: 'PENDING',
          adjustedBy: username,
          cycleCountId: count.countId,
        },
      });

    for (const [i, entry] of input.lines.entries()) {
      const counted = entry.countedQuantity;
      const lineField = (name: string) => ({ field: ['input', 'lines', i, name] });
      if (entry.unexpected) {
        if (entry.itemId === undefined || entry.itemId === null) throw badRequest('item_id required for unexpected lines', lineField('itemId'));
        // legacy-difference: an unknown item id was a 500 (foreign key); it is a 404 now.
        const item = await tx.item.findUnique({ where: { itemId: entry.itemId } });
        if (!item) throw notFound('Item not found', lineField('itemId'));
        await tx.cycleCountLine.create({
          data: {
            countId: count.countId,
            itemId: item.itemId,
            expectedQuantity: 0,
            countedQuantity: counted,
            scanned: true,
            unexpected: true,
            countedBy: username,
            countedAt: now,
          },
        });
        // Always a variance, even when counted is 0 (legacy).
        const adj = await pendingAdjustment(item.itemId, counted, `Cycle count unexpected item: counted ${counted} (not in snapshot)`);
        adjustments.push({
          sku: entry.sku ?? 'UNKNOWN',
          expected: 0,
          counted,
          variance: counted,
          adjustmentId: adj.adjustmentId,
          unexpected: true,
        });
        continue;
      }
      const lineId = entry.countLineId ?? null;
      const line = lineId === null ? undefined : lineById.get(lineId);
      if (!line) throw badRequest(`Count line ${lineId ?? 'None'} not found on this cycle count`, lineField('countLineId'));
      await tx.cycleCountLine.update({
        where: { countLineId: line.countLineId },
        data: { countedQuantity: counted, countedBy: username, countedAt: now, scanned: true },
      });
      const variance = counted - line.expectedQuantity;
      if (variance !== 0) {
        const adj = await pendingAdjustment(
          line.itemId,
          variance,
          `Cycle count variance: expected ${line.expectedQuantity}, counted ${counted}`,
        );
        adjustments.push({
          sku: line.item.sku,
          expected: line.expectedQuantity,
          counted,
          variance,
          adjustmentId: adj.adjustmentId,
          unexpected: null,
        });
      } else {
        matched += 1;
      }
      await markCounted(tx, line.itemId, count.binId, now);
    }

    const status = adjustments.length > 0 ? 'VARIANCE' : 'COMPLETED';
    await tx.cycleCount.update({ where: { countId: count.countId }, data: { status, completedAt: now } });
    journal.audit({
      actionType: 'COUNT',
      entityType: 'BIN',
      entityId: count.binId,
      userId: username,
      warehouseId: count.warehouseId,
      details: {
        count_id: count.countId,
        bin_code: count.bin.binCode,
        lines_with_variance: adjustments.length,
        lines_matched: matched,
      },
    });
    journal.event({
      topic: 'inventory.counted',
      warehouseId: count.warehouseId,
      payload: { count_id: count.countId, status, adjustment_ids: adjustments.map((a) => a.adjustmentId) },
    });
    return {
      message: 'Cycle count submitted',
      countId: count.countId,
      binCode: count.bin.binCode,
      status,
      summary: {
        totalLines: input.lines.length,
        linesWithVariance: adjustments.length,
        linesMatched: matched,
        adjustments,
      },
    };
  });
}

/** Admin: latest 200 counts of every warehouse, lines by SKU. */
export async function listCounts(ctx: AuthedContext) {
  const counts = await ctx.app.prisma.cycleCount.findMany({
    orderBy: [{ createdAt: 'desc' }, { countId: 'desc' }],
    take: 200,
    include: { bin: true, lines: { include: { item: true } } },
  });
  return counts.map((c) => ({
    countId: c.countId,
    warehouseId: c.warehouseId,
    binCode: c.bin.binCode,
    status: c.status,
    assignedTo: c.assignedTo,
    createdAt: c.createdAt,
    completedAt: c.completedAt,
    lines: [...c.lines]
      .sort((a, b) => (a.item.sku < b.item.sku ? -1 : a.item.sku > b.item.sku ? 1 : a.countLineId - b.countLineId))
      .map((l) => ({
        countLineId: l.countLineId,
        sku: l.item.sku,
        itemName: l.item.itemName,
        expectedQuantity: l.expectedQuantity,
        countedQuantity: l.countedQuantity,
        unexpected: l.unexpected,
        variance: l.countedQuantity === null ? null : l.countedQuantity - l.expectedQuantity,
      })),
  }));
}
