import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, expectAnswer, answered } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { allocateForPicking, seedIds, TIMESTAMP } from '../helpers/admin-orders';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seedIds>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seedIds(s.app);
});
afterAll(async () => {
  await s?.close();
});

const createSo = (body: Record<string, unknown>) => s.api('POST', '/api/admin/sales-orders', { token: admin, body });
const newSo = async (soNumber: string, lines: { sku: string; qty: number }[]) => {
  const r = await createSo({ so_number: soNumber, warehouse_id: ids.warehouseId, lines: lines.map((l) => ({ item_id: ids.item(l.sku), quantity_ordered: l.qty })) });
  expect(r.status).toBe(200);
  return r.body as { sales_order: any; lines: any[] };
};
const allocated = async (sku: string, bin: string) =>
  (await s.app.prisma.inventory.findFirstOrThrow({ where: { itemId: ids.item(sku), binId: ids.bin(bin) } })).quantityAllocated;

describe('POST /api/admin/sales-orders', () => {
  it('creates an OPEN SO with priority 0, order_date now and the spec 70 §15 body', async () => {
    const r = await createSo({ so_number: 'SO-X', warehouse_id: ids.warehouseId, lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 5 }] });
    expect(r.status).toBe(200);
    expect(r.body.sales_order).toEqual({
      so_id: expect.any(Number), so_number: 'SO-X', so_barcode: null, customer_name: null, status: 'OPEN', priority: 0,
      warehouse_id: ids.warehouseId, ship_method: null, ship_address: null, order_date: expect.stringMatching(TIMESTAMP),
      ship_by_date: null, created_at: expect.stringMatching(TIMESTAMP), created_by: 'admin',
    });
    expect(r.body.lines).toEqual([{
      so_line_id: expect.any(Number), line_number: 1, item_id: ids.item('TST-001'), sku: 'TST-001', item_name: 'Test Widget Small',
      upc: '012345678905', quantity_ordered: 5, quantity_allocated: 0, quantity_picked: 0, quantity_packed: 0, quantity_shipped: 0, status: 'PENDING',
    }]);
    const get = await s.api('GET', `/api/admin/sales-orders/${r.body.sales_order.so_id}`, { token: admin });
    expect(get.body).toEqual(r.body);
  });

  it('accepts the panel manual-SO body (lines[].quantity) and rejects duplicates / unknown items', async () => {
    const r = await createSo({ so_number: 'SO-PANEL', customer_name: 'C', customer_phone: '1', customer_address: 'A', ship_address: 'A', ship_by_date: '2026-12-24', warehouse_id: ids.warehouseId, lines: [{ item_id: ids.item('TST-002'), quantity: 4 }] });
    expect(r.status).toBe(200);
    expect(r.body.sales_order).toMatchObject({ customer_name: 'C', ship_address: 'A', ship_by_date: '2026-12-24' });
    expect(r.body.lines[0].quantity_ordered).toBe(4);
    expectAnswer(await createSo({ so_number: 'SO-1001', warehouse_id: ids.warehouseId, lines: [{ item_id: 1, quantity_ordered: 1 }] }), 400, { error: 'Duplicate so_number: SO-1001' });
    expectAnswer(await createSo({ so_number: 'SO-NI', warehouse_id: ids.warehouseId, lines: [{ item_id: 424242, quantity_ordered: 1 }] }), 400, { error: 'Item 424242 not found' });
    expect(await s.app.prisma.salesOrder.count({ where: { soNumber: 'SO-NI' } })).toBe(0);
  });
});

describe('GET /api/admin/sales-orders', () => {
  it('lists newest first with filters, pagination and the panel keys', async () => {
    const r = await s.api('GET', `/api/admin/sales-orders?status=OPEN&warehouse_id=${ids.warehouseId}&per_page=2`, { token: admin });
    expect(r.status).toBe(200);
    const open = await s.app.prisma.salesOrder.findMany({ where: { status: 'OPEN' }, orderBy: { soId: 'desc' } });
    expect(r.body).toMatchObject({ total: open.length, page: 1, per_page: 2, pages: Math.ceil(open.length / 2) });
    expect(r.body.sales_orders.map((o: any) => o.so_id)).toEqual(open.slice(0, 2).map((o) => o.soId));
    const seeded = (await s.api('GET', '/api/admin/sales-orders?per_page=1000', { token: admin })).body.sales_orders.find((o: any) => o.so_number === 'SO-1002');
    expect(seeded).toMatchObject({ order_number: 'SO-1002', customer_phone: '555-0101', priority: 5, ship_by: null, line_count: 2, carrier: null, tracking_number: null, shipped_at: null });
    expect(seeded.lines.map((l: any) => l.quantity)).toEqual([3, 1]);
    const none = await s.api('GET', '/api/admin/sales-orders?status=SHIPPED', { token: admin });
    expect(none.body).toMatchObject({ sales_orders: [], total: 0, pages: 1 });
  });
});

describe('PUT /api/admin/sales-orders/{id}', () => {
  it('updates an OPEN SO and refuses other statuses', async () => {
    const so = await newSo('SO-U', [{ sku: 'TST-001', qty: 1 }]);
    const r = await s.api('PUT', `/api/admin/sales-orders/${so.sales_order.so_id}`, { token: admin, body: { priority: 7, customer_name: 'New', ship_by_date: null } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ so_id: so.sales_order.so_id, so_number: 'SO-U', so_barcode: null, customer_name: 'New', status: 'OPEN', warehouse_id: ids.warehouseId, ship_method: null, ship_address: null, created_at: so.sales_order.created_at });
    expect((await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: so.sales_order.so_id } })).priority).toBe(7);
    expect(answered(await s.api('PUT', `/api/admin/sales-orders/${so.sales_order.so_id}`, { token: admin, body: { priority: 11 } }), 400).body.details[0]).toEqual({ type: 'less_than_equal', loc: ['priority'], msg: 'Input should be less than or equal to 10' });
    expectAnswer(await s.api('PUT', `/api/admin/sales-orders/${so.sales_order.so_id}`, { token: admin, body: {} }), 400, { error: 'No valid fields provided' });
    expect((await s.api('PUT', '/api/admin/sales-orders/99999', { token: admin, body: { priority: 1 } }))).toMatchObject({ status: 404, body: { error: 'Sales order not found' } });
    await s.api('POST', `/api/admin/sales-orders/${so.sales_order.so_id}/cancel`, { token: admin });
    const locked = await s.api('PUT', `/api/admin/sales-orders/${so.sales_order.so_id}`, { token: admin, body: { priority: 1 } });
    expect(locked).toMatchObject({ status: 400, body: { error: 'Can only update SOs with OPEN status. Current: CANCELLED' } });
  });
});

describe('POST /api/admin/sales-orders/{id}/cancel', () => {
  it('cancels an OPEN SO without touching inventory', async () => {
    const so = await newSo('SO-C1', [{ sku: 'TST-001', qty: 2 }]);
    const before = await allocated('TST-001', 'A-01-01');
    const r = await s.api('POST', `/api/admin/sales-orders/${so.sales_order.so_id}/cancel`, { token: admin });
    expect(r).toMatchObject({ status: 200, body: { message: 'Sales order cancelled' } });
    expect((await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: so.sales_order.so_id } })).status).toBe('CANCELLED');
    expect(await allocated('TST-001', 'A-01-01')).toBe(before);
    const again = await s.api('POST', `/api/admin/sales-orders/${so.sales_order.so_id}/cancel`, { token: admin });
    expect(again).toMatchObject({ status: 400, body: { error: 'Can only cancel OPEN, ALLOCATED, or PICKING orders. Current: CANCELLED' } });
    expect((await s.api('POST', '/api/admin/sales-orders/99999/cancel', { token: admin }))).toMatchObject({ status: 404, body: { error: 'Sales order not found' } });
  });

  it('PICKING: releases exactly what the pending tasks hold, deletes pending tasks and batch links, keeps picked tasks, zeroes lines', async () => {
    const so = await newSo('SO-C2', [{ sku: 'TST-001', qty: 6 }, { sku: 'TST-003', qty: 2 }]);
    const [l1, l2] = so.lines;
    const a0 = await allocated('TST-001', 'A-01-01');
    const p0 = await allocated('TST-001', 'PS-01');
    const c0 = await allocated('TST-003', 'A-01-03');
    await allocateForPicking(s.app, so.sales_order.so_id, [
      { soLineId: l1.so_line_id, itemId: ids.item('TST-001'), binId: ids.bin('A-01-01'), quantity: 4 },
      { soLineId: l1.so_line_id, itemId: ids.item('TST-001'), binId: ids.bin('PS-01'), quantity: 2 },
      { soLineId: l2.so_line_id, itemId: ids.item('TST-003'), binId: ids.bin('A-01-03'), quantity: 2, status: 'PICKED' },
    ]);
    // the picked task's allocation was consumed at pick time
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item('TST-003'), binId: ids.bin('A-01-03') }, data: { quantityAllocated: { decrement: 2 } } });
    const r = await s.api('POST', `/api/admin/sales-orders/${so.sales_order.so_id}/cancel`, { token: admin });
    expect(r).toMatchObject({ status: 200, body: { message: 'Sales order cancelled' } });
    expect(await allocated('TST-001', 'A-01-01')).toBe(a0);
    expect(await allocated('TST-001', 'PS-01')).toBe(p0);
    expect(await allocated('TST-003', 'A-01-03')).toBe(c0);
    // the pending tasks go; the picked one stays: its units left the bin and this is their only record
    expect(await s.app.prisma.pickTask.findMany({ where: { soId: so.sales_order.so_id }, select: { status: true, quantityPicked: true, itemId: true } })).toEqual([
      { status: 'PICKED', quantityPicked: 0, itemId: ids.item('TST-003') },
    ]);
    expect(await s.app.prisma.pickBatchOrder.count({ where: { soId: so.sales_order.so_id } })).toBe(0);
    const lines = await s.app.prisma.salesOrderLine.findMany({ where: { soId: so.sales_order.so_id } });
    expect(lines.map((l) => l.quantityAllocated)).toEqual([0, 0]);
  });

  it('never drives inventory allocation negative (legacy had no floor)', async () => {
    const so = await newSo('SO-C3', [{ sku: 'TST-004', qty: 3 }]);
    await allocateForPicking(s.app, so.sales_order.so_id, [{ soLineId: so.lines[0].so_line_id, itemId: ids.item('TST-004'), binId: ids.bin('A-02-01'), quantity: 3 }]);
    // something else already released part of it
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item('TST-004'), binId: ids.bin('A-02-01') }, data: { quantityAllocated: 1 } });
    const r = await s.api('POST', `/api/admin/sales-orders/${so.sales_order.so_id}/cancel`, { token: admin });
    expect(r.status).toBe(200);
    expect(await allocated('TST-004', 'A-02-01')).toBe(0);
  });

  it('two concurrent cancels release once', async () => {
    const so = await newSo('SO-C4', [{ sku: 'TST-005', qty: 10 }]);
    const base = await allocated('TST-005', 'A-02-02');
    await allocateForPicking(s.app, so.sales_order.so_id, [{ soLineId: so.lines[0].so_line_id, itemId: ids.item('TST-005'), binId: ids.bin('A-02-02'), quantity: 10 }]);
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item('TST-005'), binId: ids.bin('A-02-02') }, data: { quantityAllocated: { increment: 5 } } }); // another order's 5
    const results = await Promise.all([1, 2, 3].map(() => s.api('POST', `/api/admin/sales-orders/${so.sales_order.so_id}/cancel`, { token: admin })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect(await allocated('TST-005', 'A-02-02')).toBe(base + 5);
  });

  it('cancels the lead order of a wave task (legacy 500): its share is released, the next contributor leads', async () => {
    const lead = await newSo('SO-W1', [{ sku: 'TST-002', qty: 1 }]);
    const next = await newSo('SO-W2', [{ sku: 'TST-002', qty: 2 }]);
    const before = await allocated('TST-002', 'A-01-02');
    await allocateForPicking(s.app, lead.sales_order.so_id, [{ soLineId: lead.lines[0].so_line_id, itemId: ids.item('TST-002'), binId: ids.bin('A-01-02'), quantity: 1 }]);
    const task = await s.app.prisma.pickTask.findFirstOrThrow({ where: { soId: lead.sales_order.so_id } });
    // the second order joins the task as a wave would have made it: 3 units, two breakdown rows
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item('TST-002'), binId: ids.bin('A-01-02') }, data: { quantityAllocated: { increment: 2 } } });
    await s.app.prisma.pickTask.update({ where: { pickTaskId: task.pickTaskId }, data: { quantityToPick: 3 } });
    await s.app.prisma.wavePickBreakdown.createMany({ data: [
      { pickTaskId: task.pickTaskId, soId: lead.sales_order.so_id, soLineId: lead.lines[0].so_line_id, quantity: 1 },
      { pickTaskId: task.pickTaskId, soId: next.sales_order.so_id, soLineId: next.lines[0].so_line_id, quantity: 2 },
    ] });
    const r = await s.api('POST', `/api/admin/sales-orders/${lead.sales_order.so_id}/cancel`, { token: admin });
    expect(r).toMatchObject({ status: 200, body: { message: 'Sales order cancelled' } });
    expect(await allocated('TST-002', 'A-01-02')).toBe(before + 2);
    expect(await s.app.prisma.pickTask.findUniqueOrThrow({ where: { pickTaskId: task.pickTaskId } })).toMatchObject({
      soId: next.sales_order.so_id, soLineId: next.lines[0].so_line_id, quantityToPick: 2, status: 'PENDING',
    });
    expect((await s.app.prisma.wavePickBreakdown.findMany({ where: { pickTaskId: task.pickTaskId } })).map((b) => [b.soId, b.quantity])).toEqual([[next.sales_order.so_id, 2]]);
    expect((await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: lead.sales_order.so_id } })).status).toBe('CANCELLED');
  });

  it('is admin only', async () => {
    const u = await createUser(s.app, { warehouseIds: [ids.warehouseId] });
    const token = await s.login(u.username, u.password);
    for (const [m, p] of [['GET', '/api/admin/sales-orders'], ['GET', '/api/admin/sales-orders/1'], ['POST', '/api/admin/sales-orders'], ['PUT', '/api/admin/sales-orders/1'], ['POST', '/api/admin/sales-orders/1/cancel']] as const) {
      const r = await s.api(m, p, { token, body: m === 'GET' ? undefined : {} });
      expect(r).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    }
  });
});
