import type { AuthedContext } from '../context';
import { Prisma } from '../db';
import { withSqlTransaction, withTransaction, type Tx } from '../db/tx';
import type { AuditEntry } from '../audit/audit.writer';
import type { DomainEvent } from '../events/outbox';
import { assertWarehouseAccess, canAccessWarehouse, scopedWarehouseIds } from '../auth/scope';
import { badRequest, conflict, notFound } from '../errors';
import type { ReceiptCancelInput, ReceiveInput } from './receiving.inputs';
import { addStockCtes, lockStockPositions, lockStockRow, positionRowsLockQuery, stockPositionOrder, takeBackReceived } from '../stock/stock';

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

interface PoLookupRow {
  po_id: number;
  po_number: string;
  po_barcode: string | null;
  vendor_name: string | null;
  status: string;
  /** YYYY-MM-DD (selected as text: a `date` has no time zone to guess). */
  expected_date: Date | string | null;
  warehouse_id: number;
  notes: string | null;
  created_at: Date | null;
  /** `default_receiving_bin` as stored (null: absent). */
  setting_value: string | null;
  /** The bin of the PO's warehouse whose id is the setting's digits (used only when the setting is a bin id). */
  setting_bin_id: number | null;
  staging_bin_id: number | null;
  lines: {
    poLineId: number;
    lineNumber: number;
    itemId: number;
    sku: string;
    itemName: string;
    upc: string | null;
    aliases: unknown;
    quantityOrdered: number;
    quantityReceived: number;
    status: string | null;
  }[];
}

const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** The PO (by barcode or number, in the given warehouses; null: all), its lines and the receiving-bin reads. */
const PO_LOOKUP_SQL = `
  SELECT po.po_id, po.po_number, po.po_barcode, po.vendor_name, po.status, po.expected_date::text AS expected_date,
         po.warehouse_id, po.notes, po.created_at,
         st.value AS setting_value,
         (SELECT b.bin_id FROM bins b
          WHERE b.warehouse_id = po.warehouse_id
            AND b.bin_id = CASE WHEN length(st.digits) BETWEEN 1 AND 9 THEN st.digits::int END) AS setting_bin_id,
         (SELECT b.bin_id FROM bins b WHERE b.warehouse_id = po.warehouse_id AND b.bin_type = 'Staging'
          ORDER BY b.bin_id LIMIT 1) AS staging_bin_id,
         (SELECT coalesce(json_agg(json_build_object(
                   'poLineId', l.po_line_id, 'lineNumber', l.line_number, 'itemId', l.item_id,
                   'sku', i.sku, 'itemName', i.item_name, 'upc', i.upc, 'aliases', i.barcode_aliases,
                   'quantityOrdered', l.quantity_ordered, 'quantityReceived', l.quantity_received, 'status', l.status)
                 ORDER BY l.line_number, l.po_line_id), '[]'::json)
          FROM purchase_order_lines l JOIN items i ON i.item_id = l.item_id
          WHERE l.po_id = po.po_id) AS lines
  FROM (SELECT po_id FROM purchase_orders
        WHERE (po_barcode = $1 OR po_number = $1) AND ($2::int[] IS NULL OR warehouse_id = ANY($2::int[]))
        ORDER BY po_id LIMIT 1) hit
  JOIN purchase_orders po ON po.po_id = hit.po_id
  LEFT JOIN LATERAL (
    SELECT s.value, regexp_replace(s.value, '[^0-9]', '', 'g') AS digits
    FROM app_settings s WHERE s.key = 'default_receiving_bin') st ON true`;

/**
 * GET /receiving/po/{barcode}: a PO of the caller's warehouses by barcode or number; null when there is none
 * (the REST route answers 403 when another warehouse has one: the reference; legacy 404).
 * One statement: the PO, its lines with their items (line order), and the receiving bin rules read.
 */
export async function purchaseOrderByBarcode(ctx: AuthedContext, barcode: string): Promise<ReceivingPurchaseOrderView | null> {
  const scope = scopedWarehouseIds(ctx.user) ?? null;
  const [po] = await ctx.app.db.reads<PoLookupRow>(PO_LOOKUP_SQL, [barcode, scope]);
  if (!po) return null;
  if (po.status === 'CLOSED') throw badRequest('Purchase order is closed');
  const stagingBinId = receivingBinOf(po);
  return {
    purchaseOrder: {
      poId: po.po_id,
      poNumber: po.po_number,
      poBarcode: po.po_barcode,
      vendorName: po.vendor_name,
      status: po.status,
      expectedDate: asDate(po.expected_date),
      warehouseId: po.warehouse_id,
      notes: po.notes,
      createdAt: po.created_at,
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
function receivingBinOf(po: PoLookupRow): number | null {
  const setting = po.setting_value?.trim();
  if (setting && /^\d{1,9}$/.test(setting) && po.setting_bin_id === Number(setting)) return po.setting_bin_id;
  return po.staging_bin_id;
}

interface LockedLine {
  po_line_id: number;
  item_id: number;
  line_number: number;
  quantity_ordered: number;
  quantity_received: number;
  status: string | null;
}

const lineStatus = (received: number, ordered: number) =>
  received <= 0 ? 'PENDING' : received >= ordered ? 'RECEIVED' : 'PARTIAL';

export interface ReceiveResult {
  message: string;
  receiptIds: number[];
  poStatus: string;
  warnings: string[];
}

/** POST /receiving/receive: all entries or nothing; the PO row and its lines are locked first. */
export async function receive(ctx: AuthedContext, input: ReceiveInput): Promise<ReceiveResult> {
  const user = ctx.user;
  return withSqlTransaction(ctx.app.db, async (tx, journal) => {
    // One statement, locks in this order: the PO, every line of it in id order (concurrent scanners on the same PO
    // queue here), then the stock positions the entries add to (lockStockPositions' order) and their rows (id order,
    // positionRowsLockQuery: a receipt into two bins of an item and its allocation never deadlock); with the over-receipt
    // setting and the scanned bins. Over-receipt is allowed when `allow_over_receiving` (the reference's key) or
    // `allow_over_receipt` (the legacy server's) is exactly "true".
    const binIds = [...new Set(input.items.map((e) => e.binId))];
    const positions = stockPositionOrder(input.items.map((e) => ({ itemId: e.itemId, binId: e.binId })));
    const [po] = await tx.$queryRaw<
      { po_id: number; status: string; warehouse_id: number; lines: LockedLine[]; over_allowed: boolean; bins: { binId: number; warehouseId: number }[] }[]
    >`
      WITH po AS MATERIALIZED (
        SELECT po_id, status, warehouse_id FROM purchase_orders WHERE po_id = ${input.poId} FOR UPDATE
      ), lines AS MATERIALIZED (
        SELECT po_line_id, item_id, line_number, quantity_ordered, quantity_received, status
        FROM purchase_order_lines WHERE po_id = (SELECT po_id FROM po) ORDER BY po_line_id FOR UPDATE
      ), positions AS MATERIALIZED (
        SELECT pg_advisory_xact_lock(p.item_id, p.bin_id)::text AS locked
        FROM unnest(${positions.map((p) => p.itemId)}::int[], ${positions.map((p) => p.binId)}::int[]) WITH ORDINALITY AS p(item_id, bin_id, n)
        WHERE (SELECT count(*) FROM lines) >= 0
      ), stock AS MATERIALIZED (
        SELECT 1 FROM (${positionRowsLockQuery(positions)}) r WHERE (SELECT count(*) FROM positions) >= 0
      )
      SELECT po.po_id, po.status, po.warehouse_id,
             (SELECT coalesce(json_agg(json_build_object('po_line_id', po_line_id, 'item_id', item_id, 'line_number', line_number,
                       'quantity_ordered', quantity_ordered, 'quantity_received', quantity_received, 'status', status) ORDER BY po_line_id), '[]'::json)
              FROM lines) AS lines,
             EXISTS (SELECT 1 FROM app_settings WHERE key IN ('allow_over_receiving', 'allow_over_receipt') AND value = 'true') AS over_allowed,
             (SELECT coalesce(json_agg(json_build_object('binId', bin_id, 'warehouseId', warehouse_id)), '[]'::json)
              FROM bins WHERE bin_id = ANY(${binIds}::int[])) AS bins,
             (SELECT count(*) FROM stock) AS stock
      FROM po`;
    if (!po) throw notFound('Purchase order not found', { field: ['input', 'poId'] });
    assertWarehouseAccess(user, po.warehouse_id); // the reference: 403 (legacy 404)
    if (po.status !== 'OPEN' && po.status !== 'PARTIAL') {
      throw badRequest(`Purchase order status is ${po.status}, cannot receive`);
    }
    const lines = po.lines;
    const overAllowed = po.over_allowed;
    const bins = new Map(po.bins.map((b) => [b.binId, b]));

    // Checks first, entry by entry in request order (remaining reflects earlier entries).
    const warnings: string[] = [];
    const touched = new Set<LockedLine>();
    const planned: { entry: (typeof input.items)[number]; line: LockedLine }[] = [];
    for (const [i, entry] of input.items.entries()) {
      const field = (name: string) => ({ field: ['input', 'items', i, name] });
      const bin = bins.get(entry.binId);
      // a bin of a warehouse the caller cannot see reads as an unknown one (legacy: "does not belong to this PO's warehouse")
      if (!bin || (bin.warehouseId !== po.warehouse_id && !canAccessWarehouse(user, bin.warehouseId))) {
        throw notFound(`Bin ${entry.binId} not found`, field('binId'));
      }
      if (bin.warehouseId !== po.warehouse_id) throw badRequest(`Bin ${entry.binId} does not belong to this PO's warehouse`, field('binId'));
      const line = lines.find((l) => l.item_id === entry.itemId);
      if (!line) throw badRequest(`Item ${entry.itemId} is not on PO ${po.po_id}`, field('itemId'));
      const remaining = line.quantity_ordered - line.quantity_received;
      if (entry.quantity > remaining) {
        if (!overAllowed) {
          throw badRequest(
            `Over-receipt not allowed on line ${line.line_number}: requested ${entry.quantity} but only ${remaining} remaining. ` +
              `Enable 'allow_over_receipt' in Settings to permit this.`,
            field('quantity'),
          );
        }
        warnings.push(`Over-receipt on line ${line.line_number}: received ${entry.quantity} but only ${remaining} remaining`);
      }
      line.quantity_received += entry.quantity;
      line.status = lineStatus(line.quantity_received, line.quantity_ordered);
      touched.add(line);
      planned.push({ entry, line });
    }

    const receiptIds: number[] = [];
    const audits: AuditEntry[] = [];
    for (const { entry, line } of planned) {
      // The receipt and the stock it adds (addStock's rules) in one statement.
      const [receipt] = await tx.$queryRaw<{ receiptId: number }[]>`
        WITH r AS (
          INSERT INTO item_receipts (po_id, po_line_id, item_id, quantity_received, bin_id, warehouse_id, lot_number, serial_number, received_by, notes)
          VALUES (${po.po_id}, ${line.po_line_id}, ${entry.itemId}, ${entry.quantity}, ${entry.binId}, ${po.warehouse_id},
                  ${entry.lotNumber ?? null}::varchar, ${entry.serialNumber ?? null}::varchar, ${user.username}, ${entry.notes ?? null}::varchar)
          RETURNING receipt_id
        ), ${addStockCtes({
          itemId: entry.itemId,
          binId: entry.binId,
          lotNumber: entry.lotNumber ?? null,
          warehouseId: po.warehouse_id,
          quantity: entry.quantity,
        })}
        SELECT receipt_id AS "receiptId" FROM r`;
      receiptIds.push(receipt.receiptId);
      audits.push({
        actionType: 'RECEIVE',
        entityType: 'PO',
        entityId: po.po_id,
        userId: user.username,
        warehouseId: po.warehouse_id,
        details: { item_id: entry.itemId, quantity: entry.quantity, bin_id: entry.binId, receipt_id: receipt.receiptId },
      });
    }
    const allReceived = lines.every((l) => l.status === 'RECEIVED');
    const poStatus = allReceived ? 'RECEIVED' : 'PARTIAL';
    // The touched lines (rows locked above), the PO, the outbox row and (last) the audit rows in one statement.
    const changed = [...touched];
    const lineUpdate = Prisma.sql`
      UPDATE purchase_order_lines p SET quantity_received = u.quantity_received, status = u.status
      FROM unnest(${changed.map((l) => l.po_line_id)}::int[], ${changed.map((l) => l.quantity_received)}::int[],
                  ${changed.map((l) => l.status)}::varchar[]) AS u(po_line_id, quantity_received, status)
      WHERE p.po_line_id = u.po_line_id`;
    const poUpdate = Prisma.sql`
      UPDATE purchase_orders SET status = ${poStatus},
             received_at = CASE WHEN ${allReceived} THEN ${new Date()}::timestamptz ELSE received_at END
      WHERE po_id = ${po.po_id}`;
    journal.change(lineUpdate);
    journal.change(poUpdate);
    journal.event({
      topic: 'receiving.received',
      warehouseId: po.warehouse_id,
      payload: {
        po_id: po.po_id,
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

interface LockedReceipt {
  receipt_id: number;
  po_id: number | null;
  po_line_id: number | null;
  item_id: number;
  bin_id: number;
  warehouse_id: number;
  lot_number: string | null;
  quantity_received: number;
}

/** Recomputes a PO's status from its lines (spec 20 §3). CLOSED stays CLOSED (legacy reopened it). */
async function recomputePoStatus(tx: Tx, poId: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE purchase_orders po SET status = CASE
        WHEN NOT EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.po_id = po.po_id AND l.quantity_received < l.quantity_ordered) THEN 'RECEIVED'
        WHEN EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.po_id = po.po_id AND l.quantity_received > 0) THEN 'PARTIAL'
        ELSE 'OPEN' END
    WHERE po.po_id = ${poId} AND po.status <> 'CLOSED'`;
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
    const found = await tx.$queryRaw<LockedReceipt[]>`
      SELECT receipt_id, po_id, po_line_id, item_id, bin_id, warehouse_id, lot_number, quantity_received
      FROM item_receipts WHERE receipt_id = ANY(${requested}::int[]) ORDER BY receipt_id FOR UPDATE`;
    // Unknown ids and receipts of other warehouses are skipped silently (legacy).
    const byId = new Map(found.filter((r) => canAccessWarehouse(user, r.warehouse_id)).map((r) => [r.receipt_id, r]));
    const receipts = requested.map((id) => byId.get(id)).filter((r): r is LockedReceipt => !!r);

    // Lock order: purchase orders, their lines, then stock positions (as receive does).
    const poIds = new Set(receipts.map((r) => r.po_id).filter((id): id is number => id !== null));
    if (input.poId) {
      const bodyPo = await tx.purchaseOrder.findUnique({ where: { poId: input.poId }, select: { warehouseId: true } });
      // legacy-difference: the body po_id was recomputed unscoped; only the caller's warehouses here.
      if (bodyPo && canAccessWarehouse(user, bodyPo.warehouseId)) poIds.add(input.poId);
    }
    const sortedPoIds = [...poIds].sort((a, b) => a - b);
    if (sortedPoIds.length) {
      await tx.$queryRaw`SELECT po_id FROM purchase_orders WHERE po_id = ANY(${sortedPoIds}::int[]) ORDER BY po_id FOR UPDATE`;
    }
    const lineIds = [...new Set(receipts.map((r) => r.po_line_id).filter((id): id is number => id !== null))];
    const lines = new Map(
      (
        await tx.$queryRaw<LockedLine[]>`
          SELECT po_line_id, item_id, line_number, quantity_ordered, quantity_received, status
          FROM purchase_order_lines WHERE po_line_id = ANY(${lineIds}::int[]) ORDER BY po_line_id FOR UPDATE`
      ).map((l) => [l.po_line_id, l]),
    );
    await lockStockPositions(tx, receipts.map((r) => ({ itemId: r.item_id, binId: r.bin_id })));

    const takenBack = new Map<number, number>(); // inventory_id -> units already taken by earlier receipts
    for (const r of receipts) {
      const row = await lockStockRow(tx, r.item_id, r.bin_id, r.lot_number);
      const available = row ? row.quantityOnHand - row.quantityAllocated - (takenBack.get(row.inventoryId) ?? 0) : 0;
      if (!row || available < r.quantity_received) {
        const bin = await tx.bin.findUnique({ where: { binId: r.bin_id }, select: { binCode: true } });
        throw conflict(
          `Receipt ${r.receipt_id} cannot be cancelled: only ${Math.max(0, available)} of ${r.quantity_received} ` +
            `received units are still available in bin ${bin?.binCode ?? r.bin_id}`,
          { field: ['input', 'receiptIds', input.receiptIds.indexOf(r.receipt_id)] },
        );
      }
      takenBack.set(row.inventoryId, (takenBack.get(row.inventoryId) ?? 0) + r.quantity_received);
      const line = r.po_line_id !== null ? lines.get(r.po_line_id) : undefined;
      if (line) {
        line.quantity_received = Math.max(0, line.quantity_received - r.quantity_received);
        line.status = lineStatus(line.quantity_received, line.quantity_ordered);
      }
    }
    await takeBackReceived(tx, takenBack);
    for (const line of lines.values()) {
      await tx.purchaseOrderLine.update({
        where: { poLineId: line.po_line_id },
        data: { quantityReceived: line.quantity_received, status: line.status },
      });
    }
    if (receipts.length) await tx.itemReceipt.deleteMany({ where: { receiptId: { in: receipts.map((r) => r.receipt_id) } } });
    for (const poId of sortedPoIds) await recomputePoStatus(tx, poId);

    const byWarehouse = new Map<number, LockedReceipt[]>();
    for (const r of receipts) byWarehouse.set(r.warehouse_id, [...(byWarehouse.get(r.warehouse_id) ?? []), r]);
    const audits: AuditEntry[] = [];
    const events: DomainEvent[] = [];
    for (const [warehouseId, rs] of byWarehouse) {
      const ids = rs.map((r) => r.receipt_id);
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
          po_ids: [...new Set(rs.map((r) => r.po_id))],
          quantity: rs.reduce((n, r) => n + r.quantity_received, 0),
        },
      });
    }
    journal.audit(...audits);
    journal.event(...events);
    return { message: `Cancelled ${receipts.length} receipt(s)`, reversed: receipts.length };
  });
}
