import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockViolations } from '../property/invariants';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The services' use of the allocation operations, through the API on a database of its own (the invariants are
 * checked over the whole database): allocated stock is exactly what pending pick tasks of live orders hold, after a
 * wave, a batch, a short pick, an order cancel and a batch cancel.
 */
let s: TestServer;
let w: OutboundWorld;
let token: string;

beforeAll(async () => {
  s = await startTestServer({ seed: false });
  w = await createWarehouse(s.app);
  token = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

const rowsOf = async (itemId: number) =>
  (await s.app.prisma.inventory.findMany({ where: { itemId }, orderBy: { inventoryId: 'asc' } })).map((r) => ({ onHand: r.quantityOnHand, allocated: r.quantityAllocated }));

describe('through the API: nothing stays allocated without a live order', () => {
  it('short pick, batch cancel and order cancel give back exactly what the tasks held', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 4 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 6 });
    const orders = await Promise.all([3, 3, 2].map((qty) => createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty }] })));
    const allocated = async () => (await rowsOf(item.itemId)).reduce((n, r) => n + r.allocated, 0);
    // what the wave's orders' lines hold (the batch's order keeps its line's record while it is live)
    const lineAllocated = async () =>
      (await s.app.prisma.salesOrderLine.findMany({ where: { soId: { in: [orders[0].soId, orders[1].soId] } } })).reduce((n, l) => n + l.quantityAllocated, 0);

    // a wave of the first two orders, a batch of the third
    const wave = await s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: [orders[0].soId, orders[1].soId], warehouse_id: w.warehouseId } });
    expect(wave.status, wave.text).toBe(200);
    const batch = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [orders[2].soNumber], warehouse_id: w.warehouseId } });
    expect(batch.status, batch.text).toBe(200);
    expect([await allocated(), await lineAllocated()]).toEqual([8, 6]);
    expect(await stockViolations(s.app)).toEqual([]);

    // a short pick of the batch's task: on hand goes down by what was found, its allocation is released
    const [task] = await s.app.prisma.pickTask.findMany({ where: { batchId: batch.body.batch_id } });
    const short = await s.api('POST', '/api/picking/short', { token, body: { pick_task_id: task.pickTaskId, quantity_available: 1 } });
    expect(short.status, short.text).toBe(200);
    expect(await allocated()).toBe(6);
    expect((await rowsOf(item.itemId)).reduce((n, r) => n + r.onHand, 0)).toBe(9);
    expect(await stockViolations(s.app)).toEqual([]);

    // the admin cancels the wave's second order: its part of the wave's tasks goes back, the first order keeps its 3
    const cancelled = await s.api('POST', `/api/admin/sales-orders/${orders[1].soId}/cancel`, { token });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect([await allocated(), await lineAllocated()]).toEqual([3, 3]);
    expect(await stockViolations(s.app)).toEqual([]);

    // cancelling the wave releases the rest; the first order is open again and holds nothing
    const cancel = await s.api('POST', '/api/picking/cancel-batch', { token, body: { batch_id: wave.body.batch_id } });
    expect(cancel.status, cancel.text).toBe(200);
    expect([await allocated(), await lineAllocated()]).toEqual([0, 0]);
    expect((await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: orders[0].soId } })).status).toBe('OPEN');
    expect(await stockViolations(s.app)).toEqual([]);
  });
});
