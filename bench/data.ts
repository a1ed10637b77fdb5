/**
 * Benchmark data, written straight through SQL: one warehouse, and per simulated scanner ("slot") its own
 * items, its own Staging bin and its own pickable bins, so no two scanners ever want the same stock or row.
 * Purchase and sales orders are made in bulk per scanner (one statement per refill), outside any timing.
 */
import type pg from 'pg';

export const LINES_PER_ORDER = 3;

export interface Slot {
  slot: number;
  stagingBinId: number;
  stagingBarcode: string;
  items: { itemId: number; sku: string; upc: string; pickBinId: number; pickBarcode: string; qty: number }[];
}

export interface World {
  warehouseId: number;
  slots: Slot[];
  /** Barcodes that are only looked up (the lookups-only run): items with stock, and the bins holding it. */
  readItemUpcs: string[];
  readBinBarcodes: string[];
}

export interface Unit {
  poId: number;
  poBarcode: string;
  soId: number;
  soBarcode: string;
}

export async function createWorld(db: pg.Pool, slots: number): Promise<World> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    const wh = (await c.query(`INSERT INTO warehouses (warehouse_code, warehouse_name) VALUES ('BENCH', 'Benchmark DC') RETURNING warehouse_id`)).rows[0].warehouse_id as number;
    const recv = (await c.query(`INSERT INTO zones (warehouse_id, zone_code, zone_name, zone_type) VALUES ($1, 'RECV', 'Dock', 'RECEIVING') RETURNING zone_id`, [wh])).rows[0].zone_id as number;
    const pick = (await c.query(`INSERT INTO zones (warehouse_id, zone_code, zone_name, zone_type) VALUES ($1, 'PICK', 'Pick Zone', 'PICKING') RETURNING zone_id`, [wh])).rows[0].zone_id as number;
    const out: Slot[] = [];
    for (let s = 0; s < slots; s++) {
      const stg = await c.query(
        `INSERT INTO bins (zone_id, warehouse_id, bin_code, bin_barcode, bin_type, aisle, row_num, level_num, pick_sequence)
         VALUES ($1, $2, $3, $4, 'Staging', 'S', '1', '1', 0) RETURNING bin_id, bin_barcode`,
        [recv, wh, `STG-${s}`, `B-STG-${s}`],
      );
      const items: Slot['items'] = [];
      for (let k = 0; k < LINES_PER_ORDER; k++) {
        const bin = await c.query(
          `INSERT INTO bins (zone_id, warehouse_id, bin_code, bin_barcode, bin_type, aisle, row_num, level_num, pick_sequence)
           VALUES ($1, $2, $3, $4, 'Pickable', $5, $6, '1', $7) RETURNING bin_id, bin_barcode`,
          [pick, wh, `P-${s}-${k}`, `B-P-${s}-${k}`, `A${s % 20}`, String(k + 1), s * 10 + k],
        );
        const item = await c.query(
          `INSERT INTO items (sku, item_name, upc, weight_lbs, category, default_bin_id)
           VALUES ($1, $2, $3, 0.5, 'Bench', $4) RETURNING item_id, sku, upc`,
          [`BX-${s}-${k}`, `Bench item ${s}-${k}`, `U${String(s).padStart(4, '0')}${k}`, bin.rows[0].bin_id],
        );
        items.push({
          itemId: item.rows[0].item_id,
          sku: item.rows[0].sku,
          upc: item.rows[0].upc,
          pickBinId: bin.rows[0].bin_id,
          pickBarcode: bin.rows[0].bin_barcode,
          qty: k + 2,
        });
      }
      out.push({ slot: s, stagingBinId: stg.rows[0].bin_id, stagingBarcode: stg.rows[0].bin_barcode, items });
    }
    // a few hundred items that are only looked up, with stock: 300 items over 20 bins (15 stock rows per bin
    // lookup, 1 per item lookup). Seeded, not received: `reconcile` leaves category 'Read' out.
    await c.query(
      `INSERT INTO items (sku, item_name, upc, weight_lbs, category)
       SELECT 'RX-' || g, 'Read item ' || g, 'R' || lpad(g::text, 6, '0'), 1.25, 'Read' FROM generate_series(1, 300) g`,
    );
    await c.query(
      `INSERT INTO bins (zone_id, warehouse_id, bin_code, bin_barcode, bin_type, aisle, row_num, level_num, pick_sequence)
       SELECT $1, $2, 'R-' || g, 'B-R-' || g, 'Pickable', 'R', g::text, '1', 100000 + g FROM generate_series(1, 20) g`,
      [pick, wh],
    );
    await c.query(
      `INSERT INTO inventory (item_id, bin_id, warehouse_id, quantity_on_hand)
       SELECT i.item_id, b.bin_id, $1, 10 + (i.item_id % 7)
       FROM items i JOIN bins b ON b.bin_code = 'R-' || (1 + (substr(i.sku, 4)::int % 20))
       WHERE i.category = 'Read' AND b.warehouse_id = $1`,
      [wh],
    );
    await c.query('COMMIT');
    return {
      warehouseId: wh,
      slots: out,
      readItemUpcs: Array.from({ length: 300 }, (_, g) => `R${String(g + 1).padStart(6, '0')}`),
      readBinBarcodes: Array.from({ length: 20 }, (_, g) => `B-R-${g + 1}`),
    };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

let refillSeq = 0;

/** `n` new purchase orders and sales orders of the slot's items, one statement. */
export async function createUnits(db: pg.Pool, world: World, slot: Slot, n: number): Promise<Unit[]> {
  const tag = `${process.pid % 1000}-${slot.slot}-${++refillSeq}`;
  const r = await db.query(
    `WITH g AS (SELECT g, $2::text || '-' || g AS tag FROM generate_series(1, $3::int) g),
     it AS (SELECT * FROM unnest($4::int[], $5::int[]) WITH ORDINALITY AS t(item_id, qty, ln)),
     po AS (INSERT INTO purchase_orders (po_number, po_barcode, vendor_name, status, warehouse_id)
            SELECT 'BPO-' || tag, 'BPOB-' || tag, 'Bench vendor', 'OPEN', $1 FROM g RETURNING po_id, po_number, po_barcode),
     pol AS (INSERT INTO purchase_order_lines (po_id, item_id, quantity_ordered, line_number)
             SELECT po.po_id, it.item_id, it.qty, it.ln::int FROM po, it RETURNING po_id),
     so AS (INSERT INTO sales_orders (so_number, so_barcode, customer_name, status, warehouse_id, ship_method, ship_address)
            SELECT 'BSO-' || tag, 'BSOB-' || tag, 'Bench customer', 'OPEN', $1, 'GROUND', '1 Bench Road' FROM g RETURNING so_id, so_number, so_barcode),
     sol AS (INSERT INTO sales_order_lines (so_id, item_id, quantity_ordered, line_number)
             SELECT so.so_id, it.item_id, it.qty, it.ln::int FROM so, it RETURNING so_id)
     SELECT po.po_id, po.po_barcode, so.so_id, so.so_barcode
     FROM po JOIN so ON substr(po.po_number, 5) = substr(so.so_number, 5)
     WHERE (SELECT count(*) FROM pol) >= 0 AND (SELECT count(*) FROM sol) >= 0
     ORDER BY po.po_id`,
    [world.warehouseId, tag, n, slot.items.map((i) => i.itemId), slot.items.map((i) => i.qty)],
  );
  return r.rows.map((row) => ({ poId: row.po_id, poBarcode: row.po_barcode, soId: row.so_id, soBarcode: row.so_barcode }));
}

/** Every unit received is on hand, or was picked and shipped; allocations are all released (seeded read stock aside). */
export async function reconcile(db: pg.Pool) {
  const q = async (sql: string) => Number((await db.query(sql)).rows[0].n ?? 0);
  const received = await q(`SELECT coalesce(sum(quantity_received), 0) AS n FROM item_receipts`);
  const workflowStock = `FROM inventory v JOIN items i ON i.item_id = v.item_id WHERE i.category IS DISTINCT FROM 'Read'`;
  const onHand = await q(`SELECT coalesce(sum(quantity_on_hand), 0) AS n ${workflowStock}`);
  const allocated = await q(`SELECT coalesce(sum(quantity_allocated), 0) AS n ${workflowStock}`);
  const picked = await q(`SELECT coalesce(sum(quantity_picked), 0) AS n FROM pick_tasks`);
  const shipped = await q(`SELECT coalesce(sum(quantity_shipped), 0) AS n FROM item_fulfillment_lines`);
  const pendingTasks = await q(`SELECT count(*) AS n FROM pick_tasks WHERE status = 'PENDING'`);
  const negative = await q(`SELECT count(*) AS n FROM inventory WHERE quantity_on_hand < 0 OR quantity_allocated < 0 OR quantity_allocated > quantity_on_hand`);
  const shippedOrders = await q(`SELECT count(*) AS n FROM sales_orders WHERE status = 'SHIPPED'`);
  const unfinished = await q(`SELECT count(*) AS n FROM sales_orders WHERE status NOT IN ('OPEN', 'SHIPPED')`);
  const ok = received === onHand + shipped && picked === shipped && pendingTasks === 0 && negative === 0 && unfinished === 0;
  return { ok, received, onHand, allocated, picked, shipped, pendingTasks, negativeRows: negative, shippedOrders, unfinishedOrders: unfinished };
}
