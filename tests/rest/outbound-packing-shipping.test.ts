import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, orderState, setPackingRequired, type OutboundWorld } from '../helpers/outbound';

let s: TestServer;
let token: string;
let other: string;
let w: OutboundWorld;
let w2: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  w = await createWarehouse(s.app);
  w2 = await createWarehouse(s.app);
  const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pack', 'ship'] });
  token = await s.login(u.username, u.password);
  const o = await createUser(s.app, { warehouseIds: [w2.warehouseId], allowedFunctions: ['pack', 'ship'] });
  other = await s.login(o.username, o.password);
});
afterAll(async () => {
  await s?.close();
});

/** A PICKED order: line 1 picked 2 of item a (weight 1.5), line 2 nothing picked (weight null). */
async function pickedOrder(status = 'PICKED') {
  const a = await createItem(s.app, { weight: '1.5', aliases: ['AL-A'] });
  const b = await createItem(s.app, { weight: null });
  const so = await createOrder(s.app, { warehouseId: w.warehouseId, status, lines: [{ itemId: a.itemId, qty: 2 }, { itemId: b.itemId, qty: 1 }] });
  await s.app.prisma.salesOrderLine.update({ where: { soLineId: so.lines[0].soLineId }, data: { quantityPicked: 2 } });
  return { a, b, so };
}

describe('packing', () => {
  it('GET order: shape, 404 for unknown and other-warehouse orders, 400 when not PICKED', async () => {
    const { a, b, so } = await pickedOrder();
    const r = await s.api('GET', `/api/packing/order/${so.soNumber}`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sales_order: { so_id: so.soId, so_number: so.soNumber, so_barcode: so.soBarcode, customer_name: so.customerName, status: 'PICKED', ship_method: 'GROUND', ship_address: null, warehouse_id: w.warehouseId },
      lines: [
        { so_line_id: so.lines[0].soLineId, line_number: 1, item_id: a.itemId, sku: a.sku, item_name: a.itemName, upc: a.upc, item_barcode: a.upc, weight_lbs: 1.5, quantity_ordered: 2, quantity_picked: 2, quantity_packed: 0, pack_verified: false },
        { so_line_id: so.lines[1].soLineId, line_number: 2, item_id: b.itemId, sku: b.sku, item_name: b.itemName, upc: b.upc, item_barcode: b.upc, weight_lbs: 0, quantity_ordered: 1, quantity_picked: 0, quantity_packed: 0, pack_verified: true },
      ],
      calculated_weight_lbs: 3,
      total_items: 2,
      items_verified: 0,
    });
    expect(await s.api('GET', '/api/packing/order/NOPE', { token })).toMatchObject({ status: 404, body: { error: 'Order not found' } });
    expect(await s.api('GET', `/api/packing/order/${so.soNumber}`, { token: other })).toMatchObject({ status: 404, body: { error: 'Order not found' } });
    const open = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    expect(await s.api('GET', `/api/packing/order/${open.soBarcode}`, { token })).toMatchObject({ status: 400, body: { error: 'Order is not ready for packing. Current status: OPEN' } });
  });

  it('verify: every error, alias and SKU accepted; complete: unverified lines, then PACKED', async () => {
    const { a, b, so } = await pickedOrder();
    const verify = (body: any, t = token) => s.api('POST', '/api/packing/verify', { token: t, body });
    expect(await verify({ so_id: so.soId, scanned_barcode: a.upc }, other)).toMatchObject({ status: 404, body: { error: 'Order not found' } });
    expect(await verify({ so_id: 999999, scanned_barcode: a.upc })).toMatchObject({ status: 404, body: { error: 'Order not found' } });
    expect(await verify({ so_id: so.soId, scanned_barcode: 'NOT-ON-ORDER' })).toMatchObject({ status: 404, body: { error: 'Item not found on this order' } });
    expect(await verify({ so_id: so.soId, scanned_barcode: b.upc })).toMatchObject({ status: 400, body: { error: 'Item already fully verified on this order' } });
    expect(await verify({ so_id: so.soId, scanned_barcode: a.upc, quantity: 3 })).toMatchObject({ status: 400, body: { error: 'Over-pack: only 2 items remaining to verify' } });
    const complete = (t = token) => s.api('POST', '/api/packing/complete', { token: t, body: { so_id: so.soId } });
    expect(await complete()).toMatchObject({ status: 400, body: { error: 'Cannot complete packing - 1 items not yet verified' } });
    const v = await verify({ so_id: so.soId, scanned_barcode: 'AL-A' });
    expect(v.body).toMatchObject({ item: { quantity_verified: 1, line_complete: false }, order_progress: { total_lines: 2, lines_verified: 1, all_verified: false } });
    const v2 = await verify({ so_id: so.soId, scanned_barcode: a.sku });
    expect(v2.body).toMatchObject({ item: { sku: a.sku, line_complete: true }, order_progress: { lines_verified: 2, all_verified: true } });
    expect((await orderState(s.app, so.soId)).lines[0]).toMatchObject({ packed: 2, status: 'PACKED' });
    expect(await verify({ so_id: so.soId, scanned_barcode: a.upc })).toMatchObject({ status: 400, body: { error: 'Item already fully verified on this order' } });
    expect(await complete(other)).toMatchObject({ status: 404 });
    expect(await complete()).toMatchObject({ status: 200, body: { message: 'Order packed successfully', so_number: so.soNumber, status: 'PACKED', total_items: 2, calculated_weight_lbs: 3 } });
    expect(await complete()).toMatchObject({ status: 400, body: { error: 'Order is not ready for packing. Current status: PACKED' } });
    expect(await verify({ so_id: so.soId, scanned_barcode: a.upc })).toMatchObject({ status: 400, body: { error: 'Order is not ready for packing. Current status: PACKED' } });
    expect(await s.api('POST', '/api/packing/complete', { token, body: { so_id: 999999 } })).toMatchObject({ status: 404 });
  });

  it('refuses concurrent over-packing', async () => {
    const { a, so } = await pickedOrder();
    const rs = await Promise.all(Array.from({ length: 5 }, () => s.api('POST', '/api/packing/verify', { token, body: { so_id: so.soId, scanned_barcode: a.upc } })));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(2);
    expect((await orderState(s.app, so.soId)).lines[0].packed).toBe(2);
  });

  it('needs the pack function', async () => {
    const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['ship'] });
    const t = await s.login(u.username, u.password);
    expect(await s.api('POST', '/api/packing/complete', { token: t, body: { so_id: 1 } })).toMatchObject({ status: 403, body: { error: 'Function not allowed: pack' } });
  });
});

describe('shipping', () => {
  it('GET order: barcode checks, 404, packing required rules', async () => {
    await setPackingRequired(s.app, 'true');
    const { so } = await pickedOrder();
    expect(await s.api('GET', '/api/shipping/order/%20%20', { token })).toMatchObject({ status: 400, body: { error: 'Barcode is required' } });
    expect(await s.api('GET', `/api/shipping/order/${'x'.repeat(101)}`, { token })).toMatchObject({ status: 400, body: { error: 'Barcode too long (max 100 characters)' } });
    expect(await s.api('GET', '/api/shipping/order/NOPE', { token })).toMatchObject({ status: 404, body: { error: 'Order not found' } });
    expect(await s.api('GET', `/api/shipping/order/${so.soNumber}`, { token: other })).toMatchObject({ status: 404 });
    expect(await s.api('GET', `/api/shipping/order/${so.soNumber}`, { token })).toMatchObject({ status: 400, body: { error: 'Order must be packed before shipping' } });
    const open = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    expect(await s.api('GET', `/api/shipping/order/${open.soNumber}`, { token })).toMatchObject({ status: 400, body: { error: 'Order is not ready for shipping. Current status: OPEN' } });
    await setPackingRequired(s.app, 'false');
    const r = await s.api('GET', `/api/shipping/order/${so.soNumber}`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total_items: 2, total_lines: 2, sales_order: { status: 'PICKED' } });
    expect(r.body.lines[0]).toEqual({ so_line_id: so.lines[0].soLineId, line_number: 1, item_id: so.lines[0].itemId, sku: expect.any(String), item_name: expect.any(String), quantity_ordered: 2, quantity_picked: 2 });
    await setPackingRequired(s.app, 'true');
  });

  it('fulfill: validation, 404, packing rules, records the shipment once', async () => {
    await setPackingRequired(s.app, 'true');
    const { so } = await pickedOrder();
    const ship = (body: any, t = token) => s.api('POST', '/api/shipping/fulfill', { token: t, body });
    const blank = await ship({ so_id: so.soId, tracking_number: '   ', carrier: 'UPS' });
    expect(blank.status).toBe(400);
    expect(blank.body).toEqual({ error: 'validation_error', details: [{ type: 'value_error', loc: ['tracking_number'], msg: 'Value error, Field cannot be blank' }] });
    expect(await ship({ so_id: so.soId, tracking_number: '1Z', carrier: 'UPS' }, other)).toMatchObject({ status: 404, body: { error: 'Order not found' } });
    expect(await ship({ so_id: so.soId, tracking_number: '1Z', carrier: 'UPS' })).toMatchObject({ status: 400, body: { error: 'Order must be packed before shipping. Current status: PICKED' } });
    await setPackingRequired(s.app, 'false');
    const open = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [] });
    expect(await ship({ so_id: open.soId, tracking_number: '1Z', carrier: 'UPS' })).toMatchObject({ status: 400, body: { error: 'Order is not ready for shipping. Current status: OPEN' } });
    const ok = await ship({ so_id: so.soId, tracking_number: '1Z', carrier: ' FedEx ' });
    expect(ok.body).toMatchObject({ message: 'Shipment fulfilled', carrier: 'FedEx', ship_method: null, lines_shipped: 1, total_quantity: 2 });
    const row = await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: so.soId } });
    expect(row).toMatchObject({ status: 'SHIPPED', carrier: 'FedEx', trackingNumber: '1Z', shipMethod: 'GROUND' });
    expect((await orderState(s.app, so.soId)).lines.map((l) => [l.shipped, l.status])).toEqual([[2, 'SHIPPED'], [0, 'PENDING']]);
    // no pick task for this order: the fulfillment line has no bin (legacy fell back to bin 1)
    const fl = await s.app.prisma.itemFulfillmentLine.findMany({ where: { fulfillmentId: ok.body.fulfillment_id } });
    expect(fl.map((l) => l.binId)).toEqual([null]);
    expect(await ship({ so_id: so.soId, tracking_number: '1Z', carrier: 'UPS' })).toMatchObject({ status: 400, body: { error: 'Order is not ready for shipping. Current status: SHIPPED' } });
    await setPackingRequired(s.app, 'true');
    const u = await createUser(s.app, { warehouseIds: [w.warehouseId], allowedFunctions: ['pack'] });
    const t = await s.login(u.username, u.password);
    expect(await ship({ so_id: so.soId, tracking_number: '1Z', carrier: 'UPS' }, t)).toMatchObject({ status: 403, body: { error: 'Function not allowed: ship' } });
  });

  it('fulfill: tracking_number up to 255 and carrier up to 100 characters are stored intact (the reference)', async () => {
    await setPackingRequired(s.app, 'false');
    const ship = (body: any) => s.api('POST', '/api/shipping/fulfill', { token, body });
    const { so } = await pickedOrder();
    const tracking = `T${'1234567890'.repeat(25)}9999`; // 255
    const carrier = `C${'abcdefghij'.repeat(9)}xxxxxxxxx`; // 100
    expect([tracking.length, carrier.length]).toEqual([255, 100]);
    const tooLong = await ship({ so_id: so.soId, tracking_number: `${tracking}X`, carrier: `${carrier}X` });
    expect(tooLong).toMatchObject({ status: 400, body: { error: 'validation_error', details: [
      { type: 'string_too_long', loc: ['tracking_number'], msg: 'String should have at most 255 characters' },
      { type: 'string_too_long', loc: ['carrier'], msg: 'String should have at most 100 characters' },
    ] } });
    const ok = await ship({ so_id: so.soId, tracking_number: tracking, carrier });
    expect(ok).toMatchObject({ status: 200, body: { message: 'Shipment fulfilled', tracking_number: tracking, carrier } });
    const f = await s.app.prisma.itemFulfillment.findUniqueOrThrow({ where: { fulfillmentId: ok.body.fulfillment_id } });
    expect([f.trackingNumber, f.carrier]).toEqual([tracking, carrier]);
    const row = await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: so.soId } });
    expect([row.trackingNumber, row.carrier]).toEqual([tracking, carrier]);
    await setPackingRequired(s.app, 'true');
  });
});
