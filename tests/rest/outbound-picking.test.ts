import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, orderState, stock, stockOf, type OutboundWorld } from '../helpers/outbound';

let s: TestServer;
let token: string; // pick user scoped to w
let other: string; // pick user of another warehouse
let admin: string;
let w: OutboundWorld;
let w2: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  w = await createWarehouse(s.app);
  w2 = await createWarehouse(s.app);
  const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pick'] });
  token = await s.login(u.username, u.password);
  const o = await createUser(s.app, { warehouseIds: [w2.warehouseId], allowedFunctions: ['pick'] });
  other = await s.login(o.username, o.password);
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

async function orderWithStock(qty = 3, onHand = 10) {
  const item = await createItem(s.app);
  await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand });
  const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty }] });
  return { item, so };
}

async function batchOf(...identifiers: string[]) {
  const r = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: identifiers, warehouse_id: w.warehouseId } });
  expect(r.status).toBe(200);
  return r.body;
}

describe('POST /api/picking/create-batch', () => {
  it('allocates by pick_sequence then least recently touched, never from Staging, and reports the batch', async () => {
    const item = await createItem(s.app);
    const old = new Date(Date.now() - 86_400_000);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.STG.binId, onHand: 100 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 2 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 2, lot: 'NEW' });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 1, lot: 'OLD', updatedAt: old });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.PS30.binId, onHand: 1, allocated: 1 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 4 }] });
    const empty = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    const r = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [so.soBarcode, empty.soNumber], warehouse_id: w.warehouseId } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      batch_number: expect.stringMatching(/^BATCH-\d{8}-\d{6}(-\d+)?$/),
      status: 'OPEN',
      total_orders: 2,
      total_items: 4,
      orders: [
        { so_number: so.soNumber, tote_number: 'TOTE-1' },
        { so_number: empty.soNumber, tote_number: 'TOTE-2' },
      ],
    });
    expect(r.body.tasks.map((t: any) => [t.bin_code, t.quantity_to_pick, t.pick_sequence])).toEqual([
      [w.bins.P10.binCode, 1, 10],
      [w.bins.P10.binCode, 2, 10],
      [w.bins.P20.binCode, 1, 20],
    ]);
    expect(r.body.tasks[0]).toEqual({
      pick_task_id: expect.any(Number),
      pick_sequence: 10,
      quantity_to_pick: 1,
      quantity_picked: 0,
      tote_number: 'TOTE-1',
      status: 'PENDING',
      bin_code: w.bins.P10.binCode,
      bin_barcode: `B-P10-${w.tag}`,
      row_num: '1',
      level_num: '2',
      aisle: null,
      zone: 'Pick Zone',
      zone_name: 'Pick Zone',
      sku: item.sku,
      item_name: item.itemName,
      upc: item.upc,
      so_number: so.soNumber,
    });
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ allocated: 5 });
    expect((await stockOf(s.app, item.itemId)).byBin[w.bins.STG.binId]).toEqual({ onHand: 100, allocated: 0 });
    expect((await orderState(s.app, so.soId)).lines[0].allocated).toBe(4);
    expect((await orderState(s.app, empty.soId)).status).toBe('PICKING');
  });

  it('rejects unknown, foreign-warehouse, non-OPEN, repeated and already-batched orders, saving nothing', async () => {
    const { so } = await orderWithStock();
    const foreign = await createOrder(s.app, { warehouseId: w2.warehouseId, lines: [] });
    const packed = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [], status: 'PACKED' });
    const cases: [string[], number, any][] = [
      [[so.soNumber, 'NOPE'], 400, { error: "Sales order 'NOPE' not found" }],
      [[foreign.soNumber], 400, { error: `Sales order '${foreign.soNumber}' not found` }],
      [[so.soNumber, packed.soNumber], 400, { error: `Sales order '${packed.soNumber}' status is PACKED, must be OPEN` }],
      [[so.soNumber, so.soBarcode!], 400, { error: `Sales order '${so.soBarcode}' is listed more than once` }],
    ];
    for (const [ids, status, body] of cases) {
      const r = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: ids, warehouse_id: w.warehouseId } });
      expect(r.status).toBe(status);
      expect(r.body).toEqual(body);
    }
    expect((await orderState(s.app, so.soId)).status).toBe('OPEN');
    const first = await batchOf(so.soNumber);
    // back to OPEN by hand while its batch is still active: still refused (one active batch per order)
    await s.app.prisma.salesOrder.update({ where: { soId: so.soId }, data: { status: 'OPEN' } });
    const dup = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [so.soNumber], warehouse_id: w.warehouseId } });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ error: `Sales order '${so.soNumber}' already in active pick batch ${first.batch_id}`, so_number: so.soNumber, batch_id: first.batch_id });
  });

  it('validates the body and checks the warehouse', async () => {
    const v = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [] } });
    expect(v.status).toBe(400);
    expect(v.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'too_short', loc: ['so_identifiers'], msg: 'List should have at least 1 item after validation, not 0' },
        { type: 'missing', loc: ['warehouse_id'], msg: 'Field required' },
      ],
    });
    const f = await s.api('POST', '/api/picking/create-batch', { token: other, body: { so_identifiers: ['X'], warehouse_id: w.warehouseId } });
    expect(f.status).toBe(403);
    expect(f.body).toEqual({ error: 'Access denied for this warehouse' });
  });

  it('needs the pick function', async () => {
    const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pack'] });
    const t = await s.login(u.username, u.password);
    const r = await s.api('POST', '/api/picking/create-batch', { token: t, body: { so_identifiers: ['X'], warehouse_id: w.warehouseId } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Function not allowed: pick' });
  });

  it('numbers two batches created in the same second uniquely (legacy: 500)', async () => {
    const a = await orderWithStock(1);
    const b = await orderWithStock(1);
    const [r1, r2] = await Promise.all([
      s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [a.so.soNumber], warehouse_id: w.warehouseId } }),
      s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [b.so.soNumber], warehouse_id: w.warehouseId } }),
    ]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body.batch_number).not.toBe(r2.body.batch_number);
    expect(r1.body.batch_number.slice(0, 21)).toMatch(/^BATCH-\d{8}-\d{6}$/);
  });
});

describe('POST /api/picking/wave-validate and wave-create errors', () => {
  it('answers every wave-validate case', async () => {
    const noLines = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    const shipped = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [], status: 'SHIPPED' });
    const call = (so_barcode: string) => s.api('POST', '/api/picking/wave-validate', { token, body: { so_barcode, warehouse_id: w.warehouseId } });
    expect(await call('NOPE')).toMatchObject({ status: 404, body: { valid: false, error: 'Order not found' } });
    expect(await call(shipped.soNumber)).toMatchObject({ status: 400, body: { valid: false, error: 'Order status is SHIPPED, must be OPEN' } });
    expect(await call(noLines.soNumber)).toMatchObject({ status: 400, body: { valid: false, error: 'Order has no items' } });
  });

  it('answers every wave-create case in list order, saving nothing', async () => {
    const { so } = await orderWithStock();
    const noLines = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    const foreign = await createOrder(s.app, { warehouseId: w2.warehouseId, lines: [] });
    const picked = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [], status: 'PICKED' });
    const call = (so_ids: number[]) => s.api('POST', '/api/picking/wave-create', { token, body: { so_ids, warehouse_id: w.warehouseId } });
    expect(await call([so.soId, so.soId])).toMatchObject({ status: 400, body: { error: 'Duplicate SO IDs in request' } });
    expect(await call([so.soId, 999999])).toMatchObject({ status: 400, body: { error: 'SO not found: 999999' } });
    // an SO of a warehouse the caller cannot see reads as an unknown id; one the caller can see is named
    expect(await call([foreign.soId])).toMatchObject({ status: 400, body: { error: `SO not found: ${foreign.soId}` } });
    expect(await s.api('POST', '/api/picking/wave-create', { token: await s.adminToken(), body: { so_ids: [foreign.soId], warehouse_id: w.warehouseId } }))
      .toMatchObject({ status: 400, body: { error: `SO ${foreign.soNumber} is in a different warehouse` } });
    expect(await call([so.soId, picked.soId])).toMatchObject({ status: 400, body: { error: `SO ${picked.soNumber} status is PICKED, must be OPEN` } });
    expect(await call([noLines.soId])).toMatchObject({ status: 400, body: { error: `SO ${noLines.soNumber} has no items` } });
    expect(await s.app.prisma.pickBatchOrder.count({ where: { soId: so.soId } })).toBe(0);
    const ok = await call([so.soId]);
    expect(ok.status).toBe(200);
    const again = await call([so.soId]);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: `SO ${so.soNumber} already in active pick batch ${ok.body.batch_id}`, so_number: so.soNumber, batch_id: ok.body.batch_id });
  });

  it('warns about what it cannot supply and omits first_pick without tasks', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 2 });
    const none = await createItem(s.app);
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 5 }] });
    const r = await s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: [so.soId], warehouse_id: w.warehouseId } });
    expect(r.body).toMatchObject({ total_units: 2, warnings: [{ sku: item.sku, needed: 5, available: 2 }] });
    const so2 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: none.itemId, qty: 1 }] });
    const r2 = await s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: [so2.soId], warehouse_id: w.warehouseId } });
    expect(r2.status).toBe(200);
    expect(r2.body).not.toHaveProperty('first_pick');
    expect(r2.body).toMatchObject({ total_picks: 0, total_units: 0, warnings: [{ sku: none.sku, needed: 1, available: 0 }] });
  });
});

describe('batch views', () => {
  it('GET batch: 404, 403; next: unknown batch is "All tasks complete", 403 for another warehouse', async () => {
    const { so } = await orderWithStock();
    const b = await batchOf(so.soNumber);
    expect(await s.api('GET', '/api/picking/batch/999999', { token })).toMatchObject({ status: 404, body: { error: 'Batch not found' } });
    expect(await s.api('GET', `/api/picking/batch/${b.batch_id}`, { token: other })).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await s.api('GET', '/api/picking/batch/999999/next', { token })).toMatchObject({ status: 200, body: { message: 'All tasks complete' } });
    expect(await s.api('GET', `/api/picking/batch/${b.batch_id}/next`, { token: other })).toMatchObject({ status: 403 });
    const n = await s.api('GET', `/api/picking/batch/${b.batch_id}/next`, { token });
    expect(n.body).toMatchObject({ contributing_orders: [], pick_number: 1, total_picks: 1, total_orders: 1 });
    expect((await s.api('GET', '/api/picking/batch/abc', { token })).status).toBe(404);
  });
});

describe('POST /api/picking/confirm and short', () => {
  it('checks access, existence, status, quantity and barcode in order', async () => {
    const { item, so } = await orderWithStock(3);
    const b = await batchOf(so.soNumber);
    const id = b.tasks[0].pick_task_id;
    const confirm = (body: any, t = token) => s.api('POST', '/api/picking/confirm', { token: t, body });
    expect(await confirm({ pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 1 }, other)).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await confirm({ pick_task_id: 999999, scanned_barcode: 'x', quantity_picked: 1 })).toMatchObject({ status: 400, body: { error: 'Pick task not found' } });
    expect(await confirm({ pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 4 })).toMatchObject({ status: 400, body: { error: 'Cannot pick 4 - task only requires 3' } });
    expect(await confirm({ pick_task_id: id, scanned_barcode: 'zzz', quantity_picked: 3 })).toMatchObject({ status: 400, body: { error: `Wrong item scanned. Expected SKU: ${item.sku}` } });
    expect(await confirm({ pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 0 })).toMatchObject({ status: 400, body: { error: 'validation_error' } });
    // a partial confirm closes the task and frees the remainder
    expect(await confirm({ pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 2 })).toMatchObject({ status: 200 });
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 8, allocated: 0 });
    expect((await orderState(s.app, so.soId)).lines[0]).toMatchObject({ allocated: 3, picked: 2 });
    expect(await confirm({ pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 1 })).toMatchObject({ status: 400, body: { error: 'Pick task is already PICKED' } });
    const sh = await s.api('POST', '/api/picking/short', { token, body: { pick_task_id: id } });
    expect(sh).toMatchObject({ status: 400, body: { error: 'Pick task is already PICKED' } });
  });

  it('short: errors, equal quantity allowed, stock and order line effects, audit SHORT_PICK', async () => {
    const { item, so } = await orderWithStock(3);
    const b = await batchOf(so.soNumber);
    const id = b.tasks[0].pick_task_id;
    const short = (body: any, t = token) => s.api('POST', '/api/picking/short', { token: t, body });
    expect(await short({ pick_task_id: id }, other)).toMatchObject({ status: 403 });
    expect(await short({ pick_task_id: 999999 })).toMatchObject({ status: 400, body: { error: 'Pick task not found' } });
    expect(await short({ pick_task_id: id, quantity_available: 4 })).toMatchObject({ status: 400, body: { error: 'Available quantity 4 exceeds task requirement 3 - use confirm instead' } });
    const r = await short({ pick_task_id: id, quantity_available: 3 });
    expect(r.body.task).toMatchObject({ status: 'SHORT', quantity_picked: 3, shortage: 0 });
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 7, allocated: 0 });
    expect((await orderState(s.app, so.soId)).lines[0].picked).toBe(3);
    const audit = await s.app.prisma.auditLog.findFirst({ where: { entityType: 'SO', entityId: so.soId }, orderBy: { logId: 'desc' } });
    expect(audit?.details).toMatchObject({ type: 'SHORT_PICK', pick_task_id: id, quantity_to_pick: 3, quantity_picked: 3, shortage: 0, sku: item.sku });
  });

  it('accepts the SKU as a scan, also for an item without UPC or aliases (legacy refused SKU scans)', async () => {
    const item = await createItem(s.app, { upc: null });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 4 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 2 }] });
    const b = await batchOf(so.soNumber);
    const wrong = await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: b.tasks[0].pick_task_id, scanned_barcode: `${item.sku}-X`, quantity_picked: 2 } });
    expect(wrong).toMatchObject({ status: 400, body: { error: `Wrong item scanned. Expected SKU: ${item.sku}` } });
    const r = await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: b.tasks[0].pick_task_id, scanned_barcode: item.sku, quantity_picked: 2 } });
    expect(r.status).toBe(200);
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 2, allocated: 0 });
    expect((await orderState(s.app, so.soId)).lines[0]).toMatchObject({ picked: 2 });
  });

  it('takes a pick from one lot row only (legacy subtracted it from every lot row of the bin)', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 5, lot: 'L1' });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 5, lot: 'L2' });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 2 }] });
    const b = await batchOf(so.soNumber);
    await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: b.tasks[0].pick_task_id, scanned_barcode: item.upc, quantity_picked: 2 } });
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 8, allocated: 0 });
  });
});

describe('complete-batch and cancel-batch', () => {
  it('complete: 403, 404 not found (the reference), pending count; a cancelled batch cannot be completed', async () => {
    const { item, so } = await orderWithStock(2);
    const b = await batchOf(so.soNumber);
    const complete = (batch_id: number, t = token) => s.api('POST', '/api/picking/complete-batch', { token: t, body: { batch_id } });
    expect(await complete(b.batch_id, other)).toMatchObject({ status: 403 });
    expect(await complete(999999)).toMatchObject({ status: 404, body: { error: 'Batch not found' } });
    expect(await complete(b.batch_id)).toMatchObject({ status: 400, body: { error: 'Cannot complete batch - 1 tasks still pending' } });
    expect(await s.api('POST', '/api/picking/cancel-batch', { token, body: { batch_id: b.batch_id } })).toMatchObject({ status: 200, body: { message: 'Batch cancelled' } });
    expect(await complete(b.batch_id)).toMatchObject({ status: 400, body: { error: 'Cannot complete batch - batch is CANCELLED' } });
    expect((await orderState(s.app, so.soId)).status).toBe('OPEN');
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 10, allocated: 0 });
  });

  it('complete again leaves packed orders alone', async () => {
    const { item, so } = await orderWithStock(1);
    const b = await batchOf(so.soNumber);
    await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: b.tasks[0].pick_task_id, scanned_barcode: item.upc, quantity_picked: 1 } });
    expect((await s.api('POST', '/api/picking/complete-batch', { token, body: { batch_id: b.batch_id } })).status).toBe(200);
    await s.app.prisma.salesOrder.update({ where: { soId: so.soId }, data: { status: 'PACKED' } });
    const again = await s.api('POST', '/api/picking/complete-batch', { token, body: { batch_id: b.batch_id } });
    expect(again.status).toBe(200);
    expect(again.body.summary.orders).toEqual([{ so_number: so.soNumber, status: 'PACKED' }]);
  });

  it('cancel: 404, 403, releases pending allocations, reopens every order, and the order can be batched again', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 3 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 3 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 5 }] });
    const noStock = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: (await createItem(s.app)).itemId, qty: 1 }] });
    const b = await batchOf(so.soNumber, noStock.soNumber);
    await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: b.tasks[0].pick_task_id, scanned_barcode: item.upc, quantity_picked: 3 } });
    expect(await s.api('POST', '/api/picking/cancel-batch', { token, body: { batch_id: 999999 } })).toMatchObject({ status: 404, body: { error: 'Batch not found' } });
    expect(await s.api('POST', '/api/picking/cancel-batch', { token: other, body: { batch_id: b.batch_id } })).toMatchObject({ status: 403 });
    expect((await s.api('POST', '/api/picking/cancel-batch', { token, body: { batch_id: b.batch_id } })).status).toBe(200);
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 3, allocated: 0 });
    expect(await orderState(s.app, so.soId)).toMatchObject({ status: 'OPEN', lines: [{ allocated: 3, picked: 3 }] });
    expect((await orderState(s.app, noStock.soId)).status).toBe('OPEN');
    const tasks = await s.app.prisma.pickTask.findMany({ where: { batchId: b.batch_id }, orderBy: { pickTaskId: 'asc' } });
    expect(tasks.map((t) => t.status)).toEqual(['PICKED', 'SKIPPED']);
    expect((await s.api('GET', `/api/picking/batch/${b.batch_id}`, { token })).body.status).toBe('CANCELLED');
    // re-batching allocates the 2 still missing
    const again = await batchOf(so.soNumber);
    expect(again.total_items).toBe(2);
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 3, allocated: 2 });
  });
});

describe('GET /api/picking/active-batch', () => {
  it('is per user, newest first', async () => {
    const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pick'] });
    const t = await s.login(u.username, u.password);
    expect(await s.api('GET', '/api/picking/active-batch', { token: t })).toMatchObject({ status: 200, body: { active: false } });
    expect(Object.keys((await s.api('GET', '/api/picking/active-batch', { token: t })).body)).toEqual(['active']);
    const { so } = await orderWithStock(1);
    const r = await s.api('POST', '/api/picking/create-batch', { token: t, body: { so_identifiers: [so.soNumber], warehouse_id: w.warehouseId } });
    const a = await s.api('GET', '/api/picking/active-batch', { token: t });
    expect(a.body).toMatchObject({ active: true, batch_id: r.body.batch_id, total_picks: 1, completed_picks: 0, total_orders: 1 });
    expect(await s.api('GET', '/api/picking/active-batch', { token: admin })).toMatchObject({ status: 200 });
  });
});
