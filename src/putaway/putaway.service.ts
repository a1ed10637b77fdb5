import type { AuthedContext, CurrentUser } from '../context';
import type { PrismaClient } from '../db';
import { withSqlTransaction, withTransaction } from '../db/tx';
import { assertWarehouseAccess, canAccessWarehouse, scopedWarehouseIds } from '../auth/scope';
import { badRequest, notFound } from '../errors';
import { lockMoveSource, type StockRow } from '../stock/stock';
import { lockItem, lockPutawayParties, putawayChanges } from './putaway.repo';
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

/** POST /putaway/confirm: moves on-hand stock from a (staging) bin to another bin of the same warehouse. Two round trips. */
export async function confirm(ctx: AuthedContext, input: PutawayConfirmInput): Promise<PutawayConfirmResult> {
  const user = ctx.user;
  const lot = input.lotNumber ?? null;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    // The item and both bins, with both stock positions and their rows locked (the source row read) and the transfer's
    // id; checked below in the legacy order (item, source, destination).
    const found = await lockPutawayParties(tx, input.itemId, input.fromBinId, input.toBinId, lot);
    if (found.itemId === null) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const item = { itemId: found.itemId, sku: found.sku! };
    if (found.fromId === null) throw notFound('Source bin not found', { field: ['input', 'fromBinId'] });
    const from = { binId: found.fromId, warehouseId: found.fromWarehouseId!, binCode: found.fromCode! };
    // a destination in a warehouse the caller cannot see reads as an unknown bin (legacy: the cross-warehouse 400)
    if (found.toId === null || (found.toWarehouseId !== from.warehouseId && !canAccessWarehouse(user, found.toWarehouseId))) {
      throw notFound('Destination bin not found', { field: ['input', 'toBinId'] });
    }
    const to = { binId: found.toId, warehouseId: found.toWarehouseId!, binCode: found.toCode! };
    assertWarehouseAccess(user, from.warehouseId);
    // legacy-difference: a cross-warehouse put-away succeeded and left stock whose warehouse_id
    // differed from its bin's (and let users put stock into warehouses they cannot access).
    if (to.warehouseId !== from.warehouseId) {
      throw badRequest('Cross-warehouse put-away is not allowed. Use the admin inter-warehouse transfer.', { field: ['input', 'toBinId'] });
    }

    // Not enough in the source row as the first statement saw it: read it again in a statement of its own (whose
    // snapshot sees a row a concurrent holder of the position inserted) before refusing.
    const enough = (row: StockRow | null) => !!row && row.quantityOnHand - row.quantityAllocated >= input.quantity;
    const source = enough(found.source) ? found.source : await lockMoveSource(tx, item.itemId, from.binId, to.binId, lot);
    if (!source || source.quantityOnHand < input.quantity) {
      throw badRequest(`Insufficient inventory in source bin. Available: ${source?.quantityOnHand ?? 0}`, { field: ['input', 'quantity'] });
    }
    // legacy-difference: allocated stock could be moved away (on-hand below allocated); refused here.
    const free = source.quantityOnHand - source.quantityAllocated;
    if (free < input.quantity) throw badRequest(`Insufficient inventory in source bin. Available: ${free}`, { field: ['input', 'quantity'] });

    const move = { itemId: item.itemId, toBinId: to.binId, warehouseId: from.warehouseId, lotNumber: lot, quantity: input.quantity, transferredBy: user.username };
    // the move and the transfer row go into the last statement, with the outbox and audit rows
    const transferId = found.transferId!;
    for (const change of putawayChanges(source, move, transferId)) journal.change(change);
    journal.event({
      topic: 'putaway.confirmed',
      warehouseId: from.warehouseId,
      payload: { item_id: item.itemId, from_bin_id: from.binId, to_bin_id: to.binId, quantity: input.quantity, transfer_id: transferId },
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
        transfer_id: transferId,
      },
    });
    return {
      message: 'Put-away confirmed',
      transferId,
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
    const item = await lockItem(tx, input.itemId);
    if (!item) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const bin = await tx.bin.findUnique({ where: { binId: input.binId } });
    if (!bin) throw notFound('Bin not found', { field: ['input', 'binId'] });
    assertWarehouseAccess(user, bin.warehouseId);

    // Priorities are ranked per warehouse: a put-away in one warehouse never reorders (or names) another's bins.
    const sameWarehouse = { itemId: item.itemId, bin: { warehouseId: bin.warehouseId } };
    const previous = await tx.preferredBin.findFirst({
      where: { ...sameWarehouse, priority: 1 },
      orderBy: { preferredBinId: 'asc' },
      include: { bin: { select: { binCode: true } } },
    });
    if (setAsPrimary) {
      const now = new Date();
      await tx.preferredBin.updateMany({ where: sameWarehouse, data: { priority: { increment: 1 }, updatedAt: now } });
      await tx.preferredBin.upsert({
        where: { itemId_binId: { itemId: item.itemId, binId: bin.binId } },
        update: { priority: 1, updatedAt: now },
        create: { itemId: item.itemId, binId: bin.binId, priority: 1, notes: 'Set via put-away' },
      });
      await tx.item.update({ where: { itemId: item.itemId }, data: { defaultBinId: bin.binId, updatedAt: now } });
    }
    journal.audit({
      actionType: 'PREFERRED_BIN_UPDATE',
      entityType: 'ITEM',
      entityId: item.itemId,
      userId: user.username,
      warehouseId: bin.warehouseId,
      details: { sku: item.sku, old_bin: previous?.bin.binCode ?? null, new_bin: bin.binCode, set_as_primary: setAsPrimary },
    });
    if (setAsPrimary) {
      journal.event({
        topic: 'putaway.preferred_bin_set',
        warehouseId: bin.warehouseId,
        payload: { item_id: item.itemId, bin_id: bin.binId, previous_bin: previous?.bin.binCode ?? null },
      });
    }
    return {
      message: `Preferred bin for ${item.sku} ${previous ? 'changed to' : 'set to'} ${bin.binCode}`,
      itemId: item.itemId,
      binId: bin.binId,
      binCode: bin.binCode,
    };
  });
}
