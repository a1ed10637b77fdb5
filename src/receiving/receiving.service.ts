import type { AuthedContext } from '../context';
import { withSqlTransaction, withTransaction } from '../db/tx';
import type { AuditEntry } from '../audit/audit.writer';
import type { DomainEvent } from '../events/outbox';
import { assertWarehouseAccess, canAccessWarehouse, scopedWarehouseIds } from '../auth/scope';
import { badRequest, conflict, notFound } from '../errors';
import type { ReceiptCancelInput, ReceiveInput } from './receiving.inputs';
import { addStockChanges, lockStockPositions, lockStockRow, takeBackReceived } from '../stock/stock';
import {
  findPurchaseOrder, lockPurchaseOrderForReceipt, lockPurchaseOrderLines, lockPurchaseOrders, lockReceipts, poLinesUpdate, poReceivedUpdate,
  receiptsInsert, recomputePoStatus, type LockedPoLine, type LockedReceipt, type PurchaseOrderRow,
} from './receiving.repo';

export interface ReceivingPurchaseOrderView {
  purchaseOrder: {
    poId: number;
    poNumber: string;
    poBarcode: string | null;
    vendorName: string | null;
    status: string;
    expectedDate: Date | null;
    warehouseId: number;
    notes: string | null;
    createdAt: Date | null;
  };
  lines: {
    poLineId: number;
    lineNumber: number;
    itemId: number;
    sku: string;
    itemName: string;
    upc: string | null;
    itemBarcode: string | null;
    quantityOrdered: number;
    quantityReceived: number;
    quantityRemaining: number;
    status: string | null;
    stagingBinId: number | null;
  }[];
}

/*
 * The bin the scanner should receive into when none is scanned. The legacy server stored
 * `default_receiving_bin` but never read it, and the scanner fell back to bin 1 (wrong for any other
 * warehouse). Here: that setting when it names a bin of the PO's warehouse, else the warehouse's first
 * Staging bin, else none (`receivingBinOf`).
 */

const firstAlias = (aliases: unknown): string | null =>
  Array.isArray(aliases) ? ((aliases.find((a) => typeof a === 'string') as string | undefined) ?? null) : null;

const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/**
 * GET /receiving/po/{barcode}: a PO of the caller's warehouses by barcode or number; null when there is none
 * (the REST route answers 403 when another warehouse has one: the reference; legacy 404).
 * One statement: the PO, its lines with their items (line order), and the receiving bin rules read.
 */
export async function purchaseOrderByBarcode(ctx: AuthedContext, barcode: string): Promise<ReceivingPurchaseOrderView | null> {
  const scope = scopedWarehouseIds(ctx.user) ?? null;
  const po = await findPurchaseOrder(ctx.app.db, barcode, scope);
  if (!po) return null;
  if (po.status === 'CLOSED') throw badRequest('Purchase order is closed');
  const stagingBinId = receivingBinOf(po);
  return {
    purchaseOrder: {
      poId: po.poId,
      poNumber: po.poNumber,
      poBarcode: po.poBarcode,
      vendorName: po.vendorName,
      status: po.status,
      expectedDate: asDate(po.expectedDate),
      warehouseId: po.warehouseId,
      notes: po.notes,
      createdAt: po.createdAt,
    },
    lines: po.lines.map((l) => ({
      poLineId: l.poLineId,
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      sku: l.sku,
      itemName: l.itemName,
      upc: l.upc,
      itemBarcode: firstAlias(l.aliases),
      quantityOrdered: l.quantityOrdered,
      quantityReceived: l.quantityReceived,
      quantityRemaining: l.quantityOrdered - l.quantityReceived,
      status: l.status,
      stagingBinId,
    })),
  };
}

/** The receiving bin: the setting when it is a bin id of the PO's warehouse, else the first Staging bin. */
function receivingBinOf(po: PurchaseOrderRow): number | null {
  const setting = po.settingValue?.trim();
  if (setting && /^\d{1,9}$/.test(setting) && po.settingBinId === Number(setting)) return po.settingBinId;
  return po.stagingBinId;
}

const lineStatus = (received: number, ordered: number) =>
  received <= 0 ? 'PENDING' : received >= ordered ? 'RECEIVED' : 'PARTIAL';

export interface ReceiveResult {
  message: string;
  receiptIds: number[];
  poStatus: string;
  warnings: string[];
}

/** POST /receiving/receive: all entries or nothing; the PO row and its lines are locked first. Two round trips. */
export async function receive(ctx: AuthedContext, input: ReceiveInput): Promise<ReceiveResult> {
  const user = ctx.user;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    // One statement: the PO, its lines, the stock positions and rows the entries add to, locked in that order; with
    // the over-receipt setting, the scanned bins and the receipts' ids.
    const po = await lockPurchaseOrderForReceipt(tx, input.poId, input.items);
    if (!po) throw notFound('Purchase order not found', { field: ['input', 'poId'] });
    assertWarehouseAccess(user, po.warehouseId); // the reference: 403 (legacy 404)
    if (po.status !== 'OPEN' && po.status !== 'PARTIAL') {
      throw badRequest(`Purchase order status is ${po.status}, cannot receive`);
    }
    const lines = po.lines;
    const overAllowed = po.overAllowed;
    const bins = new Map(po.bins.map((b) => [b.binId, b]));

    // Checks first, entry by entry in request order (remaining reflects earlier entries).
    const warnings: string[] = [];
    const touched = new Set<LockedPoLine>();
    const planned: { entry: (typeof input.items)[number]; line: LockedPoLine }[] = [];
    for (const [i, entry] of input.items.entries()) {
      const field = (name: string) => ({ field: ['input', 'items', i, name] });
      const bin = bins.get(entry.binId);
      // a bin of a warehouse the caller cannot see reads as an unknown one (legacy: "does not belong to this PO's warehouse")
      if (!bin || (bin.warehouseId !== po.warehouseId && !canAccessWarehouse(user, bin.warehouseId))) {
        throw notFound(`Bin ${entry.binId} not found`, field('binId'));
      }
      if (bin.warehouseId !== po.warehouseId) throw badRequest(`Bin ${entry.binId} does not belong to this PO's warehouse`, field('binId'));
      const line = lines.find((l) => l.itemId === entry.itemId);
      if (!line) throw badRequest(`Item ${entry.itemId} is not on PO ${po.poId}`, field('itemId'));
      const remaining = line.quantityOrdered - line.quantityReceived;
      if (entry.quantity > remaining) {
        if (!overAllowed) {
          throw badRequest(
            `Over-receipt not allowed on line ${line.lineNumber}: requested ${entry.quantity} but only ${remaining} remaining. ` +
              `Enable 'allow_over_receipt' in Settings to permit this.`,
            field('quantity'),
          );
        }
        warnings.push(`Over-receipt on line ${line.lineNumber}: received ${entry.quantity} but only ${remaining} remaining`);
      }
      line.quantityReceived += entry.quantity;
      line.status = lineStatus(line.quantityReceived, line.quantityOrdered);
      touched.add(line);
      planned.push({ entry, line });
    }

    // The receipts (ids read above, in entry order), their stock, the touched lines (rows locked above), the PO, the
    // outbox row and (last) the audit rows: one statement, after the positions' locks (addStockChanges).
    const receiptIds = po.receiptIds!;
    const receipts = planned.map(({ entry, line }, i) => ({
      receiptId: receiptIds[i], poId: po.poId, poLineId: line.poLineId, itemId: entry.itemId, quantity: entry.quantity, binId: entry.binId,
      warehouseId: po.warehouseId, lotNumber: entry.lotNumber ?? null, serialNumber: entry.serialNumber ?? null, receivedBy: user.username,
      notes: entry.notes ?? null,
    }));
    journal.change(receiptsInsert(receipts));
    for (const change of addStockChanges(receipts)) journal.change(change);
    const audits: AuditEntry[] = receipts.map((r) => ({
      actionType: 'RECEIVE',
      entityType: 'PO',
      entityId: po.poId,
      userId: user.username,
      warehouseId: po.warehouseId,
      details: { item_id: r.itemId, quantity: r.quantity, bin_id: r.binId, receipt_id: r.receiptId },
    }));
    const allReceived = lines.every((l) => l.status === 'RECEIVED');
    const poStatus = allReceived ? 'RECEIVED' : 'PARTIAL';
    journal.change(poLinesUpdate([...touched]));
    journal.change(poReceivedUpdate(po.poId, allReceived));
    journal.event({
      topic: 'receiving.received',
      warehouseId: po.warehouseId,
      payload: {
        po_id: po.poId,
        po_status: poStatus,
        receipt_ids: receiptIds,
        quantity: input.items.reduce((n, e) => n + e.quantity, 0),
      },
    });
    journal.audit(...audits);
    return { message: 'Receipt submitted successfully', receiptIds, poStatus, warnings };
  });
}

export interface CancelResult {
  message: string;
  /** Absent (null) when there was nothing to cancel, like the legacy body. */
  reversed: number | null;
}

/**
 * POST /receiving/cancel: takes back exactly what each receipt put into its (item, bin, lot) row and
 * refuses (409, nothing changed) when that stock is no longer there to take back (moved or allocated).
 */
export async function cancelReceipts(ctx: AuthedContext, input: ReceiptCancelInput): Promise<CancelResult> {
  const user = ctx.user;
  const requested = [...new Set(input.receiptIds)];
  if (requested.length === 0) return { message: 'Nothing to cancel', reversed: null };

  return withTransaction(ctx.app.prisma, async (tx, journal) => {
    const found = await lockReceipts(tx, requested);
    // Unknown ids and receipts of other warehouses are skipped silently (legacy).
    const byId = new Map(found.filter((r) => canAccessWarehouse(user, r.warehouseId)).map((r) => [r.receiptId, r]));
    const receipts = requested.map((id) => byId.get(id)).filter((r): r is LockedReceipt => !!r);

    // Lock order: purchase orders, their lines, then stock positions (as receive does).
    const poIds = new Set(receipts.map((r) => r.poId).filter((id): id is number => id !== null));
    if (input.poId) {
      const bodyPo = await tx.purchaseOrder.findUnique({ where: { poId: input.poId }, select: { warehouseId: true } });
      // legacy-difference: the body po_id was recomputed unscoped; only the caller's warehouses here.
      if (bodyPo && canAccessWarehouse(user, bodyPo.warehouseId)) poIds.add(input.poId);
    }
    const sortedPoIds = [...poIds].sort((a, b) => a - b);
    await lockPurchaseOrders(tx, sortedPoIds);
    const lineIds = [...new Set(receipts.map((r) => r.poLineId).filter((id): id is number => id !== null))];
    const lines = new Map((await lockPurchaseOrderLines(tx, lineIds)).map((l) => [l.poLineId, l]));
    await lockStockPositions(tx, receipts.map((r) => ({ itemId: r.itemId, binId: r.binId })));

    const takenBack = new Map<number, number>(); // inventory_id -> units already taken by earlier receipts
    for (const r of receipts) {
      const row = await lockStockRow(tx, r.itemId, r.binId, r.lotNumber);
      const available = row ? row.quantityOnHand - row.quantityAllocated - (takenBack.get(row.inventoryId) ?? 0) : 0;
      if (!row || available < r.quantityReceived) {
        const bin = await tx.bin.findUnique({ where: { binId: r.binId }, select: { binCode: true } });
        throw conflict(
          `Receipt ${r.receiptId} cannot be cancelled: only ${Math.max(0, available)} of ${r.quantityReceived} ` +
            `received units are still available in bin ${bin?.binCode ?? r.binId}`,
          { field: ['input', 'receiptIds', input.receiptIds.indexOf(r.receiptId)] },
        );
      }
      takenBack.set(row.inventoryId, (takenBack.get(row.inventoryId) ?? 0) + r.quantityReceived);
      const line = r.poLineId !== null ? lines.get(r.poLineId) : undefined;
      if (line) {
        line.quantityReceived = Math.max(0, line.quantityReceived - r.quantityReceived);
        line.status = lineStatus(line.quantityReceived, line.quantityOrdered);
      }
    }
    await takeBackReceived(tx, takenBack);
    for (const line of lines.values()) {
      await tx.purchaseOrderLine.update({
        where: { poLineId: line.poLineId },
        data: { quantityReceived: line.quantityReceived, status: line.status },
      });
    }
    if (receipts.length) await tx.itemReceipt.deleteMany({ where: { receiptId: { in: receipts.map((r) => r.receiptId) } } });
    for (const poId of sortedPoIds) await recomputePoStatus(tx, poId);

    const byWarehouse = new Map<number, LockedReceipt[]>();
    for (const r of receipts) byWarehouse.set(r.warehouseId, [...(byWarehouse.get(r.warehouseId) ?? []), r]);
    const audits: AuditEntry[] = [];
    const events: DomainEvent[] = [];
    for (const [warehouseId, rs] of byWarehouse) {
      const ids = rs.map((r) => r.receiptId);
      audits.push({
        actionType: 'RECEIVE_CANCEL',
        entityType: 'PO',
        entityId: input.poId ?? 0,
        userId: user.username,
        warehouseId,
        details: { reversed_receipts: rs.length, receipt_ids: ids },
      });
      events.push({
        topic: 'receiving.cancelled',
        warehouseId,
        payload: {
          receipt_ids: ids,
          po_ids: [...new Set(rs.map((r) => r.poId))],
          quantity: rs.reduce((n, r) => n + r.quantityReceived, 0),
        },
      });
    }
    journal.audit(...audits);
    journal.event(...events);
    return { message: `Cancelled ${receipts.length} receipt(s)`, reversed: receipts.length };
  });
}
