import type { AppServices } from '../../src/app';
import { Prisma } from '../../src/db';

/**
 * The rows the property tests draw ids from: the seeded warehouse A (the floor user's), B (another one, same
 * shape) and C (never referenced by a generated id: it must never change). Pools are re-read from the database
 * after every accepted request, so a generated reference (pool, index) resolves to a row that exists now.
 */
export type Scope = 'A' | 'B';
export type PoolName =
  | 'warehouse' | 'zone' | 'bin' | 'item' | 'po' | 'so' | 'batch' | 'task' | 'count' | 'countLine' | 'adjustment' | 'receipt' | 'preferred' | 'user'
  | 'poBarcode' | 'soBarcode' | 'soNumber' | 'binBarcode' | 'itemBarcode' | 'sku' | 'binCode' | 'settingKey';

export type Pools = Record<Scope, Record<PoolName, (number | string)[]>>;

let seq = 0;

/** Warehouse B or C: zones, bins of every type, stock, preferred bins, a PO and open sales orders. */
export async function buildWarehouse(app: AppServices, code: string, itemIds: number[]) {
  const p = app.prisma;
  const wh = await p.warehouse.create({ data: { warehouseCode: code, warehouseName: `Warehouse ${code}` } });
  const recv = await p.zone.create({ data: { warehouseId: wh.warehouseId, zoneCode: 'RECV', zoneName: 'Dock', zoneType: 'RECEIVING' } });
  const stor = await p.zone.create({ data: { warehouseId: wh.warehouseId, zoneCode: 'STOR', zoneName: 'Storage', zoneType: 'STORAGE' } });
  const bin = (zoneId: number, c: string, binType: string, pickSequence: number) =>
    p.bin.create({ data: { warehouseId: wh.warehouseId, zoneId, binCode: `${code}-${c}`, binBarcode: `${code}-${c}`, binType, pickSequence } });
  const stage = await bin(recv.zoneId, 'STAGE', 'Staging', 0);
  const bins = [await bin(stor.zoneId, 'A1', 'Pickable', 10), await bin(stor.zoneId, 'A2', 'Pickable', 20), await bin(stor.zoneId, 'PS', 'PickableStaging', 30)];
  for (const [i, itemId] of itemIds.entries()) {
    await p.inventory.create({ data: { warehouseId: wh.warehouseId, itemId, binId: bins[i % bins.length].binId, quantityOnHand: 20 + i } });
    await p.inventory.create({ data: { warehouseId: wh.warehouseId, itemId, binId: stage.binId, quantityOnHand: 5 } });
    await p.preferredBin.create({ data: { itemId, binId: bins[i % bins.length].binId, priority: 1 } });
  }
  await p.purchaseOrder.create({
    data: {
      poNumber: `PO-${code}`, poBarcode: `POB-${code}`, vendorName: 'Vendor', status: 'OPEN', warehouseId: wh.warehouseId,
      lines: { create: itemIds.map((itemId, i) => ({ itemId, quantityOrdered: 50, lineNumber: i + 1 })) },
    },
  });
  await addOrders(app, wh.warehouseId, code, itemIds, 4);
  return wh.warehouseId;
}

/** `n` OPEN sales orders of 1-3 units of two items each. */
export async function addOrders(app: AppServices, warehouseId: number, code: string, itemIds: number[], n: number) {
  for (let k = 0; k < n; k++) {
    const tag = `${code}-${++seq}`;
    await app.prisma.salesOrder.create({
      data: {
        soNumber: `SO-${tag}`, soBarcode: `SOB-${tag}`, customerName: 'Customer', status: 'OPEN', warehouseId, shipMethod: 'GROUND',
        lines: { create: [0, 1].map((j) => ({ itemId: itemIds[(k + j) % itemIds.length], quantityOrdered: 1 + ((k + j) % 3), lineNumber: j + 1 })) },
      },
    });
  }
}

const POOLS_SQL = (w: number) => Prisma.sql`
  SELECT 'warehouse' AS pool, ${w}::text AS v
  UNION ALL SELECT 'zone', zone_id::text FROM zones WHERE warehouse_id = ${w}
  UNION ALL SELECT 'bin', bin_id::text FROM bins WHERE warehouse_id = ${w}
  UNION ALL SELECT 'binBarcode', bin_barcode FROM bins WHERE warehouse_id = ${w}
  UNION ALL SELECT 'binCode', bin_code FROM bins WHERE warehouse_id = ${w}
  UNION ALL SELECT DISTINCT 'item', item_id::text FROM inventory WHERE warehouse_id = ${w}
  UNION ALL SELECT DISTINCT 'itemBarcode', i.upc FROM inventory v JOIN items i ON i.item_id = v.item_id WHERE v.warehouse_id = ${w} AND i.upc IS NOT NULL
  UNION ALL SELECT DISTINCT 'sku', i.sku FROM inventory v JOIN items i ON i.item_id = v.item_id WHERE v.warehouse_id = ${w}
  UNION ALL SELECT 'po', po_id::text FROM purchase_orders WHERE warehouse_id = ${w}
  UNION ALL SELECT 'poBarcode', po_barcode FROM purchase_orders WHERE warehouse_id = ${w} AND po_barcode IS NOT NULL
  UNION ALL SELECT 'so', so_id::text FROM sales_orders WHERE warehouse_id = ${w}
  UNION ALL SELECT 'soBarcode', so_barcode FROM sales_orders WHERE warehouse_id = ${w} AND so_barcode IS NOT NULL
  UNION ALL SELECT 'soNumber', so_number FROM sales_orders WHERE warehouse_id = ${w}
  UNION ALL SELECT 'batch', batch_id::text FROM pick_batches WHERE warehouse_id = ${w}
  UNION ALL SELECT 'task', t.pick_task_id::text FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id WHERE b.warehouse_id = ${w}
  UNION ALL SELECT 'count', count_id::text FROM cycle_counts WHERE warehouse_id = ${w}
  UNION ALL SELECT 'countLine', l.count_line_id::text FROM cycle_count_lines l JOIN cycle_counts c ON c.count_id = l.count_id WHERE c.warehouse_id = ${w}
  UNION ALL SELECT 'adjustment', adjustment_id::text FROM inventory_adjustments WHERE warehouse_id = ${w}
  UNION ALL SELECT 'receipt', receipt_id::text FROM item_receipts WHERE warehouse_id = ${w}
  UNION ALL SELECT 'preferred', pb.preferred_bin_id::text FROM preferred_bins pb JOIN bins b ON b.bin_id = pb.bin_id WHERE b.warehouse_id = ${w}
  UNION ALL SELECT 'user', user_id::text FROM users WHERE ${w} = ANY(warehouse_ids) AND username LIKE 'prop-%'
  UNION ALL SELECT 'settingKey', key FROM app_settings`;

const NUMERIC = new Set<PoolName>(['warehouse', 'zone', 'bin', 'item', 'po', 'so', 'batch', 'task', 'count', 'countLine', 'adjustment', 'receipt', 'preferred', 'user']);

export async function readPools(app: AppServices, a: number, b: number): Promise<Pools> {
  const read = async (w: number) => {
    const rows = await app.prisma.$queryRaw<{ pool: PoolName; v: string }[]>(POOLS_SQL(w));
    const out = {} as Record<PoolName, (number | string)[]>;
    for (const r of rows) (out[r.pool] ??= []).push(NUMERIC.has(r.pool) ? Number(r.v) : r.v);
    for (const list of Object.values(out)) list.sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))));
    return out;
  };
  return { A: await read(a), B: await read(b) };
}

/** Rows whose fields belong together (an item and a bin that holds it, a task and its item's barcode...). */
export interface Rows {
  warehouseId: number;
  bins: { bin_id: number; bin_type: string }[];
  poLines: { po_id: number; item_id: number }[];
  stock: { item_id: number; bin_id: number; lot_number: string | null; free: number; bin_type: string }[];
  tasks: { pick_task_id: number; batch_id: number; barcode: string; qty: number }[];
  openSos: { so_id: number; so_barcode: string }[];
  countLines: { count_id: number; count_line_id: number; expected: number }[];
  packLines: { so_id: number; barcode: string; status: string }[];
}

export async function readRows(app: AppServices, w: number): Promise<Rows> {
  const q = <T>(sql: Prisma.Sql) => app.prisma.$queryRaw<T[]>(sql);
  return {
    warehouseId: w,
    bins: await q(Prisma.sql`SELECT bin_id, bin_type FROM bins WHERE warehouse_id = ${w} ORDER BY bin_id`),
    poLines: await q(Prisma.sql`SELECT l.po_id, l.item_id FROM purchase_order_lines l JOIN purchase_orders p ON p.po_id = l.po_id
      WHERE p.warehouse_id = ${w} AND p.status <> 'CLOSED' ORDER BY l.po_line_id`),
    stock: await q(Prisma.sql`SELECT v.item_id, v.bin_id, v.lot_number, (v.quantity_on_hand - v.quantity_allocated)::int AS free, b.bin_type
      FROM inventory v JOIN bins b ON b.bin_id = v.bin_id WHERE v.warehouse_id = ${w} AND v.quantity_on_hand > v.quantity_allocated ORDER BY v.inventory_id`),
    tasks: await q(Prisma.sql`SELECT t.pick_task_id, t.batch_id, coalesce(i.upc, i.sku) AS barcode, t.quantity_to_pick AS qty
      FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id JOIN items i ON i.item_id = t.item_id
      WHERE b.warehouse_id = ${w} AND t.status = 'PENDING' ORDER BY t.pick_task_id`),
    openSos: await q(Prisma.sql`SELECT so_id, so_barcode FROM sales_orders WHERE warehouse_id = ${w} AND status = 'OPEN' AND so_barcode IS NOT NULL ORDER BY so_id`),
    countLines: await q(Prisma.sql`SELECT l.count_id, l.count_line_id, l.expected_quantity AS expected FROM cycle_count_lines l
      JOIN cycle_counts c ON c.count_id = l.count_id WHERE c.warehouse_id = ${w} AND c.status = 'PENDING' ORDER BY l.count_line_id`),
    packLines: await q(Prisma.sql`SELECT s.so_id, coalesce(i.upc, i.sku) AS barcode, s.status FROM sales_orders s
      JOIN sales_order_lines l ON l.so_id = s.so_id JOIN items i ON i.item_id = l.item_id
      WHERE s.warehouse_id = ${w} AND s.status IN ('PICKED', 'PACKING', 'PACKED') ORDER BY l.so_line_id`),
  };
}
