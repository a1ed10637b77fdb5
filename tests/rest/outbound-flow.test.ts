import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, orderState, stock, stockOf, type OutboundWorld } from '../helpers/outbound';

let s: TestServer;
let token: string;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  w = await createWarehouse(s.app);
  const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pick', 'pack', 'ship'] });
  token = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

describe('wave of three orders sharing items, over REST', () => {
  it('validate -> create -> next -> confirm / short -> complete -> pack -> ship, reconciled at every step', async () => {
    const a = await createItem(s.app, { weight: '0.25' });
    const b = await createItem(s.app, { weight: '2', aliases: ['ALIAS-B'] });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: a.itemId, binId: w.bins.P10.binId, onHand: 4 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: a.itemId, binId: w.bins.P20.binId, onHand: 10 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: a.itemId, binId: w.bins.STG.binId, onHand: 50 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: b.itemId, binId: w.bins.PS30.binId, onHand: 5 });
    const so1 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 3 }, { itemId: b.itemId, qty: 2 }] });
    const so2 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: a.itemId, qty: 5 }] });
    const so3 = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: b.itemId, qty: 2 }, { itemId: a.itemId, qty: 1 }] });

    // validate each scanned order
    for (const so of [so1, so2, so3]) {
      const v = await s.api('POST', '/api/picking/wave-validate', { token, body: { so_barcode: so.soBarcode, warehouse_id: w.warehouseId } });
      expect(v.status).toBe(200);
      const units = so.lines.reduce((x, l) => x + l.quantityOrdered, 0);
      expect(v.body).toEqual({ valid: true, so_id: so.soId, so_number: so.soNumber, line_count: so.lines.length, total_units: units });
    }

    // create: item A needs 9 (3+5+1) -> P10 takes 4, P20 takes 5; item B needs 4 from PS30. Staging untouched.
    const c = await s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: [so1.soId, so2.soId, so3.soId], warehouse_id: w.warehouseId } });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      batch_number: expect.stringMatching(/^WAVE-\d{8}-\d{6}$/),
      total_orders: 3,
      total_picks: 3,
      total_units: 13,
      orders: [
        { so_id: so1.soId, so_number: so1.soNumber, line_count: 2 },
        { so_id: so2.soId, so_number: so2.soNumber, line_count: 1 },
        { so_id: so3.soId, so_number: so3.soNumber, line_count: 2 },
      ],
    });
    expect(c.body).not.toHaveProperty('warnings');
    expect(c.body).not.toHaveProperty('status');
    expect(c.body).not.toHaveProperty('tasks');
    const batchId = c.body.batch_id;
    expect(c.body.first_pick).toMatchObject({
      bin_code: w.bins.P10.binCode,
      quantity_to_pick: 4,
      tote_number: 'WAVE',
      so_number: so1.soNumber,
      aisle: null,
      zone: 'Pick Zone',
      zone_name: 'Pick Zone',
      pick_number: 1,
      total_picks: 3,
      total_orders: 3,
      contributing_orders: [
        { so_number: so1.soNumber, quantity: 3 },
        { so_number: so2.soNumber, quantity: 1 },
      ],
    });
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 64, allocated: 9 });
    expect((await stockOf(s.app, a.itemId)).byBin[w.bins.STG.binId]).toEqual({ onHand: 50, allocated: 0 });
    expect(await stockOf(s.app, b.itemId)).toMatchObject({ onHand: 5, allocated: 4 });
    for (const so of [so1, so2, so3]) {
      const st = await orderState(s.app, so.soId);
      expect(st.status).toBe('PICKING');
      expect(st.lines.map((l) => l.allocated)).toEqual(so.lines.map((l) => l.quantityOrdered));
    }
    // an order of an active batch cannot be validated again
    const again = await s.api('POST', '/api/picking/wave-validate', { token, body: { so_barcode: so1.soNumber, warehouse_id: w.warehouseId } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ valid: false, error: 'Order already in active pick batch', batch_id: batchId });

    // the batch lists its tasks along the pick path
    const batch = await s.api('GET', `/api/picking/batch/${batchId}`, { token });
    expect(batch.status).toBe(200);
    expect(batch.body.tasks.map((t: any) => [t.bin_code, t.sku, t.quantity_to_pick, t.status])).toEqual([
      [w.bins.P10.binCode, a.sku, 4, 'PENDING'],
      [w.bins.P20.binCode, a.sku, 5, 'PENDING'],
      [w.bins.PS30.binCode, b.sku, 4, 'PENDING'],
    ]);
    const active = await s.api('GET', '/api/picking/active-batch', { token });
    expect(active.body).toEqual({ active: true, batch_id: batchId, total_picks: 3, completed_picks: 0, total_orders: 3, created_at: expect.stringMatching(/\+00:00$/) });

    // 1st pick: the full 4 of A at P10 (another item's UPC is not a valid scan)
    const t1 = c.body.first_pick.pick_task_id;
    const bad = await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: t1, scanned_barcode: b.upc, quantity_picked: 4 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: `Wrong item scanned. Expected SKU: ${a.sku}` });
    const p1 = await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: t1, scanned_barcode: a.upc, quantity_picked: 4 } });
    expect(p1.status).toBe(200);
    expect(p1.body).toEqual({
      message: 'Pick confirmed',
      task: { pick_task_id: t1, status: 'PICKED', sku: a.sku, quantity_picked: 4, bin_code: w.bins.P10.binCode, tote_number: 'WAVE' },
      remaining_tasks: 2,
    });
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 60, allocated: 5 });
    expect((await orderState(s.app, so1.soId)).lines[0].picked).toBe(3);
    expect((await orderState(s.app, so2.soId)).lines[0].picked).toBe(1);

    // 2nd pick: A at P20, only 3 of 5 found -> short; breakdown so2 (4) gets 3, so3 (1) gets 0
    const n2 = await s.api('GET', `/api/picking/batch/${batchId}/next`, { token });
    expect(n2.body).toMatchObject({ bin_code: w.bins.P20.binCode, pick_number: 2, contributing_orders: [{ so_number: so2.soNumber, quantity: 4 }, { so_number: so3.soNumber, quantity: 1 }] });
    const sh = await s.api('POST', '/api/picking/short', { token, body: { pick_task_id: n2.body.pick_task_id, quantity_available: 3 } });
    expect(sh.status).toBe(200);
    expect(sh.body).toEqual({
      message: 'Short pick recorded',
      task: { pick_task_id: n2.body.pick_task_id, status: 'SHORT', sku: a.sku, quantity_to_pick: 5, quantity_picked: 3, shortage: 2, bin_code: w.bins.P20.binCode },
    });
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 57, allocated: 0 });
    expect((await orderState(s.app, so2.soId)).lines[0].picked).toBe(4);
    expect((await orderState(s.app, so3.soId)).lines[1].picked).toBe(0);

    // complete refused while a task is pending
    const early = await s.api('POST', '/api/picking/complete-batch', { token, body: { batch_id: batchId } });
    expect(early.status).toBe(400);
    expect(early.body).toEqual({ error: 'Cannot complete batch - 1 tasks still pending' });

    // 3rd pick: B via its alias
    const n3 = await s.api('GET', `/api/picking/batch/${batchId}/next`, { token });
    expect(n3.body).toMatchObject({ sku: b.sku, quantity_to_pick: 4, pick_number: 3 });
    const p3 = await s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: n3.body.pick_task_id, scanned_barcode: 'ALIAS-B', quantity_picked: 4 } });
    expect(p3.status).toBe(200);
    expect(p3.body.remaining_tasks).toBe(0);
    expect(await stockOf(s.app, b.itemId)).toMatchObject({ onHand: 1, allocated: 0 });
    const done = await s.api('GET', `/api/picking/batch/${batchId}/next`, { token });
    expect(done.body).toEqual({ message: 'All tasks complete' });

    const comp = await s.api('POST', '/api/picking/complete-batch', { token, body: { batch_id: batchId } });
    expect(comp.status).toBe(200);
    expect(comp.body).toEqual({
      message: 'Batch completed',
      batch_id: batchId,
      batch_number: c.body.batch_number,
      summary: {
        total_orders: 3,
        total_items_picked: 11,
        total_shorts: 1,
        orders: [so1, so2, so3].map((so) => ({ so_number: so.soNumber, status: 'PICKED' })),
      },
    });
    expect(await s.api('GET', '/api/picking/active-batch', { token })).toMatchObject({ body: { active: false } });

    // pack so1 fully: 3 A + 2 B
    const po = await s.api('GET', `/api/packing/order/${so1.soBarcode}`, { token });
    expect(po.status).toBe(200);
    expect(po.body.lines.map((l: any) => [l.sku, l.quantity_picked, l.quantity_packed, l.pack_verified])).toEqual([
      [a.sku, 3, 0, false],
      [b.sku, 2, 0, false],
    ]);
    expect(po.body).toMatchObject({ calculated_weight_lbs: 4.75, total_items: 5, items_verified: 0 });
    const over = await s.api('POST', '/api/packing/verify', { token, body: { so_id: so1.soId, scanned_barcode: a.upc, quantity: 4 } });
    expect(over.status).toBe(400);
    expect(over.body).toEqual({ error: 'Over-pack: only 3 items remaining to verify' });
    const v1 = await s.api('POST', '/api/packing/verify', { token, body: { so_id: so1.soId, scanned_barcode: a.upc, quantity: 3 } });
    expect(v1.body).toEqual({
      message: 'Item verified',
      item_id: a.itemId,
      item: { sku: a.sku, item_name: a.itemName, quantity_verified: 3, line_complete: true },
      order_progress: { total_lines: 2, lines_verified: 1, all_verified: false },
    });
    const v2 = await s.api('POST', '/api/packing/verify', { token, body: { so_id: so1.soId, scanned_barcode: b.upc, quantity: 2 } });
    expect(v2.body.order_progress).toEqual({ total_lines: 2, lines_verified: 2, all_verified: true });
    const pc = await s.api('POST', '/api/packing/complete', { token, body: { so_id: so1.soId } });
    expect(pc.body).toEqual({ message: 'Order packed successfully', so_number: so1.soNumber, status: 'PACKED', total_items: 5, calculated_weight_lbs: 4.75 });

    // ship so1
    const sl = await s.api('GET', `/api/shipping/order/${so1.soNumber}`, { token });
    expect(sl.status).toBe(200);
    expect(sl.body).toMatchObject({ total_items: 5, total_lines: 2, sales_order: { so_id: so1.soId, status: 'PACKED', ship_method: 'GROUND' } });
    const f = await s.api('POST', '/api/shipping/fulfill', { token, body: { so_id: so1.soId, tracking_number: ' 1Z999 ', carrier: 'UPS', ship_method: 'GROUND' } });
    expect(f.status).toBe(200);
    expect(f.body).toEqual({
      message: 'Shipment fulfilled',
      fulfillment_id: expect.any(Number),
      so_number: so1.soNumber,
      tracking_number: '1Z999',
      carrier: 'UPS',
      ship_method: 'GROUND',
      lines_shipped: 2,
      total_quantity: 5,
    });
    const st1 = await orderState(s.app, so1.soId);
    expect(st1.status).toBe('SHIPPED');
    expect(st1.lines.map((l) => [l.shipped, l.status])).toEqual([[3, 'SHIPPED'], [2, 'SHIPPED']]);
    const fl = await s.app.prisma.itemFulfillmentLine.findMany({ where: { fulfillmentId: f.body.fulfillment_id }, orderBy: { soLineId: 'asc' } });
    expect(fl.map((l) => [l.itemId, l.quantityShipped, l.binId])).toEqual([
      [a.itemId, 3, w.bins.P10.binId],
      [b.itemId, 2, w.bins.PS30.binId],
    ]);
    // stock left at pick time; shipping does not subtract it again
    expect(await stockOf(s.app, a.itemId)).toMatchObject({ onHand: 57, allocated: 0 });
    expect(await stockOf(s.app, b.itemId)).toMatchObject({ onHand: 1, allocated: 0 });
    const twice = await s.api('POST', '/api/shipping/fulfill', { token, body: { so_id: so1.soId, tracking_number: '1Z', carrier: 'UPS' } });
    expect(twice.status).toBe(400);
    expect(twice.body).toEqual({ error: 'Order must be packed before shipping. Current status: SHIPPED' });

    const audit = await s.app.prisma.auditLog.findMany({ where: { warehouseId: w.warehouseId }, orderBy: { logId: 'asc' } });
    expect(audit.map((r) => [r.actionType, r.entityType, (r.details as any).type ?? null])).toEqual([
      ['PICK', 'BATCH', 'WAVE_CREATE'],
      ['PICK', 'SO', null],
      ['PICK', 'SO', 'SHORT_PICK'],
      ['PICK', 'SO', null],
      ['PICK', 'BATCH', null],
      ['PACK', 'SO', null],
      ['SHIP', 'SO', null],
    ]);
    const topics = (await s.app.prisma.eventOutbox.findMany({ where: { warehouseId: w.warehouseId }, orderBy: { id: 'asc' } })).map((e) => e.topic);
    expect(topics).toEqual([
      'picking.batch_created',
      'picking.task_picked',
      'picking.task_shorted',
      'picking.task_picked',
      'picking.batch_completed',
      'packing.verified',
      'packing.verified',
      'packing.completed',
      'shipping.fulfilled',
    ]);
  });
});
