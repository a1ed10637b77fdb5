import type { AppServices } from '../../src/app';

/**
 * Stock invariants that every accepted request must keep, as SQL over the whole database. Each row returned
 * is a violation (kind, detail); an empty result means the invariants hold.
 * - nothing negative: inventory, allocations (allocated <= on hand), order and PO line quantities;
 * - stock rows sit in a bin of their own warehouse;
 * - allocations match live order lines: per (item, bin) the allocated units are exactly the PENDING pick tasks'
 *   quantities, every PENDING task sits in an active batch, and what it holds is what live (PICKING) orders
 *   still need: its own order, or for a combined wave task the breakdown rows of its live orders.
 */
const VIOLATIONS = `
  SELECT 'negative or over-allocated inventory' AS kind, inventory_id || ': on hand ' || quantity_on_hand || ', allocated ' || quantity_allocated AS detail
  FROM inventory WHERE quantity_on_hand < 0 OR quantity_allocated < 0 OR quantity_allocated > quantity_on_hand
  UNION ALL
  SELECT 'negative sales order line', so_line_id::text FROM sales_order_lines
  WHERE quantity_ordered < 0 OR quantity_allocated < 0 OR quantity_picked < 0 OR quantity_packed < 0 OR quantity_shipped < 0
  UNION ALL
  SELECT 'negative purchase order line', po_line_id::text FROM purchase_order_lines WHERE quantity_ordered < 0 OR quantity_received < 0
  UNION ALL
  SELECT 'negative pick task', pick_task_id::text FROM pick_tasks WHERE quantity_to_pick < 0 OR quantity_picked < 0
  UNION ALL
  SELECT 'stock row in a bin of another warehouse', v.inventory_id::text FROM inventory v JOIN bins b ON b.bin_id = v.bin_id
  WHERE b.warehouse_id <> v.warehouse_id
  UNION ALL
  SELECT 'allocated stock <> pending pick tasks', item_id || ':' || bin_id || ' allocated ' || allocated || ', pending ' || pending FROM (
    SELECT item_id, bin_id, coalesce(i.allocated, 0) AS allocated, coalesce(t.pending, 0) AS pending
    FROM (SELECT item_id, bin_id, sum(quantity_allocated) AS allocated FROM inventory GROUP BY 1, 2) i
    FULL JOIN (SELECT item_id, bin_id, sum(quantity_to_pick) AS pending FROM pick_tasks WHERE status = 'PENDING' GROUP BY 1, 2) t
    USING (item_id, bin_id)) x
  WHERE allocated <> pending
  UNION ALL
  SELECT 'pending pick task outside an active batch', t.pick_task_id || ' (batch ' || b.status || ')'
  FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id
  WHERE t.status = 'PENDING' AND b.status NOT IN ('OPEN', 'IN_PROGRESS')
  UNION ALL
  SELECT 'pending pick task holds more than live orders need', t.pick_task_id || ': to pick ' || t.quantity_to_pick || ', live ' || coalesce(w.live, so_live.q, 0)
  FROM pick_tasks t
  LEFT JOIN LATERAL (
    SELECT sum(wb.quantity) FILTER (WHERE so.status = 'PICKING') AS live, count(*) AS n
    FROM wave_pick_breakdown wb JOIN sales_orders so ON so.so_id = wb.so_id WHERE wb.pick_task_id = t.pick_task_id) w ON true
  LEFT JOIN LATERAL (
    SELECT t.quantity_to_pick AS q FROM sales_orders so WHERE so.so_id = t.so_id AND so.status = 'PICKING') so_live ON true
  WHERE t.status = 'PENDING' AND t.quantity_to_pick > CASE WHEN w.n > 0 THEN coalesce(w.live, 0) ELSE coalesce(so_live.q, 0) END
`;

export async function stockViolations(app: AppServices): Promise<{ kind: string; detail: string }[]> {
  return (await app.db.sql.query<{ kind: string; detail: string }>(VIOLATIONS)).rows;
}

/**
 * Stock ledger per warehouse: on hand minus everything documented as coming in or going out (receipts, picks,
 * approved adjustments, inter-warehouse transfers). A request may move stock, never make it appear or vanish
 * without a document, so this figure never changes (bulk import of stock aside: it has no document).
 */
const LEDGER = `
  SELECT w.warehouse_id AS w,
    (SELECT coalesce(sum(quantity_on_hand), 0) FROM inventory WHERE warehouse_id = w.warehouse_id)
    - (SELECT coalesce(sum(quantity_received), 0) FROM item_receipts WHERE warehouse_id = w.warehouse_id)
    + (SELECT coalesce(sum(t.quantity_picked), 0) FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id WHERE b.warehouse_id = w.warehouse_id)
    - (SELECT coalesce(sum(quantity_change), 0) FROM inventory_adjustments WHERE warehouse_id = w.warehouse_id AND status = 'APPROVED')
    - (SELECT coalesce(sum(bt.quantity), 0) FROM bin_transfers bt JOIN bins tb ON tb.bin_id = bt.to_bin_id
       WHERE bt.transfer_type = 'INTER_WAREHOUSE' AND tb.warehouse_id = w.warehouse_id)
    + (SELECT coalesce(sum(quantity), 0) FROM bin_transfers WHERE transfer_type = 'INTER_WAREHOUSE' AND warehouse_id = w.warehouse_id)
    AS k
  FROM warehouses w ORDER BY 1`;

export async function stockLedger(app: AppServices): Promise<Record<number, number>> {
  const { rows } = await app.db.sql.query<{ w: number; k: string }>(LEDGER);
  return Object.fromEntries(rows.map((r) => [r.w, Number(r.k)]));
}

/** The ledger of every warehouse present before and after must be unchanged. */
export function ledgerDrift(before: Record<number, number>, after: Record<number, number>): string[] {
  return Object.keys(before)
    .filter((w) => w in after && after[Number(w)] !== before[Number(w)])
    .map((w) => `warehouse ${w}: ${before[Number(w)]} -> ${after[Number(w)]}`);
}

/** Rows of one warehouse (own warehouse_id, or through their parent document / bin), hashed per table. */
const WAREHOUSE_ROWS: Record<string, string> = {
  warehouses: 'SELECT x.*::text AS r FROM warehouses x WHERE x.warehouse_id = $1',
  zones: 'SELECT x.*::text FROM zones x WHERE x.warehouse_id = $1',
  bins: 'SELECT x.*::text FROM bins x WHERE x.warehouse_id = $1',
  inventory: 'SELECT x.*::text FROM inventory x WHERE x.warehouse_id = $1',
  preferred_bins: 'SELECT x.*::text FROM preferred_bins x JOIN bins b ON b.bin_id = x.bin_id WHERE b.warehouse_id = $1',
  purchase_orders: 'SELECT x.*::text FROM purchase_orders x WHERE x.warehouse_id = $1',
  purchase_order_lines: 'SELECT x.*::text FROM purchase_order_lines x JOIN purchase_orders p ON p.po_id = x.po_id WHERE p.warehouse_id = $1',
  item_receipts: 'SELECT x.*::text FROM item_receipts x WHERE x.warehouse_id = $1',
  bin_transfers: 'SELECT x.*::text FROM bin_transfers x WHERE x.warehouse_id = $1',
  sales_orders: 'SELECT x.*::text FROM sales_orders x WHERE x.warehouse_id = $1',
  sales_order_lines: 'SELECT x.*::text FROM sales_order_lines x JOIN sales_orders s ON s.so_id = x.so_id WHERE s.warehouse_id = $1',
  pick_batches: 'SELECT x.*::text FROM pick_batches x WHERE x.warehouse_id = $1',
  pick_tasks: 'SELECT x.*::text FROM pick_tasks x JOIN pick_batches b ON b.batch_id = x.batch_id WHERE b.warehouse_id = $1',
  pack_verifications: 'SELECT x.*::text FROM pack_verifications x JOIN sales_orders s ON s.so_id = x.so_id WHERE s.warehouse_id = $1',
  item_fulfillments: 'SELECT x.*::text FROM item_fulfillments x WHERE x.warehouse_id = $1',
  cycle_counts: 'SELECT x.*::text FROM cycle_counts x WHERE x.warehouse_id = $1',
  cycle_count_lines: 'SELECT x.*::text FROM cycle_count_lines x JOIN cycle_counts c ON c.count_id = x.count_id WHERE c.warehouse_id = $1',
  inventory_adjustments: 'SELECT x.*::text FROM inventory_adjustments x WHERE x.warehouse_id = $1',
  audit_log: 'SELECT x.*::text FROM audit_log x WHERE x.warehouse_id = $1',
  event_outbox: 'SELECT x.*::text FROM event_outbox x WHERE x.warehouse_id = $1',
  connector_credentials: 'SELECT x.*::text FROM connector_credentials x WHERE x.warehouse_id = $1',
  sync_state: 'SELECT x.*::text FROM sync_state x WHERE x.warehouse_id = $1',
};
const WAREHOUSE_SQL = Object.entries(WAREHOUSE_ROWS)
  .map(([t, q]) => `SELECT '${t}' AS t, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS h FROM (${q.replace('SELECT x.*::text FROM', 'SELECT x.*::text AS r FROM').replace('AS r AS r', 'AS r')}) q`)
  .join(' UNION ALL ');

/** Hash per table of everything that belongs to warehouse `w`: equal before/after = nothing of it changed. */
export async function warehouseChecksum(app: AppServices, w: number): Promise<Record<string, string>> {
  const { rows } = await app.db.sql.query<{ t: string; h: string }>(WAREHOUSE_SQL, [w]);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** Tables whose rows change without the request doing any work (login counters, the idempotency store, the audit chain's background sealer). */
const UNCOUNTED = ['login_attempts', 'idempotency_keys', '_prisma_migrations', 'prop_writes', 'audit_chain'];

/**
 * Test database only: a row trigger on every application table counts committed row changes in `prop_writes`
 * (transactional, so a rolled-back write does not count). Equal before/after = the request changed nothing,
 * at the cost of one query instead of hashing every table.
 */
export async function installWriteCounter(app: AppServices): Promise<void> {
  const { rows } = await app.db.sql.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const tables = rows.map((r) => r.t).filter((t) => !UNCOUNTED.includes(t));
  await app.db.sql.query(`
    CREATE TABLE prop_writes (n bigint NOT NULL);
    INSERT INTO prop_writes VALUES (0);
    CREATE FUNCTION prop_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE prop_writes SET n = n + 1; RETURN NULL; END $$;
    ${tables.map((t) => `CREATE TRIGGER prop_count_write AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION prop_count_write();`).join('\n')}
  `);
}

export async function writeCount(app: AppServices): Promise<number> {
  return Number((await app.db.sql.query<{ n: string }>('SELECT n FROM prop_writes')).rows[0].n);
}
