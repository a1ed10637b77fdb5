import type { AuthedContext, CurrentUser } from '../context';
import { Prisma, type PrismaClient } from '../db';
import { withSqlTransaction, withTransaction } from '../db/tx';
import { assertWarehouseAccess, canAccessWarehouse, scopedWarehouseIds } from '../auth/scope';
import { badRequest, notFound } from '../errors';
import { addStock, addStockCtes, lockMoveSource, stockPositionOrder, takeFromRow, takeFromRowStatement } from '../stock/stock';
import type { PreferredBinUpdateInput, PutawayConfirmInput } from './putaway.inputs';

export interface BinSuggestion {
  binId: number;
  binCode: string;
  binBarcode: string;
  zoneName: string;
  priority: number;
}

/**
 * Where each item should go (spec 20 §5): its preferred bin with the lowest priority number, else its
 * default bin (reported as priority 1); only bins the user may see. Bin type and capacity are ignored.
 */
async function suggestionsFor(db: PrismaClient, user: CurrentUser, itemIds: number[]): Promise<Map<number, BinSuggestion>> {
  const scope = scopedWarehouseIds(user);
  const binScope = scope ? { warehouseId: { in: scope } } : {};
  const out = new Map<number, BinSuggestion>();
  if (itemIds.length === 0) return out;
  const preferred = await db.preferredBin.findMany({
    where: { itemId: { in: itemIds }, bin: binScope },
    orderBy: [{ priority: 'asc' }, { preferredBinId: 'asc' }],
    include: { bin: { include: { zone: true } } },
  });
  for (const p of preferred) {
    if (out.has(p.itemId)) continue;
    out.set(p.itemId, { binId: p.binId, binCode: p.bin.binCode, binBarcode: p.bin.binBarcode, zoneName: p.bin.zone.zoneName, priority: p.priority });
  }
  const missing = itemIds.filter((id) => !out.has(id));
  if (missing.length) {
    const items = await db.item.findMany({
      where: { itemId: { in: missing }, defaultBin: { is: binScope } },
      include: { defaultBin: { include: { zone: true } } },
    });
    for (const it of items) {
      const b = it.defaultBin;
      if (b) out.set(it.itemId, { binId: b.binId, binCode: b.binCode, binBarcode: b.binBarcode, zoneName: b.zone.zoneName, priority: 1 });
    }
  }
  return out;
}

export interface PendingPutawayItem {
  inventoryId: number;
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  quantity: number;
  binId: number;
  binCode: string;
  lotNumber: string | null;
  suggestedBinCode: string | null;
  defaultBinCode: string | null;
}

/** GET /putaway/pending/{warehouse_id}: stock on hand in Staging bins of the warehouse. */
export async function pendingPutaway(ctx: AuthedContext, warehouseId: number): Promise<PendingPutawayItem[]> {
  assertWarehouseAccess(ctx.user, warehouseId);
  const db = ctx.app.prisma;
  const rows = await db.inventory.findMany({
    where: { warehouseId, quantityOnHand: { gt: 0 }, bin: { binType: 'Staging' } },
    orderBy: { inventoryId: 'asc' },
    include: { item: { include: { defaultBin: true } }, bin: true },
  });
  const suggestions = await suggestionsFor(db, ctx.user, [...new Set(rows.map((r) => r.itemId))]);
  return rows.map((r) => ({
    inventoryId: r.inventoryId,
    itemId: r.itemId,
    sku: r.item.sku,
    itemName: r.item.itemName,
    upc: r.item.upc,
    quantity: r.quantityOnHand,
    binId: r.binId,
    binCode: r.bin.binCode,
    lotNumber: r.lotNumber,
    suggestedBinCode: suggestions.get(r.itemId)?.binCode ?? null,
    defaultBinCode: r.item.defaultBin?.binCode ?? null,
  }));
}

export interface PutawaySuggestion {
  itemId: number;
  sku: string;
  itemName: string;
  preferredBin: BinSuggestion | null;
}

/** GET /putaway/suggest/{item_id}; null when there is no such item. Items are not scoped; the suggested bin is. */
export async function suggest(ctx: AuthedContext, itemId: number): Promise<PutawaySuggestion | null> {
  const db = ctx.app.prisma;
  const item = await db.item.findUnique({ where: { itemId } });
  if (!item) return null;
  const suggestion = (await suggestionsFor(db, ctx.user, [itemId])).get(itemId) ?? null;
  return { itemId: item.itemId, sku: item.sku, itemName: item.itemName, preferredBin: suggestion };
}

export interface PutawayConfirmResult {
  message: string;
  transferId: number;
  item: string;
  fromBin: string;
  toBin: string;
  quantity: number;
}

/** POST /putaway/confirm: moves on-hand stock from a (staging) bin to another bin of the same warehouse. */
export async function confirm(ctx: AuthedContext, input: PutawayConfirmInput): Promise<PutawayConfirmResult> {
  const user = ctx.user;
  const lot = input.lotNumber ?? null;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    // The item and both bins in one statement, which also takes the two stock positions' locks (lockStockPositions'
    // order; harmless when a check below refuses). They are checked below in the legacy order (item, source,
    // destination). The source row is read in the next statement: after the locks, so it sees a row a
    // concurrent holder of the position inserted.
    const positions = stockPositionOrder([
      { itemId: input.itemId, binId: input.fromBinId },
      { itemId: input.itemId, binId: input.toBinId },
    ]);
    const [found] = await tx.$queryRaw<
      {
        item_id: number | null; sku: string | null;
        from_id: number | null; from_wh: number | null; from_code: string | null;
        to_id: number | null; to_wh: number | null; to_code: string | null;
      }[]
    >`
      SELECT i.item_id, i.sku, f.bin_id AS from_id, f.warehouse_id AS from_wh, f.bin_code AS from_code,
             t.bin_id AS to_id, t.warehouse_id AS to_wh, t.bin_code AS to_code
      FROM (SELECT count(*) FROM (
              SELECT pg_advisory_xact_lock(p.item_id, p.bin_id)
              FROM unnest(${positions.map((p) => p.itemId)}::int[], ${positions.map((p) => p.binId)}::int[]) WITH ORDINALITY AS p(item_id, bin_id, n)) l
           ) AS locked
        LEFT JOIN items i ON i.item_id = ${input.itemId}
        LEFT JOIN bins f ON f.bin_id = ${input.fromBinId}
        LEFT JOIN bins t ON t.bin_id = ${input.toBinId}`;
    if (found.item_id === null) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const item = { itemId: found.item_id, sku: found.sku! };
    if (found.from_id === null) throw notFound('Source bin not found', { field: ['input', 'fromBinId'] });
    const from = { binId: found.from_id, warehouseId: found.from_wh!, binCode: found.from_code! };
    // a destination in a warehouse the caller cannot see reads as an unknown bin (legacy: the cross-warehouse 400)
    if (found.to_id === null || (found.to_wh !== from.warehouseId && !canAccessWarehouse(user, found.to_wh))) {
      throw notFound('Destination bin not found', { field: ['input', 'toBinId'] });
    }
    const to = { binId: found.to_id, warehouseId: found.to_wh!, binCode: found.to_code! };
    assertWarehouseAccess(user, from.warehouseId);
    // legacy-difference: a cross-warehouse put-away succeeded and left stock whose warehouse_id
    // differed from its bin's (and let users put stock into warehouses they cannot access).
    if (to.warehouseId !== from.warehouseId) {
      throw badRequest('Cross-warehouse put-away is not allowed. Use the admin inter-warehouse transfer.', { field: ['input', 'toBinId'] });
    }

    const source = await lockMoveSource(tx, item.itemId, from.binId, to.binId, lot);
    if (!source || source.quantityOnHand < input.quantity) {
      throw badRequest(`Insufficient inventory in source bin. Available: ${source?.quantityOnHand ?? 0}`, { field: ['input', 'quantity'] });
    }
    // legacy-difference: allocated stock could be moved away (on-hand below allocated); refused here.
    const free = source.quantityOnHand - source.quantityAllocated;
    if (free < input.quantity) throw badRequest(`Insufficient inventory in source bin. Available: ${free}`, { field: ['input', 'quantity'] });

    const transferSql = Prisma.sql`
      INSERT INTO bin_transfers (item_id, from_bin_id, to_bin_id, warehouse_id, quantity, transfer_type, lot_number, reason, transferred_by, transferred_at)
      VALUES (${item.itemId}, ${from.binId}, ${to.binId}, ${from.warehouseId}, ${input.quantity}, 'PUTAWAY', ${lot}::varchar, NULL, ${user.username}, ${new Date()}::timestamptz)
      RETURNING transfer_id AS "transferId"`;
    const destination = { itemId: item.itemId, binId: to.binId, lotNumber: lot, warehouseId: from.warehouseId, quantity: input.quantity };
    let transfer: { transferId: number };
    if (from.binId !== to.binId) {
      // Two different rows: the source change, the destination's stock (addStock's rules) and the transfer row
      // in one statement, in that order.
      const [row] = await tx.$queryRaw<{ transferId: number; taken: number }[]>`
        WITH src AS (${takeFromRowStatement(source, input.quantity)} RETURNING 1), ${addStockCtes(destination)},
        t AS (${transferSql})
        SELECT "transferId", (SELECT count(*)::int FROM src) AS taken FROM t`;
      if (row.taken !== 1) throw new Error(`stock of inventory row ${source.inventoryId} changed under its lock`);
      transfer = { transferId: row.transferId };
    } else {
      // Same bin (the source row may be the destination row): one statement after the other.
      await takeFromRow(tx, source, input.quantity);
      await addStock(tx, destination);
      [transfer] = await tx.$queryRaw<{ transferId: number }[]>`${transferSql}`;
    }
    journal.event({
      topic: 'putaway.confirmed',
      warehouseId: from.warehouseId,
      payload: { item_id: item.itemId, from_bin_id: from.binId, to_bin_id: to.binId, quantity: input.quantity, transfer_id: transfer.transferId },
    });
    journal.audit({
      actionType: 'PUTAWAY',
      entityType: 'ITEM',
      entityId: item.itemId,
      userId: user.username,
      warehouseId: from.warehouseId,
      details: {
        from_bin_id: from.binId,
        from_bin_code: from.binCode,
        to_bin_id: to.binId,
        to_bin_code: to.binCode,
        quantity: input.quantity,
        transfer_id: transfer.transferId,
      },
    });
    return {
      message: 'Put-away confirmed',
      transferId: transfer.transferId,
      item: item.sku,
      fromBin: from.binCode,
      toBin: to.binCode,
      quantity: input.quantity,
    };
  });
}

export interface PreferredBinResult {
  message: string;
  itemId: number;
  binId: number;
  binCode: string;
}

/** POST /putaway/update-preferred: makes a bin the item's primary (priority 1) and default bin. */
export async function updatePreferred(ctx: AuthedContext, input: PreferredBinUpdateInput): Promise<PreferredBinResult> {
  const user = ctx.user;
  const setAsPrimary = input.setAsPrimary;
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    // The item row lock serialises concurrent preferred-bin changes of one item.
    const [item] = await tx.$queryRaw<{ item_id: number; sku: string }[]>`
      SELECT item_id, sku FROM items WHERE item_id = ${input.itemId} FOR UPDATE`;
    if (!item) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const bin = await tx.bin.findUnique({ where: { binId: input.binId } });
    if (!bin) throw notFound('Bin not found', { field: ['input', 'binId'] });
    assertWarehouseAccess(user, bin.warehouseId);

    // Priorities are ranked per warehouse: a put-away in one warehouse never reorders (or names) another's bins.
    const sameWarehouse = { itemId: item.item_id, bin: { warehouseId: bin.warehouseId } };
    const previous = await tx.preferredBin.findFirst({
      where: { ...sameWarehouse, priority: 1 },
      orderBy: { preferredBinId: 'asc' },
      include: { bin: { select: { binCode: true } } },
    });
    if (setAsPrimary) {
      const now = new Date();
      await tx.preferredBin.updateMany({ where: sameWarehouse, data: { priority: { increment: 1 }, updatedAt: now } });
      await tx.preferredBin.upsert({
        where: { itemId_binId: { itemId: item.item_id, binId: bin.binId } },
        update: { priority: 1, updatedAt: now },
        create: { itemId: item.item_id, binId: bin.binId, priority: 1, notes: 'Set via put-away' },
      });
      await tx.item.update({ where: { itemId: item.item_id }, data: { defaultBinId: bin.binId, updatedAt: now } });
    }
    journal.audit({
      actionType: 'PREFERRED_BIN_UPDATE',
      entityType: 'ITEM',
      entityId: item.item_id,
      userId: user.username,
      warehouseId: bin.warehouseId,
      details: { sku: item.sku, old_bin: previous?.bin.binCode ?? null, new_bin: bin.binCode, set_as_primary: setAsPrimary },
    });
    if (setAsPrimary) {
      journal.event({
        topic: 'putaway.preferred_bin_set',
        warehouseId: bin.warehouseId,
        payload: { item_id: item.item_id, bin_id: bin.binId, previous_bin: previous?.bin.binCode ?? null },
      });
    }
    return {
      message: `Preferred bin for ${item.sku} ${previous ? 'changed to' : 'set to'} ${bin.binCode}`,
      itemId: item.item_id,
      binId: bin.binId,
      binCode: bin.binCode,
    };
  });
}
