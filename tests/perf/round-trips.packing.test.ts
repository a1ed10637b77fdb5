/**
 * Statements each pack and ship write sends to PostgreSQL (bench/query-counter.ts counts every pg.Client#query of the
 * app, the BEGIN and COMMIT that ride with the first and the final statement included): a write that locks and
 * reads in one statement and writes everything in its final one is BEGIN + 2 + COMMIT = 4 (two round trips). The
 * stations' order reads (GET pack order / ship order by barcode) are one statement each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installRequestCounter, requestStatements } from '../helpers/request-statements';
import { startTestServer, type ApiResponse, type TestServer } from '../helpers/server';
import { createItem, createOrder, createWarehouse, orderState, setPackingRequired, type OutboundWorld } from '../helpers/outbound';

installRequestCounter();

let s: TestServer;
let token: string;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer();
  token = await s.adminToken();
  w = await createWarehouse(s.app);
  // the token check reads the user once; later requests are served from the cache
  expect((await s.api('GET', '/api/packing/order/NONE', { token })).status).toBe(404);
});
afterAll(async () => s?.close());

/** A PICKED order of three lines, two of them picked (2 and 3 units), one not picked. */
async function pickedOrder() {
  const items = [await createItem(s.app), await createItem(s.app), await createItem(s.app)];
  const so = await createOrder(s.app, { warehouseId: w.warehouseId, status: 'PICKED', lines: items.map((it) => ({ itemId: it.itemId, qty: 3 })) });
  await s.app.prisma.salesOrderLine.update({ where: { soLineId: so.lines[0].soLineId }, data: { quantityPicked: 2 } });
  await s.app.prisma.salesOrderLine.update({ where: { soLineId: so.lines[1].soLineId }, data: { quantityPicked: 3 } });
  return { so, items };
}

/** Statements of one request, and its answer. */
async function counted(method: string, path: string, body?: unknown): Promise<{ n: number; r: ApiResponse }> {
  const before = requestStatements();
  const r = await s.api(method, path, { token, body });
  return { n: requestStatements() - before, r };
}

type Op = 'verify' | 'complete' | 'fulfill';

/** One order through verify (both picked lines), complete and fulfill; the statements of each request. */
async function packAndShip(): Promise<Record<Op, number>> {
  const { so, items } = await pickedOrder();
  const verifies: number[] = [];
  for (const [i, qty] of [[0, 2], [1, 3]] as const) {
    const v = await counted('POST', '/api/packing/verify', { so_id: so.soId, scanned_barcode: items[i].upc, quantity: qty });
    expect(v.r.status, v.r.text).toBe(200);
    verifies.push(v.n);
  }
  const c = await counted('POST', '/api/packing/complete', { so_id: so.soId });
  expect(c.r.status, c.r.text).toBe(200);
  const f = await counted('POST', '/api/shipping/fulfill', { so_id: so.soId, tracking_number: `1Z${so.soId}`, carrier: 'UPS', ship_method: 'GROUND' });
  expect(f.r.status, f.r.text).toBe(200);
  expect(f.r.body).toMatchObject({ lines_shipped: 2, total_quantity: 5, so_number: so.soNumber });
  expect((await orderState(s.app, so.soId)).status).toBe('SHIPPED');
  return { verify: Math.min(...verifies), complete: c.n, fulfill: f.n };
}

describe('round trips of packing and shipping writes', () => {
  it('verify, complete and fulfill: BEGIN + lock-and-read + final write + COMMIT', async () => {
    await setPackingRequired(s.app, 'true');
    // the least of a few runs, so unrelated background work cannot inflate it
    const least: Record<Op, number> = { verify: Infinity, complete: Infinity, fulfill: Infinity };
    for (let i = 0; i < 4; i++) {
      const n = await packAndShip();
      for (const op of Object.keys(least) as Op[]) least[op] = Math.min(least[op], n[op]);
    }
    expect(least).toEqual({ verify: 4, complete: 4, fulfill: 4 });
  });
});

describe('fulfill in two round trips records what it recorded in three', () => {
  it('the fulfillment, its lines in line order, the order and its lines, the event and the audit row; a refusal draws no id', async () => {
    await setPackingRequired(s.app, 'false');
    const ship = (soId: number) =>
      s.api('POST', '/api/shipping/fulfill', { token, body: { so_id: soId, tracking_number: `TRK-${soId}`, carrier: 'UPS', ship_method: 'GROUND' } });
    const first = await pickedOrder();
    const a = await ship(first.so.soId);
    expect(a.status, a.text).toBe(200);
    // refused: not found, and not ready (packing required for a PICKED order; an OPEN order)
    expect((await ship(999999)).status).toBe(404);
    await setPackingRequired(s.app, 'true');
    const { so, items } = await pickedOrder();
    expect(await ship(so.soId)).toMatchObject({ status: 400, body: { error: 'Order must be packed before shipping. Current status: PICKED' } });
    await setPackingRequired(s.app, 'false');
    const open = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    expect(await ship(open.soId)).toMatchObject({ status: 400, body: { error: 'Order is not ready for shipping. Current status: OPEN' } });

    const r = await ship(so.soId);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({
      message: 'Shipment fulfilled',
      fulfillment_id: a.body.fulfillment_id + 1,
      so_number: so.soNumber,
      tracking_number: `TRK-${so.soId}`,
      carrier: 'UPS',
      ship_method: 'GROUND',
      lines_shipped: 2,
      total_quantity: 5,
    });
    const id = r.body.fulfillment_id as number;
    const f = await s.app.prisma.itemFulfillment.findUniqueOrThrow({ where: { fulfillmentId: id }, include: { lines: { orderBy: { fulfillmentLineId: 'asc' } } } });
    expect(f).toMatchObject({ soId: so.soId, warehouseId: w.warehouseId, trackingNumber: `TRK-${so.soId}`, carrier: 'UPS', shipMethod: 'GROUND', status: 'SHIPPED', shippedBy: 'admin' });
    expect(f.lines.map((l) => [l.soLineId, l.itemId, l.quantityShipped, l.binId])).toEqual([
      [so.lines[0].soLineId, items[0].itemId, 2, null],
      [so.lines[1].soLineId, items[1].itemId, 3, null],
    ]);
    const order = await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: so.soId } });
    expect(order).toMatchObject({ status: 'SHIPPED', carrier: 'UPS', trackingNumber: `TRK-${so.soId}`, shippedAt: f.shippedAt });
    expect((await orderState(s.app, so.soId)).lines.map((l) => [l.shipped, l.status])).toEqual([[2, 'SHIPPED'], [3, 'SHIPPED'], [0, 'PENDING']]);
    const event = await s.app.prisma.eventOutbox.findFirstOrThrow({ where: { topic: 'shipping.fulfilled', warehouseId: w.warehouseId }, orderBy: { id: 'desc' } });
    expect(event.payload).toEqual({ so_id: so.soId, fulfillment_id: id, lines_shipped: 2, total_quantity: 5 });
    const audit = await s.app.prisma.auditLog.findMany({ where: { actionType: 'SHIP', entityId: so.soId } });
    expect(audit.map((x) => [x.entityType, x.userId, x.warehouseId, x.details])).toEqual([
      ['SO', 'admin', w.warehouseId, { so_number: so.soNumber, tracking_number: `TRK-${so.soId}`, carrier: 'UPS', fulfillment_id: id }],
    ]);
    await setPackingRequired(s.app, 'true');
  });
});

describe('statements of the pack and ship station reads', () => {
  it('GET pack order and GET ship order by barcode: one statement each', async () => {
    await setPackingRequired(s.app, 'false');
    const { so } = await pickedOrder();
    const least = { pack: Infinity, ship: Infinity };
    for (let i = 0; i < 4; i++) {
      const p = await counted('GET', `/api/packing/order/${so.soBarcode}`);
      expect(p.r.status, p.r.text).toBe(200);
      expect(p.r.body.lines).toHaveLength(3);
      least.pack = Math.min(least.pack, p.n);
      const sh = await counted('GET', `/api/shipping/order/${so.soNumber}`);
      expect(sh.r.status, sh.r.text).toBe(200);
      expect(sh.r.body.lines).toHaveLength(3);
      least.ship = Math.min(least.ship, sh.n);
    }
    expect(least).toEqual({ pack: 1, ship: 1 });
    await setPackingRequired(s.app, 'true');
  });
});

describe('fulfill serialises on the order', () => {
  it('5 concurrent fulfills of one order: one shipment, the others see SHIPPED', async () => {
    await setPackingRequired(s.app, 'false');
    const { so } = await pickedOrder();
    const rs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => s.api('POST', '/api/shipping/fulfill', { token, body: { so_id: so.soId, tracking_number: `C${i}`, carrier: 'UPS' } })),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
    for (const r of rs.filter((x) => x.status === 400)) expect(r.body).toEqual({ error: 'Order is not ready for shipping. Current status: SHIPPED' });
    const fulfillments = await s.app.prisma.itemFulfillment.findMany({ where: { soId: so.soId }, include: { lines: true } });
    expect(fulfillments.map((f) => f.lines.length)).toEqual([2]);
    expect(fulfillments[0].fulfillmentId).toBe(rs.find((r) => r.status === 200)!.body.fulfillment_id);
    expect(await s.app.prisma.auditLog.count({ where: { actionType: 'SHIP', entityId: so.soId } })).toBe(1);
    expect((await orderState(s.app, so.soId)).lines.map((l) => l.shipped)).toEqual([2, 3, 0]);
    await setPackingRequired(s.app, 'true');
  });
});
