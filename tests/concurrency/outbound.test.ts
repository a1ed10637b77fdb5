import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, stock, stockOf, type OutboundWorld } from '../helpers/outbound';

let s: TestServer;
let token: string;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer({ seed: false });
  w = await createWarehouse(s.app);
  const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pick', 'pack', 'ship'] });
  token = await s.login(u.username, u.password);
  await s.app.prisma.appSetting.upsert({ where: { key: 'require_packing_before_shipping' }, create: { key: 'require_packing_before_shipping', value: 'false' }, update: { value: 'false' } });
});
afterAll(async () => {
  await s?.close();
});

describe('no oversell under concurrent batching', () => {
  it('10 concurrent create-batch for 10 orders of 3 units with 12 on hand promise each unit once', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 5 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 7 });
    const orders = await Promise.all(Array.from({ length: 10 }, () => createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 3 }] })));
    const rs = await Promise.all(
      orders.map((so) => s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [so.soNumber], warehouse_id: w.warehouseId } })),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(rs.map((r) => r.body.batch_number)).size).toBe(10);
    const allocatedByBatches = rs.reduce((sum, r) => sum + r.body.total_items, 0);
    expect(allocatedByBatches).toBe(12);
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 12, allocated: 12 });
    const lines = await s.app.prisma.salesOrderLine.findMany({ where: { itemId: item.itemId } });
    expect(lines.reduce((x, l) => x + l.quantityAllocated, 0)).toBe(12);

    // pick everything in parallel, complete, ship: on hand 0, allocated 0, shipped 12
    const tasks = await s.app.prisma.pickTask.findMany({ where: { itemId: item.itemId } });
    expect(tasks.reduce((x, t) => x + t.quantityToPick, 0)).toBe(12);
    const confirms = await Promise.all(
      tasks.map((t) => s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: t.pickTaskId, scanned_barcode: item.upc, quantity_picked: t.quantityToPick } })),
    );
    expect(confirms.every((c) => c.status === 200)).toBe(true);
    const completes = await Promise.all(rs.map((r) => s.api('POST', '/api/picking/complete-batch', { token, body: { batch_id: r.body.batch_id } })));
    expect(completes.map((c) => c.status)).toEqual(Array(10).fill(200));
    const ships = await Promise.all(orders.map((so) => s.api('POST', '/api/shipping/fulfill', { token, body: { so_id: so.soId, tracking_number: `T${so.soId}`, carrier: 'UPS' } })));
    expect(ships.every((r) => r.status === 200)).toBe(true);
    const shipped = (await s.app.prisma.salesOrderLine.findMany({ where: { itemId: item.itemId } })).reduce((x, l) => x + l.quantityShipped, 0);
    expect(shipped).toBe(12);
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 0, allocated: 0 });
  });

  it('one order batched by 6 concurrent requests lands in exactly one active batch', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 100 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 4 }] });
    const rs = await Promise.all([
      ...Array.from({ length: 3 }, () => s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [so.soNumber], warehouse_id: w.warehouseId } })),
      ...Array.from({ length: 3 }, () => s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: [so.soId], warehouse_id: w.warehouseId } })),
    ]);
    const ok = rs.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of rs.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.batch_id).toBe(ok[0].body.batch_id);
    }
    expect(await s.app.prisma.pickBatchOrder.count({ where: { soId: so.soId } })).toBe(1);
    expect(await stockOf(s.app, item.itemId)).toMatchObject({ onHand: 100, allocated: 4 });
  });

  it('a task confirmed three times and shorted at once is picked exactly once', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 10 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 4 }] });
    const b = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [so.soNumber], warehouse_id: w.warehouseId } });
    expect(b.status, b.text).toBe(200);
    const id = b.body.tasks[0].pick_task_id;
    const rs = await Promise.all([
      ...Array.from({ length: 3 }, () => s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 4 } })),
      s.api('POST', '/api/picking/short', { token, body: { pick_task_id: id } }),
    ]);
    // one of them wins, the others are refused cleanly (never a 5xx)
    expect(rs.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
    const [won] = rs.filter((r) => r.status === 200);
    const st = await stockOf(s.app, item.itemId);
    expect(st.allocated).toBe(0);
    expect(st.onHand).toBe(won.body.message === 'Pick confirmed' ? 6 : 10);
    expect(await s.app.prisma.pickTask.findUniqueOrThrow({ where: { pickTaskId: id } })).toMatchObject({ status: won.body.message === 'Pick confirmed' ? 'PICKED' : 'SHORT' });
  });

  it('a task confirmed twice at once while its batch is cancelled: one pick or a cancel, never a 5xx', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 10 });
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 4 }] });
    const b = await s.api('POST', '/api/picking/create-batch', { token, body: { so_identifiers: [so.soNumber], warehouse_id: w.warehouseId } });
    expect(b.status, b.text).toBe(200);
    const id = b.body.tasks[0].pick_task_id;
    const rs = await Promise.all([
      ...Array.from({ length: 3 }, () => s.api('POST', '/api/picking/confirm', { token, body: { pick_task_id: id, scanned_barcode: item.upc, quantity_picked: 4 } })),
      s.api('POST', '/api/picking/short', { token, body: { pick_task_id: id } }),
      s.api('POST', '/api/picking/cancel-batch', { token, body: { batch_id: b.body.batch_id } }),
    ]);
    expect(rs.filter((r) => r.status >= 500).map((r) => r.text)).toEqual([]);
    const picks = rs.slice(0, 4).filter((r) => r.status === 200);
    const cancelled = rs[4].status === 200;
    // at most one pick; zero only when the cancel came first
    expect(picks.length).toBe(cancelled && picks.length === 0 ? 0 : 1);
    const st = await stockOf(s.app, item.itemId);
    expect(st.allocated).toBe(0);
    expect(st.onHand).toBe(picks.length === 1 && picks[0].body.message === 'Pick confirmed' ? 6 : 10);
  });
});
