/**
 * The database's own limit: each workflow step's transaction issued straight to PostgreSQL through `pg`,
 * with the statements, row locks, advisory locks, audit rows and outbox events of the services
 * (src/receiving, src/putaway, src/picking, src/packing, src/shipping, src/lookup), in the same order.
 * No HTTP, no GraphQL, no ORM. Reads that the services make through Prisma `include`s are written as the
 * JOIN a hand-written implementation would use; the per-request token check (one users row read) is API
 * overhead and not part of this face.
 */
import type pg from 'pg';
import type { Face, NextTask } from './faces';
import { StepError } from './faces';

type Q = (sql: string, params?: unknown[]) => Promise<pg.QueryResult<any>>;

const USER = 'admin';

async function tx<T>(pool: pg.Pool, fn: (q: Q) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  const q: Q = (sql, params) => c.query(sql, params as unknown[]);
  try {
    await q('BEGIN');
    const out = await fn(q);
    await q('COMMIT');
    return out;
  } catch (e) {
    await q('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

const audit = (q: Q, action: string, entityType: string, entityId: number, warehouseId: number, details: unknown) =>
  q(`INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, warehouse_id, details) VALUES ($1, $2, $3, $4, $5, $6)`, [
    action,
    entityType,
    entityId,
    USER,
    warehouseId,
    JSON.stringify(details),
  ]);

const event = (q: Q, topic: string, warehouseId: number, payload: unknown) =>
  q(`INSERT INTO event_outbox (topic, warehouse_id, payload) VALUES ($1, $2, $3)`, [topic, warehouseId, JSON.stringify(payload)]);

/** stock.ts lockStockPositions: advisory locks in (item, bin) order. */
async function lockPositions(q: Q, keys: { itemId: number; binId: number }[]) {
  const sorted = [...new Map(keys.map((k) => [`${k.itemId}:${k.binId}`, k])).values()].sort((a, b) => a.itemId - b.itemId || a.binId - b.binId);
  for (const k of sorted) await q(`SELECT pg_advisory_xact_lock($1::int, $2::int)::text AS locked`, [k.itemId, k.binId]);
}

/** stock.ts addStock. */
async function addStock(q: Q, itemId: number, binId: number, warehouseId: number, quantity: number) {
  const u = await q(
    `UPDATE inventory SET quantity_on_hand = quantity_on_hand + $1, updated_at = now()
     WHERE inventory_id = (SELECT inventory_id FROM inventory WHERE item_id = $2 AND bin_id = $3 AND lot_number IS NOT DISTINCT FROM $4::varchar
                           ORDER BY inventory_id LIMIT 1)`,
    [quantity, itemId, binId, null],
  );
  if (u.rowCount === 0) {
    await q(`INSERT INTO inventory (item_id, bin_id, lot_number, warehouse_id, quantity_on_hand) VALUES ($1, $2, NULL, $3, $4) RETURNING *`, [itemId, binId, warehouseId, quantity]);
  }
}

const TASK_VIEW = `
  SELECT t.*, b.bin_code, b.bin_barcode, b.row_num, b.level_num, b.aisle, z.zone_name, i.sku, i.item_name, i.upc, so.so_number
  FROM pick_tasks t JOIN bins b ON b.bin_id = t.bin_id LEFT JOIN zones z ON z.zone_id = b.zone_id
  JOIN items i ON i.item_id = t.item_id JOIN sales_orders so ON so.so_id = t.so_id`;

/** picking.views.ts loadNextTask. */
async function loadNextTask(q: Q, batchId: number) {
  const t = (await q(`${TASK_VIEW} WHERE t.batch_id = $1 AND t.status = 'PENDING' ORDER BY t.pick_sequence, b.bin_code, t.pick_task_id LIMIT 1`, [batchId])).rows[0];
  if (!t) return null;
  await q(`SELECT w.*, so.so_number FROM wave_pick_breakdown w JOIN sales_orders so ON so.so_id = w.so_id WHERE w.pick_task_id = $1 ORDER BY w.so_id, w.id`, [t.pick_task_id]);
  await q(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE status <> 'PENDING'))::int AS done,
            (SELECT total_orders FROM pick_batches WHERE batch_id = $1) AS total_orders
     FROM pick_tasks WHERE batch_id = $1`,
    [batchId],
  );
  return t as { pick_task_id: number; quantity_to_pick: number; upc: string };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function directSqlFace(pool: pg.Pool): Face {
  const q: Q = (sql, params) => pool.query(sql, params as unknown[]);
  return {
    name: 'sql',

    async poLookup(barcode) {
      const po = (await q(`SELECT * FROM purchase_orders WHERE (po_barcode = $1 OR po_number = $1) ORDER BY po_id LIMIT 1`, [barcode])).rows[0];
      if (!po) throw new StepError('Purchase order not found');
      const lines = (
        await q(
          `SELECT l.*, i.sku, i.item_name, i.upc, i.barcode_aliases FROM purchase_order_lines l JOIN items i ON i.item_id = l.item_id
           WHERE l.po_id = $1 ORDER BY l.line_number, l.po_line_id`,
          [po.po_id],
        )
      ).rows;
      await q(`SELECT * FROM app_settings WHERE key = $1 LIMIT 1`, ['default_receiving_bin']);
      await q(`SELECT bin_id FROM bins WHERE warehouse_id = $1 AND bin_type = 'Staging' ORDER BY bin_id LIMIT 1`, [po.warehouse_id]);
      return { poId: po.po_id, lines: lines.map((l) => ({ itemId: l.item_id, remaining: l.quantity_ordered - l.quantity_received })) };
    },

    async receive(poId, itemId, quantity, binId) {
      await tx(pool, async (q) => {
        const po = (await q(`SELECT po_id, status, warehouse_id FROM purchase_orders WHERE po_id = $1 FOR UPDATE`, [poId])).rows[0];
        const lines = (
          await q(
            `SELECT po_line_id, item_id, line_number, quantity_ordered, quantity_received, status
             FROM purchase_order_lines WHERE po_id = $1 ORDER BY po_line_id FOR UPDATE`,
            [poId],
          )
        ).rows;
        await q(`SELECT * FROM app_settings WHERE key = ANY($1::text[])`, [['allow_over_receiving', 'allow_over_receipt']]);
        await q(`SELECT * FROM bins WHERE bin_id = ANY($1::int[])`, [[binId]]);
        const line = lines.find((l) => l.item_id === itemId);
        if (!line || quantity > line.quantity_ordered - line.quantity_received) throw new StepError('over-receipt');
        line.quantity_received += quantity;
        line.status = line.quantity_received >= line.quantity_ordered ? 'RECEIVED' : 'PARTIAL';
        await lockPositions(q, [{ itemId, binId }]);
        const receipt = (
          await q(
            `INSERT INTO item_receipts (po_id, po_line_id, item_id, quantity_received, bin_id, warehouse_id, lot_number, serial_number, received_by, notes)
             VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7, NULL) RETURNING receipt_id`,
            [poId, line.po_line_id, itemId, quantity, binId, po.warehouse_id, USER],
          )
        ).rows[0];
        await addStock(q, itemId, binId, po.warehouse_id, quantity);
        await q(`UPDATE purchase_order_lines SET quantity_received = $1, status = $2 WHERE po_line_id = $3`, [line.quantity_received, line.status, line.po_line_id]);
        const all = lines.every((l) => l.status === 'RECEIVED');
        await q(`UPDATE purchase_orders SET status = $1${all ? ', received_at = now()' : ''} WHERE po_id = $2`, [all ? 'RECEIVED' : 'PARTIAL', poId]);
        await event(q, 'receiving.received', po.warehouse_id, { po_id: poId, po_status: all ? 'RECEIVED' : 'PARTIAL', receipt_ids: [receipt.receipt_id], quantity });
        await audit(q, 'RECEIVE', 'PO', poId, po.warehouse_id, { item_id: itemId, quantity, bin_id: binId, receipt_id: receipt.receipt_id });
      });
    },

    async putaway(itemId, fromBinId, toBinId, quantity) {
      await tx(pool, async (q) => {
        const item = (await q(`SELECT * FROM items WHERE item_id = $1 LIMIT 1`, [itemId])).rows[0];
        const from = (await q(`SELECT * FROM bins WHERE bin_id = $1 LIMIT 1`, [fromBinId])).rows[0];
        const to = (await q(`SELECT * FROM bins WHERE bin_id = $1 LIMIT 1`, [toBinId])).rows[0];
        await lockPositions(q, [
          { itemId, binId: fromBinId },
          { itemId, binId: toBinId },
        ]);
        const src = (
          await q(
            `SELECT inventory_id, quantity_on_hand, quantity_allocated FROM inventory
             WHERE item_id = $1 AND bin_id = $2 AND lot_number IS NOT DISTINCT FROM $3::varchar ORDER BY inventory_id LIMIT 1 FOR UPDATE`,
            [itemId, fromBinId, null],
          )
        ).rows[0];
        if (!src || src.quantity_on_hand - src.quantity_allocated < quantity) throw new StepError('Insufficient inventory in source bin');
        if (src.quantity_on_hand === quantity) await q(`DELETE FROM inventory WHERE inventory_id = $1`, [src.inventory_id]);
        else await q(`UPDATE inventory SET quantity_on_hand = quantity_on_hand - $1, updated_at = now() WHERE inventory_id = $2`, [quantity, src.inventory_id]);
        await addStock(q, itemId, toBinId, from.warehouse_id, quantity);
        const t = (
          await q(
            `INSERT INTO bin_transfers (item_id, from_bin_id, to_bin_id, warehouse_id, quantity, transfer_type, lot_number, reason, transferred_by)
             VALUES ($1, $2, $3, $4, $5, 'PUTAWAY', NULL, NULL, $6) RETURNING transfer_id`,
            [itemId, fromBinId, toBinId, from.warehouse_id, quantity, USER],
          )
        ).rows[0];
        await event(q, 'putaway.confirmed', from.warehouse_id, { item_id: itemId, from_bin_id: fromBinId, to_bin_id: toBinId, quantity, transfer_id: t.transfer_id });
        await audit(q, 'PUTAWAY', 'ITEM', item.item_id, from.warehouse_id, {
          from_bin_id: fromBinId, from_bin_code: from.bin_code, to_bin_id: toBinId, to_bin_code: to.bin_code, quantity, transfer_id: t.transfer_id,
        });
      });
    },

    async waveCreate(soId, warehouseId) {
      return tx(pool, async (q) => {
        const locked = (await q(`SELECT so_id, so_number, status, warehouse_id FROM sales_orders WHERE so_id = ANY($1::int[]) ORDER BY so_id FOR UPDATE`, [[soId]])).rows;
        const active = await q(
          `SELECT pbo.so_id, MAX(pb.batch_id)::int AS batch_id FROM pick_batch_orders pbo JOIN pick_batches pb ON pb.batch_id = pbo.batch_id
           WHERE pbo.so_id = ANY($1::int[]) AND pb.status = ANY($2::text[]) AND pb.batch_id <> 0 GROUP BY pbo.so_id`,
          [[soId], ['OPEN', 'IN_PROGRESS']],
        );
        if (locked[0]?.status !== 'OPEN' || active.rowCount) throw new StepError('SO not OPEN / already batched');
        const lines = (
          await q(
            `SELECT l.*, i.sku FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id WHERE l.so_id = ANY($1::int[]) ORDER BY l.line_number, l.so_line_id`,
            [[soId]],
          )
        ).rows;
        const d = new Date();
        const base = `WAVE-${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
        let batchId = 0;
        let batchNumber = '';
        for (let n = 1; !batchId; n++) {
          batchNumber = n === 1 ? base : `${base}-${n}`;
          const r = await q(
            `INSERT INTO pick_batches (batch_number, warehouse_id, status, assigned_to, total_orders, total_items)
             VALUES ($1, $2, 'OPEN', $3, 1, 0) ON CONFLICT (batch_number) DO NOTHING RETURNING batch_id`,
            [batchNumber, warehouseId, USER],
          );
          if (r.rowCount) batchId = r.rows[0].batch_id;
        }
        await q(`INSERT INTO pick_batch_orders (batch_id, so_id, tote_number) VALUES ($1, $2, 'TOTE-1')`, [batchId, soId]);
        await q(`INSERT INTO wave_pick_orders (batch_id, so_id) VALUES ($1, $2)`, [batchId, soId]);
        const needing = lines.filter((l) => l.quantity_ordered - l.quantity_allocated > 0);
        const cands = (
          await q(
            `SELECT i.inventory_id, i.item_id, i.bin_id, b.pick_sequence, i.quantity_on_hand AS on_hand, i.quantity_allocated AS allocated, i.updated_at
             FROM inventory i JOIN bins b ON b.bin_id = i.bin_id
             WHERE i.warehouse_id = $1 AND i.item_id = ANY($2::int[]) AND b.bin_type = ANY($3::text[])
             ORDER BY i.inventory_id FOR UPDATE OF i`,
            [warehouseId, needing.map((l) => l.item_id), ['Pickable', 'PickableStaging']],
          )
        ).rows.filter((r) => r.on_hand - r.allocated > 0);
        let totalUnits = 0;
        let totalPicks = 0;
        for (const l of needing) {
          let need = l.quantity_ordered - l.quantity_allocated;
          const rows = cands.filter((c) => c.item_id === l.item_id).sort((a, b) => a.pick_sequence - b.pick_sequence || a.inventory_id - b.inventory_id);
          for (const c of rows) {
            if (need <= 0) break;
            const take = Math.min(need, c.on_hand - c.allocated);
            const u = await q(
              `UPDATE inventory SET quantity_allocated = quantity_allocated + $1 WHERE inventory_id = $2 AND quantity_on_hand - quantity_allocated >= $1`,
              [take, c.inventory_id],
            );
            if (u.rowCount !== 1) throw new StepError('allocation raced');
            const task = (
              await q(
                `INSERT INTO pick_tasks (batch_id, so_id, so_line_id, item_id, bin_id, quantity_to_pick, pick_sequence, tote_number)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'WAVE') RETURNING pick_task_id`,
                [batchId, soId, l.so_line_id, l.item_id, c.bin_id, take, c.pick_sequence],
              )
            ).rows[0];
            await q(`INSERT INTO wave_pick_breakdown (pick_task_id, so_id, so_line_id, quantity) VALUES ($1, $2, $3, $4)`, [task.pick_task_id, soId, l.so_line_id, take]);
            need -= take;
            totalUnits += take;
            totalPicks++;
          }
        }
        for (const l of needing) {
          await q(`UPDATE sales_order_lines SET quantity_allocated = quantity_allocated + $1 WHERE so_line_id = $2`, [l.quantity_ordered - l.quantity_allocated, l.so_line_id]);
        }
        await q(`UPDATE sales_orders SET status = 'PICKING' WHERE so_id = ANY($1::int[])`, [[soId]]);
        await q(`UPDATE pick_batches SET total_items = $1 WHERE batch_id = $2`, [totalUnits, batchId]);
        await event(q, 'picking.batch_created', warehouseId, { batch_id: batchId, so_ids: [soId], total_items: totalUnits, kind: 'WAVE' });
        await loadNextTask(q, batchId);
        await audit(q, 'PICK', 'BATCH', batchId, warehouseId, { batch_number: batchNumber, type: 'WAVE_CREATE', so_count: 1, total_picks: totalPicks, total_units: totalUnits });
        return { batchId };
      });
    },

    async next(batchId): Promise<NextTask | null> {
      await q(`SELECT warehouse_id FROM pick_batches WHERE batch_id = $1 LIMIT 1`, [batchId]);
      // outside a transaction: every statement on its own pooled connection, as Prisma does
      const t = await loadNextTask(q, batchId);
      return t ? { pickTaskId: t.pick_task_id, quantityToPick: t.quantity_to_pick, upc: t.upc } : null;
    },

    async confirm(pickTaskId, barcode, quantity) {
      await tx(pool, async (q) => {
        const task = (
          await q(
            `SELECT t.pick_task_id, t.batch_id, t.so_id, t.so_line_id, t.item_id, t.bin_id, t.quantity_to_pick, t.status, t.tote_number, b.warehouse_id,
                    bn.bin_code, i.sku, i.upc, i.barcode_aliases
             FROM pick_tasks t JOIN pick_batches b ON b.batch_id = t.batch_id JOIN bins bn ON bn.bin_id = t.bin_id JOIN items i ON i.item_id = t.item_id
             WHERE t.pick_task_id = $1 FOR UPDATE OF t`,
            [pickTaskId],
          )
        ).rows[0];
        if (!task || task.status !== 'PENDING') throw new StepError('task not pending');
        const item = task;
        if (item.upc !== barcode && item.sku !== barcode) throw new StepError('Wrong item scanned');
        await q(
          `UPDATE pick_tasks SET status = 'PICKED', quantity_picked = $1, picked_by = $2, picked_at = now(), scan_confirmed = true WHERE pick_task_id = $3`,
          [quantity, USER, pickTaskId],
        );
        const breakdown = (await q(`SELECT * FROM wave_pick_breakdown WHERE pick_task_id = $1 ORDER BY so_id, id`, [pickTaskId])).rows;
        if (breakdown.length === 0) {
          await q(`UPDATE sales_order_lines SET quantity_picked = quantity_picked + $1 WHERE so_line_id = $2`, [quantity, task.so_line_id]);
        }
        let left = quantity;
        for (const row of breakdown) {
          const give = Math.min(left, row.quantity);
          left -= give;
          await q(`UPDATE wave_pick_breakdown SET quantity_picked = $1, short_quantity = $2 WHERE id = $3`, [give, row.quantity - give, row.id]);
          if (give > 0) await q(`UPDATE sales_order_lines SET quantity_picked = quantity_picked + $1 WHERE so_line_id = $2`, [give, row.so_line_id]);
        }
        // consumeStock
        const rows = (
          await q(
            `SELECT inventory_id, quantity_on_hand AS on_hand, quantity_allocated AS allocated FROM inventory
             WHERE item_id = $1 AND bin_id = $2 ORDER BY inventory_id FOR UPDATE`,
            [task.item_id, task.bin_id],
          )
        ).rows;
        let release = task.quantity_to_pick;
        let consume = quantity;
        for (const r of rows) {
          const give = Math.min(release, r.allocated);
          const take = Math.min(consume, r.on_hand - (r.allocated - give));
          release -= give;
          consume -= take;
          if (give === 0 && take === 0) continue;
          await q(`UPDATE inventory SET quantity_on_hand = $1, quantity_allocated = $2, updated_at = now() WHERE inventory_id = $3`, [
            r.on_hand - take,
            r.allocated - give,
            r.inventory_id,
          ]);
        }
        await event(q, 'picking.task_picked', task.warehouse_id, { batch_id: task.batch_id, pick_task_id: pickTaskId, item_id: task.item_id, bin_id: task.bin_id, quantity_picked: quantity });
        await q(`SELECT count(*) FROM pick_tasks WHERE batch_id = $1 AND status = 'PENDING'`, [task.batch_id]);
        await audit(q, 'PICK', 'SO', task.so_id, task.warehouse_id, {
          pick_task_id: pickTaskId, item_id: task.item_id, sku: item.sku, quantity_picked: quantity, bin_id: task.bin_id, batch_id: task.batch_id,
        });
      });
    },

    async completeBatch(batchId) {
      await tx(pool, async (q) => {
        const b = (await q(`SELECT batch_id, batch_number, status, warehouse_id FROM pick_batches WHERE batch_id = $1 FOR UPDATE`, [batchId])).rows[0];
        const pending = Number((await q(`SELECT count(*) AS n FROM pick_tasks WHERE batch_id = $1 AND status = 'PENDING'`, [batchId])).rows[0].n);
        if (pending > 0) throw new StepError('tasks pending');
        const soIds = (await q(`SELECT so_id FROM pick_batch_orders WHERE batch_id = $1 ORDER BY batch_order_id`, [batchId])).rows.map((r) => r.so_id as number);
        await q(`SELECT so_id, so_number, status, warehouse_id FROM sales_orders WHERE so_id = ANY($1::int[]) ORDER BY so_id FOR UPDATE`, [soIds]);
        await q(`UPDATE pick_batches SET status = 'COMPLETED', completed_at = now() WHERE batch_id = $1`, [batchId]);
        await q(`UPDATE sales_orders SET status = 'PICKED', picked_at = now() WHERE so_id = ANY($1::int[]) AND status = 'PICKING'`, [soIds]);
        await q(`SELECT status, quantity_picked FROM pick_tasks WHERE batch_id = $1`, [batchId]);
        await q(`SELECT so_id, so_number, status FROM sales_orders WHERE so_id = ANY($1::int[])`, [soIds]);
        await event(q, 'picking.batch_completed', b.warehouse_id, { batch_id: batchId, so_ids: soIds });
        await audit(q, 'PICK', 'BATCH', batchId, b.warehouse_id, { batch_number: b.batch_number, so_count: soIds.length });
      });
    },

    async packVerify(soId, barcode, quantity) {
      await tx(pool, async (q) => {
        await q(`SELECT so_id FROM sales_orders WHERE so_id = $1 FOR UPDATE`, [soId]);
        const so = (await q(`SELECT * FROM sales_orders WHERE so_id = $1 LIMIT 1`, [soId])).rows[0];
        if (so.status !== 'PICKED') throw new StepError(`not ready: ${so.status}`);
        const lines = (
          await q(`SELECT l.*, i.sku, i.item_name, i.upc FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id WHERE l.so_id = $1 ORDER BY l.line_number, l.so_line_id`, [soId])
        ).rows;
        const line = lines.find((l) => (l.upc === barcode || l.sku === barcode) && l.quantity_picked > l.quantity_packed);
        if (!line || quantity > line.quantity_picked - line.quantity_packed) throw new StepError('over-pack');
        const packed = line.quantity_packed + quantity;
        const complete = packed >= line.quantity_picked;
        await q(`UPDATE sales_order_lines SET quantity_packed = $1${complete ? `, status = 'PACKED'` : ''} WHERE so_line_id = $2`, [packed, line.so_line_id]);
        await q(
          `INSERT INTO pack_verifications (so_id, so_line_id, item_id, quantity, scanned_barcode, verified_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [soId, line.so_line_id, line.item_id, quantity, barcode, USER],
        );
        await event(q, 'packing.verified', so.warehouse_id, { so_id: soId, so_line_id: line.so_line_id, item_id: line.item_id, quantity, line_complete: complete });
      });
    },

    async packComplete(soId) {
      await tx(pool, async (q) => {
        await q(`SELECT so_id FROM sales_orders WHERE so_id = $1 FOR UPDATE`, [soId]);
        const so = (await q(`SELECT * FROM sales_orders WHERE so_id = $1 LIMIT 1`, [soId])).rows[0];
        const lines = (
          await q(`SELECT l.*, i.sku, i.item_name, i.upc, i.weight_lbs FROM sales_order_lines l JOIN items i ON i.item_id = l.item_id WHERE l.so_id = $1 ORDER BY l.line_number, l.so_line_id`, [soId])
        ).rows;
        if (so.status !== 'PICKED' || lines.some((l) => l.quantity_packed < l.quantity_picked)) throw new StepError('not verified');
        const total = lines.reduce((s, l) => s + l.quantity_picked, 0);
        await q(`UPDATE sales_orders SET status = 'PACKED', packed_at = now() WHERE so_id = $1`, [soId]);
        await event(q, 'packing.completed', so.warehouse_id, { so_id: soId, total_items: total });
        await audit(q, 'PACK', 'SO', soId, so.warehouse_id, { so_number: so.so_number, total_items: total });
      });
    },

    async ship(soId, tracking) {
      await tx(pool, async (q) => {
        await q(`SELECT so_id FROM sales_orders WHERE so_id = $1 FOR UPDATE`, [soId]);
        const so = (await q(`SELECT * FROM sales_orders WHERE so_id = $1 LIMIT 1`, [soId])).rows[0];
        await q(`SELECT * FROM app_settings WHERE key = $1 LIMIT 1`, ['require_packing_before_shipping']);
        if (so.status !== 'PACKED') throw new StepError(`not packed: ${so.status}`);
        const lines = (await q(`SELECT * FROM sales_order_lines WHERE so_id = $1 ORDER BY line_number, so_line_id`, [soId])).rows.filter((l) => l.quantity_picked > 0);
        const f = (
          await q(
            `INSERT INTO item_fulfillments (so_id, warehouse_id, tracking_number, carrier, ship_method, shipped_by, status)
             VALUES ($1, $2, $3, 'UPS', 'GROUND', $4, 'SHIPPED') RETURNING *`,
            [soId, so.warehouse_id, tracking, USER],
          )
        ).rows[0];
        for (const l of lines) {
          let bin = (
            await q(`SELECT bin_id FROM pick_tasks WHERE so_id = $1 AND item_id = $2 AND status = ANY($3::text[]) ORDER BY pick_task_id LIMIT 1`, [soId, l.item_id, ['PICKED', 'SHORT']])
          ).rows[0]?.bin_id;
          if (bin === undefined) {
            bin = (
              await q(
                `SELECT t.bin_id FROM wave_pick_breakdown w JOIN pick_tasks t ON t.pick_task_id = w.pick_task_id
                 WHERE w.so_line_id = $1 AND t.status = ANY($2::text[]) ORDER BY w.pick_task_id LIMIT 1`,
                [l.so_line_id, ['PICKED', 'SHORT']],
              )
            ).rows[0]?.bin_id ?? null;
          }
          await q(`INSERT INTO item_fulfillment_lines (fulfillment_id, so_line_id, item_id, quantity_shipped, bin_id) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
            f.fulfillment_id, l.so_line_id, l.item_id, l.quantity_picked, bin,
          ]);
          await q(`UPDATE sales_order_lines SET quantity_shipped = $1, status = 'SHIPPED' WHERE so_line_id = $2`, [l.quantity_picked, l.so_line_id]);
        }
        await q(`UPDATE sales_orders SET status = 'SHIPPED', shipped_at = now(), carrier = 'UPS', tracking_number = $1 WHERE so_id = $2`, [tracking, soId]);
        await event(q, 'shipping.fulfilled', so.warehouse_id, {
          so_id: soId, fulfillment_id: f.fulfillment_id, lines_shipped: lines.length, total_quantity: lines.reduce((s, l) => s + l.quantity_picked, 0),
        });
        await audit(q, 'SHIP', 'SO', soId, so.warehouse_id, { so_number: so.so_number, tracking_number: tracking, carrier: 'UPS', fulfillment_id: f.fulfillment_id });
      });
    },

    async lookupItem(barcode) {
      const hit = (
        await q(`SELECT item_id FROM items WHERE upc = $1 OR sku = $1 OR barcode_aliases @> jsonb_build_array($1::text) ORDER BY item_id LIMIT 1`, [barcode])
      ).rows[0];
      if (!hit) throw new StepError('Item not found');
      await q(`SELECT * FROM items WHERE item_id = $1 LIMIT 1`, [hit.item_id]);
      await q(
        `SELECT v.*, b.bin_code, b.bin_type, z.zone_name, i.sku, i.item_name, i.upc FROM inventory v
         JOIN bins b ON b.bin_id = v.bin_id JOIN zones z ON z.zone_id = b.zone_id JOIN items i ON i.item_id = v.item_id
         WHERE v.item_id = $1 ORDER BY v.inventory_id`,
        [hit.item_id],
      );
    },

    async lookupBin(barcode) {
      const bin = (
        await q(`SELECT b.*, z.zone_name FROM bins b JOIN zones z ON z.zone_id = b.zone_id WHERE (b.bin_barcode = $1 OR b.bin_code = $1) ORDER BY b.bin_id LIMIT 1`, [barcode])
      ).rows[0];
      if (!bin) throw new StepError('Bin not found');
      await q(
        `SELECT v.*, b.bin_code, b.bin_type, z.zone_name, i.sku, i.item_name, i.upc FROM inventory v
         JOIN bins b ON b.bin_id = v.bin_id JOIN zones z ON z.zone_id = b.zone_id JOIN items i ON i.item_id = v.item_id
         WHERE v.bin_id = $1 ORDER BY v.inventory_id`,
        [bin.bin_id],
      );
    },
  };
}
