/** Hand-written SQL of receiving: the PO lookup, the receipt's locks and writes, the cancel's locks. */
import { Prisma } from '../db';
import type { Database } from '../db/client';
import type { SqlTx } from '../db/tx';
import { positionLocksQuery, positionRowsLockQuery } from '../stock/stock';

/** A PO with its lines and what the receiving bin is chosen from. */
export interface PurchaseOrderRow {
  poId: number;
  poNumber: string;
  poBarcode: string | null;
  vendorName: string | null;
  status: string;
  /** YYYY-MM-DD (selected as text: a `date` has no time zone to guess). */
  expectedDate: Date | string | null;
  warehouseId: number;
  notes: string | null;
  createdAt: Date | null;
  /** `default_receiving_bin` as stored (null: absent). */
  settingValue: string | null;
  /** The bin of the PO's warehouse whose id is the setting's digits (used only when the setting is a bin id). */
  settingBinId: number | null;
  stagingBinId: number | null;
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

const PO_LOOKUP_SQL = `
  SELECT po.po_id AS "poId", po.po_number AS "poNumber", po.po_barcode AS "poBarcode", po.vendor_name AS "vendorName", po.status,
         po.expected_date::text AS "expectedDate", po.warehouse_id AS "warehouseId", po.notes, po.created_at AS "createdAt",
         st.value AS "settingValue",
         (SELECT b.bin_id FROM bins b
          WHERE b.warehouse_id = po.warehouse_id
            AND b.bin_id = CASE WHEN length(st.digits) BETWEEN 1 AND 9 THEN st.digits::int END) AS "settingBinId",
         (SELECT b.bin_id FROM bins b WHERE b.warehouse_id = po.warehouse_id AND b.bin_type = 'Staging'
          ORDER BY b.bin_id LIMIT 1) AS "stagingBinId",
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

/** The PO by barcode or number (the lowest id) in the given warehouses (null: all), its lines and the receiving-bin reads, in one statement. */
export async function findPurchaseOrder(db: Database, barcode: string, warehouseIds: number[] | null): Promise<PurchaseOrderRow | null> {
  const [po] = await db.reads<PurchaseOrderRow>(PO_LOOKUP_SQL, [barcode, warehouseIds]);
  return po ?? null;
}

/** A PO line as a receipt (or its reversal) changes it. */
export interface LockedPoLine {
  poLineId: number;
  itemId: number;
  lineNumber: number;
  quantityOrdered: number;
  quantityReceived: number;
  status: string | null;
}

export interface LockedPurchaseOrder {
  poId: number;
  status: string;
  warehouseId: number;
  lines: LockedPoLine[];
  overAllowed: boolean;
  bins: { binId: number; warehouseId: number }[];
  /** One per entry, ascending; null when the PO's status refuses receipts. */
  receiptIds: number[] | null;
}

/**
 * A receipt's reads and locks in one statement, locks in this order: the PO, every line of it in id order (concurrent
 * scanners on the same PO queue here), then the stock positions the entries add to (lockStockPositions' order) and
 * their rows (id order, positionRowsLockQuery: a receipt into two bins of an item and its allocation never deadlock);
 * with the over-receipt setting (`allow_over_receiving`, the reference's key, or `allow_over_receipt`, the legacy
 * server's, exactly "true"), the scanned bins, and (a PO that may receive) one new receipt id per entry, ascending,
 * for the receipts the transaction's last statement inserts. Null when there is no such PO.
 */
export async function lockPurchaseOrderForReceipt(
  tx: SqlTx,
  poId: number,
  entries: { itemId: number; binId: number }[],
): Promise<LockedPurchaseOrder | null> {
  const binIds = [...new Set(entries.map((e) => e.binId))];
  const positions = entries.map((e) => ({ itemId: e.itemId, binId: e.binId }));
  const [po] = await tx.$queryRaw<LockedPurchaseOrder[]>`
    WITH po AS MATERIALIZED (
      SELECT po_id, status, warehouse_id FROM purchase_orders WHERE po_id = ${poId} FOR UPDATE
    ), lines AS MATERIALIZED (
      SELECT po_line_id, item_id, line_number, quantity_ordered, quantity_received, status
      FROM purchase_order_lines WHERE po_id = (SELECT po_id FROM po) ORDER BY po_line_id FOR UPDATE
    ), positions AS MATERIALIZED (
      SELECT * FROM (${positionLocksQuery(positions)}) p WHERE (SELECT count(*) FROM lines) >= 0
    ), stock AS MATERIALIZED (
      SELECT 1 FROM (${positionRowsLockQuery(positions)}) r WHERE (SELECT count(*) FROM positions) >= 0
    )
    SELECT po.po_id AS "poId", po.status, po.warehouse_id AS "warehouseId",
           (SELECT coalesce(json_agg(json_build_object('poLineId', po_line_id, 'itemId', item_id, 'lineNumber', line_number,
                     'quantityOrdered', quantity_ordered, 'quantityReceived', quantity_received, 'status', status) ORDER BY po_line_id), '[]'::json)
            FROM lines) AS lines,
           EXISTS (SELECT 1 FROM app_settings WHERE key IN ('allow_over_receiving', 'allow_over_receipt') AND value = 'true') AS "overAllowed",
           (SELECT coalesce(json_agg(json_build_object('binId', bin_id, 'warehouseId', warehouse_id)), '[]'::json)
            FROM bins WHERE bin_id = ANY(${binIds}::int[])) AS bins,
           (SELECT count(*) FROM stock) AS stock,
           CASE WHEN po.status IN ('OPEN', 'PARTIAL') THEN
             (SELECT json_agg(id ORDER BY id) FROM (
                SELECT nextval(pg_get_serial_sequence('item_receipts', 'receipt_id'))::int AS id FROM generate_series(1, ${entries.length}::int)) ids)
           END AS "receiptIds"
    FROM po`;
  return po ?? null;
}

/** The receipt rows (ids read up front, lockPurchaseOrderForReceipt), for the journal; received_at: the column's default. */
export function receiptsInsert(
  receipts: {
    receiptId: number; poId: number; poLineId: number; itemId: number; quantity: number; binId: number; warehouseId: number;
    lotNumber: string | null; serialNumber: string | null; receivedBy: string; notes: string | null;
  }[],
): Prisma.Sql {
  const rows = receipts.map(
    (r) => Prisma.sql`(${r.receiptId}::int, ${r.poId}::int, ${r.poLineId}::int, ${r.itemId}::int, ${r.quantity}::int, ${r.binId}::int, ${r.warehouseId}::int,
      ${r.lotNumber}::varchar, ${r.serialNumber}::varchar, ${r.receivedBy}::varchar, ${r.notes}::varchar)`,
  );
  return Prisma.sql`
    INSERT INTO item_receipts (receipt_id, po_id, po_line_id, item_id, quantity_received, bin_id, warehouse_id, lot_number, serial_number, received_by, notes)
    VALUES ${Prisma.join(rows)}`;
}

/** The PO lines' new received quantities and statuses (for the journal; the rows are locked). */
export function poLinesUpdate(lines: LockedPoLine[]): Prisma.Sql {
  return Prisma.sql`
    UPDATE purchase_order_lines p SET quantity_received = u.quantity_received, status = u.status
    FROM unnest(${lines.map((l) => l.poLineId)}::int[], ${lines.map((l) => l.quantityReceived)}::int[],
                ${lines.map((l) => l.status)}::varchar[]) AS u(po_line_id, quantity_received, status)
    WHERE p.po_line_id = u.po_line_id`;
}

/** The PO after a receipt (for the journal): RECEIVED (with its time) when every line is, else PARTIAL. */
export function poReceivedUpdate(poId: number, allReceived: boolean): Prisma.Sql {
  return Prisma.sql`
    UPDATE purchase_orders SET status = ${allReceived ? 'RECEIVED' : 'PARTIAL'},
           received_at = CASE WHEN ${allReceived} THEN ${new Date()}::timestamptz ELSE received_at END
    WHERE po_id = ${poId}`;
}

export interface LockedReceipt {
  receiptId: number;
  poId: number | null;
  poLineId: number | null;
  itemId: number;
  binId: number;
  warehouseId: number;
  lotNumber: string | null;
  quantityReceived: number;
}

/** The receipts, row-locked in id order (unknown ids are left out). */
export function lockReceipts(tx: SqlTx, receiptIds: number[]): Promise<LockedReceipt[]> {
  return tx.$queryRaw<LockedReceipt[]>`
    SELECT receipt_id AS "receiptId", po_id AS "poId", po_line_id AS "poLineId", item_id AS "itemId", bin_id AS "binId",
           warehouse_id AS "warehouseId", lot_number AS "lotNumber", quantity_received AS "quantityReceived"
    FROM item_receipts WHERE receipt_id = ANY(${receiptIds}::int[]) ORDER BY receipt_id FOR UPDATE`;
}

/** The purchase orders, row-locked in id order. */
export async function lockPurchaseOrders(tx: SqlTx, poIds: number[]): Promise<void> {
  if (poIds.length === 0) return;
  await tx.$queryRaw`SELECT po_id FROM purchase_orders WHERE po_id = ANY(${poIds}::int[]) ORDER BY po_id FOR UPDATE`;
}

/** The PO lines, row-locked in id order. */
export function lockPurchaseOrderLines(tx: SqlTx, poLineIds: number[]): Promise<LockedPoLine[]> {
  return tx.$queryRaw<LockedPoLine[]>`
    SELECT po_line_id AS "poLineId", item_id AS "itemId", line_number AS "lineNumber", quantity_ordered AS "quantityOrdered",
           quantity_received AS "quantityReceived", status
    FROM purchase_order_lines WHERE po_line_id = ANY(${poLineIds}::int[]) ORDER BY po_line_id FOR UPDATE`;
}

/** Recomputes a PO's status from its lines (spec 20 §3). CLOSED stays CLOSED (legacy reopened it). */
export async function recomputePoStatus(tx: SqlTx, poId: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE purchase_orders po SET status = CASE
        WHEN NOT EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.po_id = po.po_id AND l.quantity_received < l.quantity_ordered) THEN 'RECEIVED'
        WHEN EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.po_id = po.po_id AND l.quantity_received > 0) THEN 'PARTIAL'
        ELSE 'OPEN' END
    WHERE po.po_id = ${poId} AND po.status <> 'CLOSED'`;
}
