/** Bin-to-bin moves inside a warehouse and admin inter-warehouse transfers (spec 50 §9–§11). */
import type { AuthedContext } from '../context';
import { assertWarehouseAccess, canAccessWarehouse } from '../auth/scope';
import { withTransaction } from '../db/tx';
import { badRequest, notFound } from '../errors';
import type { BinMoveInput, InterWarehouseTransferInput } from './inventory.inputs';
import { addStock, freeQuantity, lockPositionRows, lockStockPositions, takeStock } from '../stock/stock';

export async function moveStock(ctx: AuthedContext, input: BinMoveInput) {
  const username = ctx.user.username;
  const lot = input.lotNumber ?? null;
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const item = await tx.item.findUnique({ where: { itemId: input.itemId } });
    if (!item) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const from = await tx.bin.findUnique({ where: { binId: input.fromBinId } });
    if (!from) throw notFound('Source bin not found', { field: ['input', 'fromBinId'] });
    const to = await tx.bin.findUnique({ where: { binId: input.toBinId } });
    // legacy-difference: a bin of a warehouse the caller cannot see reads as an unknown one (legacy: the cross-warehouse 400)
    if (!to || (from.warehouseId !== to.warehouseId && !canAccessWarehouse(ctx.user, to.warehouseId))) throw notFound('Destination bin not found', { field: ['input', 'toBinId'] });
    assertWarehouseAccess(ctx.user, from.warehouseId);
    if (from.warehouseId !== to.warehouseId) {
      throw badRequest('Cross-warehouse moves are not allowed here. Use the admin inter-warehouse transfer.', { field: ['input', 'toBinId'] });
    }

    const positions = [{ itemId: item.itemId, binId: from.binId }, { itemId: item.itemId, binId: to.binId }];
    await lockStockPositions(tx, positions);
    // both positions' rows locked (id order), the source row first of its lot
    const source = (await lockPositionRows(tx, positions)).filter((r) => r.binId === from.binId && r.lotNumber === lot).slice(0, 1);
    // legacy-difference: allocated units were movable (breaking the picks that reserved them); only free units move now.
    const available = freeQuantity(source);
    if (available < input.quantity) throw badRequest(`Insufficient inventory in source bin. Available: ${available}`, { field: ['input', 'quantity'] });
    const remaining = await takeStock(tx, source, input.quantity, { deleteEmpty: true });
    const newQuantity = await addStock(tx, {
      itemId: item.itemId,
      binId: to.binId,
      warehouseId: to.warehouseId,
      lotNumber: lot,
      quantity: input.quantity,
    });
    const transfer = await tx.binTransfer.create({
      data: {
        itemId: item.itemId,
        fromBinId: from.binId,
        toBinId: to.binId,
        warehouseId: from.warehouseId,
        quantity: input.quantity,
        transferType: 'MOVE',
        lotNumber: lot,
        reason: input.reason ?? null,
        transferredBy: username,
      },
    });
    journal.audit({
      actionType: 'TRANSFER',
      entityType: 'ITEM',
      entityId: item.itemId,
      userId: username,
      warehouseId: from.warehouseId,
      details: {
        from_bin_id: from.binId,
        from_bin_code: from.binCode,
        to_bin_id: to.binId,
        to_bin_code: to.binCode,
        quantity: input.quantity,
        reason: input.reason ?? null,
        transfer_id: transfer.transferId,
      },
    });
    journal.event({
      topic: 'inventory.moved',
      warehouseId: from.warehouseId,
      payload: { transfer_id: transfer.transferId, item_id: item.itemId, from_bin_id: from.binId, to_bin_id: to.binId, quantity: input.quantity },
    });
    return {
      message: 'Transfer completed',
      transferId: transfer.transferId,
      item: { sku: item.sku, itemName: item.itemName },
      fromBin: { binCode: from.binCode, remainingQuantity: remaining },
      toBin: { binCode: to.binCode, newQuantity },
      quantityMoved: input.quantity,
    };
  });
}

export async function transferBetweenWarehouses(ctx: AuthedContext, input: InterWarehouseTransferInput) {
  const reason = input.reason ?? '';
  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const item = await tx.item.findUnique({ where: { itemId: input.itemId } });
    if (!item) throw notFound('Item not found', { field: ['input', 'itemId'] });
    const from = await tx.bin.findFirst({ where: { binId: input.fromBinId, warehouseId: input.fromWarehouseId } });
    if (!from) throw notFound('Source bin not found in the specified source warehouse', { field: ['input', 'fromBinId'] });
    const to = await tx.bin.findFirst({ where: { binId: input.toBinId, warehouseId: input.toWarehouseId } });
    if (!to) throw notFound('Destination bin not found in the specified destination warehouse', { field: ['input', 'toBinId'] });

    // legacy-difference: the legacy source row was not locked (parallel transfers could oversell it).
    const positions = [{ itemId: item.itemId, binId: from.binId }, { itemId: item.itemId, binId: to.binId }];
    await lockStockPositions(tx, positions);
    const rows = (await lockPositionRows(tx, positions)).filter((r) => r.binId === from.binId);
    const ordered = [...rows.filter((r) => r.lotNumber === null), ...rows.filter((r) => r.lotNumber !== null)];
    const available = freeQuantity(ordered);
    if (available < input.quantity) throw badRequest(`Insufficient inventory in source bin. Available: ${available}`, { field: ['input', 'quantity'] });
    await takeStock(tx, ordered, input.quantity, { deleteEmpty: true });
    // Lot information is dropped at the destination (legacy).
    await addStock(tx, { itemId: item.itemId, binId: to.binId, warehouseId: input.toWarehouseId, lotNumber: null, quantity: input.quantity });

    const transfer = await tx.binTransfer.create({
      data: {
        itemId: item.itemId,
        fromBinId: from.binId,
        toBinId: to.binId,
        warehouseId: input.fromWarehouseId,
        quantity: input.quantity,
        transferType: 'INTER_WAREHOUSE',
        reason,
        transferredBy: ctx.user.username,
      },
    });
    const details = {
      transfer_id: transfer.transferId,
      item_id: item.itemId,
      from_bin_id: from.binId,
      to_bin_id: to.binId,
      from_warehouse_id: input.fromWarehouseId,
      to_warehouse_id: input.toWarehouseId,
      quantity: input.quantity,
      reason,
    };
    const audit = { actionType: 'TRANSFER', entityType: 'ITEM', entityId: item.itemId, userId: ctx.user.username };
    journal.audit(
      { ...audit, warehouseId: input.fromWarehouseId, details: { ...details, direction: 'OUT' } },
      { ...audit, warehouseId: input.toWarehouseId, details: { ...details, direction: 'IN' } },
    );
    const warehouses = [...new Set([input.fromWarehouseId, input.toWarehouseId])];
    journal.event(
      ...warehouses.map((warehouseId) => ({ topic: 'inventory.transferred', warehouseId, payload: details })),
    );
    return {
      message: 'Inter-warehouse transfer completed',
      transfer: {
        transferId: transfer.transferId,
        itemId: item.itemId,
        sku: item.sku,
        fromBinId: from.binId,
        fromBinCode: from.binCode,
        fromWarehouseId: input.fromWarehouseId,
        toBinId: to.binId,
        toBinCode: to.binCode,
        toWarehouseId: input.toWarehouseId,
        quantity: input.quantity,
        reason,
        transferredAt: transfer.transferredAt,
      },
    };
  });
}

/** Newest inter-warehouse transfers; warehouses are the bins' current ones (spec 50 §11). */
export async function listInterWarehouseTransfers(ctx: AuthedContext, limit: number) {
  const rows = await ctx.app.prisma.binTransfer.findMany({
    where: { transferType: 'INTER_WAREHOUSE' },
    orderBy: [{ transferredAt: 'desc' }, { transferId: 'desc' }],
    take: Math.min(500, Math.max(1, limit)),
    include: { item: true, fromBin: { include: { warehouse: true } }, toBin: { include: { warehouse: true } } },
  });
  return rows.map((t) => ({
    transferId: t.transferId,
    itemId: t.itemId,
    sku: t.item.sku,
    itemName: t.item.itemName,
    fromBinId: t.fromBinId,
    fromBinCode: t.fromBin.binCode,
    fromWarehouseId: t.fromBin.warehouseId,
    fromWarehouseName: t.fromBin.warehouse.warehouseName,
    fromWarehouseCode: t.fromBin.warehouse.warehouseCode,
    toBinId: t.toBinId,
    toBinCode: t.toBin.binCode,
    toWarehouseId: t.toBin.warehouseId,
    toWarehouseName: t.toBin.warehouse.warehouseName,
    toWarehouseCode: t.toBin.warehouse.warehouseCode,
    quantity: t.quantity,
    reason: t.reason ?? '',
    notes: t.reason ? t.reason : null,
    transferredBy: t.transferredBy,
    transferredAt: t.transferredAt,
    status: 'completed',
  }));
}
