import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answered, startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { seedIds, TIMESTAMP } from '../helpers/admin-orders';

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

const createPo = (body: Record<string, unknown>) => s.api('POST', '/api/admin/purchase-orders', { token: admin, body });

describe('POST /api/admin/purchase-orders', () => {
  it('creates an OPEN PO, lines default to line 1, answers 200 with the GET body (spec 70 §15)', async () => {
    const r = await createPo({
      po_number: 'PO-X', warehouse_id: ids.warehouseId,
      lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 5 }, { item_id: ids.item('TST-002'), quantity_ordered: 3, unit_cost: '1.25' }],
    });
    expect(r.status).toBe(200);
    const poId = r.body.purchase_order.po_id;
    expect(r.body.purchase_order).toEqual({
      po_id: poId, po_number: 'PO-X', po_barcode: null, vendor_name: null, vendor: null, status: 'OPEN',
      expected_date: null, warehouse_id: ids.warehouseId, notes: null, created_at: expect.stringMatching(TIMESTAMP), line_count: 2,
    });
    expect(r.body.lines).toEqual([
      { po_line_id: expect.any(Number), line_number: 1, item_id: ids.item('TST-001'), sku: 'TST-001', item_name: 'Test Widget Small',
        upc: '012345678905', quantity_ordered: 5, quantity_received: 0, unit_cost: null, status: 'PENDING' },
      { po_line_id: expect.any(Number), line_number: 1, item_id: ids.item('TST-002'), sku: 'TST-002', item_name: 'Test Widget Large',
        upc: '012345678912', quantity_ordered: 3, quantity_received: 0, unit_cost: 1.25, status: 'PENDING' },
    ]);
    const row = await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId } });
    expect(row.createdBy).toBe('admin');
    const get = await s.api('GET', `/api/admin/purchase-orders/${poId}`, { token: admin });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(r.body);
  });

  it('accepts the panel manual-PO body (quantity_expected, vendor_address) and stores given fields', async () => {
    const r = await createPo({
      po_number: 'PO-PANEL', vendor_name: 'V', vendor_address: 'ignored', warehouse_id: ids.warehouseId,
      expected_date: '2026-12-01', notes: 'n', po_barcode: 'BC-1',
      lines: [{ item_id: ids.item('TST-003'), quantity_expected: 7, line_number: 4 }],
    });
    expect(r.status).toBe(200);
    expect(r.body.purchase_order).toMatchObject({ vendor_name: 'V', vendor: 'V', expected_date: '2026-12-01', notes: 'n', po_barcode: 'BC-1' });
    expect(r.body.lines).toMatchObject([{ line_number: 4, quantity_ordered: 7 }]);
  });

  it('rejects a duplicate po_number, an unknown item and an unknown warehouse, creating nothing', async () => {
    const before = await s.app.prisma.purchaseOrder.count();
    const dup = await createPo({ po_number: 'PO-1001', warehouse_id: ids.warehouseId, lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 1 }] });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ error: 'Duplicate po_number: PO-1001' });
    const item = await createPo({ po_number: 'PO-NI', warehouse_id: ids.warehouseId, lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 1 }, { item_id: 99999, quantity_ordered: 1 }] });
    expect(item.status).toBe(400);
    expect(item.body).toEqual({ error: 'Item 99999 not found' });
    const wh = await createPo({ po_number: 'PO-NW', warehouse_id: 9999, lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 1 }] });
    expect(wh.status).toBe(400);
    expect(wh.body).toEqual({ error: 'Warehouse 9999 not found' });
    const date = await createPo({ po_number: 'PO-ND', warehouse_id: ids.warehouseId, expected_date: 'soon', lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 1 }] });
    expect(date.status).toBe(400);
    expect(date.body).toEqual({ error: 'validation_error', details: [{ type: 'value_error', loc: ['expected_date'], msg: 'Value error, expected_date must be a valid date (YYYY-MM-DD)' }] });
    expect(await s.app.prisma.purchaseOrder.count()).toBe(before);
  });

  it('validates the body in the pydantic format', async () => {
    const r = await createPo({ lines: [] });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'missing', loc: ['po_number'], msg: 'Field required' },
        { type: 'missing', loc: ['warehouse_id'], msg: 'Field required' },
        { type: 'too_short', loc: ['lines'], msg: 'List should have at least 1 item after validation, not 0' },
      ],
    });
    const q = await createPo({ po_number: 'P', warehouse_id: 1, lines: [{ item_id: 1, quantity_ordered: 0 }] });
    expect(q.status).toBe(400);
    expect(q.body.details).toEqual([{ type: 'greater_than', loc: ['lines', 0, 'quantity_ordered'], msg: 'Input should be greater than 0' }]);
    // a unit cost beyond a double breaks the bound of its sign, as pydantic's exact Decimal does; without one it is
    // finite_number (legacy-difference: the database's 500)
    const huge = await createPo({ po_number: 'P', warehouse_id: 1, lines: [{ item_id: 1, quantity_ordered: 1, unit_cost: '-1e400' }, { item_id: 1, quantity_ordered: 1, unit_cost: '1e400' }] });
    expect(answered(huge, 400).body.details).toEqual([
      { type: 'greater_than_equal', loc: ['lines', 0, 'unit_cost'], msg: 'Input should be greater than or equal to 0' },
      { type: 'finite_number', loc: ['lines', 1, 'unit_cost'], msg: 'Input should be a finite number' },
    ]);
  });
});

describe('GET /api/admin/purchase-orders', () => {
  it('pages newest first with the legacy envelope and the panel keys', async () => {
    const total = await s.app.prisma.purchaseOrder.count();
    const r = await s.api('GET', '/api/admin/purchase-orders?per_page=1&page=2', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total, page: 2, per_page: 1, pages: total });
    const all = await s.app.prisma.purchaseOrder.findMany({ orderBy: { poId: 'desc' } });
    expect(r.body.purchase_orders).toHaveLength(1);
    const row = r.body.purchase_orders[0];
    expect(row.po_id).toBe(all[1].poId);
    expect(Object.keys(row).sort()).toEqual([
      'created_at', 'created_by', 'expected_date', 'line_count', 'lines', 'notes', 'po_barcode', 'po_id', 'po_number',
      'received_at', 'status', 'vendor', 'vendor_name', 'warehouse_id',
    ]);
    const past = await s.api('GET', '/api/admin/purchase-orders?page=99', { token: admin });
    expect(past.body).toMatchObject({ purchase_orders: [], page: 99, per_page: 50 });
  });

  it('filters by status and warehouse_id (0 / non-integer ignored)', async () => {
    const seeded = await s.app.prisma.purchaseOrder.findFirstOrThrow({ where: { poNumber: 'PO-1001' } });
    await s.app.prisma.purchaseOrder.update({ where: { poId: seeded.poId }, data: { status: 'PARTIAL' } });
    const partial = await s.api('GET', '/api/admin/purchase-orders?status=PARTIAL', { token: admin });
    expect(partial.body.purchase_orders.map((p: any) => p.po_number)).toEqual(['PO-1001']);
    expect(partial.body.purchase_orders[0]).toMatchObject({ vendor: 'Acme Supply Co.', line_count: 2 });
    expect(partial.body.purchase_orders[0].lines).toHaveLength(2);
    const other = await s.api('GET', '/api/admin/purchase-orders?warehouse_id=9999', { token: admin });
    expect(other.body).toMatchObject({ purchase_orders: [], total: 0, pages: 1 });
    const ignored = await s.api('GET', '/api/admin/purchase-orders?warehouse_id=abc', { token: admin });
    expect(ignored.body.total).toBe(await s.app.prisma.purchaseOrder.count());
    await s.app.prisma.purchaseOrder.update({ where: { poId: seeded.poId }, data: { status: 'OPEN' } });
  });
});

describe('PUT /api/admin/purchase-orders/{id} and close', () => {
  it('updates only the sent fields of an OPEN PO', async () => {
    const po = (await createPo({ po_number: 'PO-U', warehouse_id: ids.warehouseId, vendor_name: 'Old', lines: [{ item_id: ids.item('TST-001'), quantity_ordered: 1 }] })).body.purchase_order;
    const r = await s.api('PUT', `/api/admin/purchase-orders/${po.po_id}`, { token: admin, body: { notes: 'late', expected_date: '2027-01-02' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...Object.fromEntries(Object.entries(po).filter(([k]) => !['vendor', 'line_count'].includes(k))), notes: 'late', expected_date: '2027-01-02' });
    const empty = await s.api('PUT', `/api/admin/purchase-orders/${po.po_id}`, { token: admin, body: {} });
    expect(empty).toMatchObject({ status: 400, body: { error: 'No valid fields provided' } });
    const dup = await s.api('PUT', `/api/admin/purchase-orders/${po.po_id}`, { token: admin, body: { po_number: 'PO-1001' } });
    expect(dup).toMatchObject({ status: 400, body: { error: 'Duplicate po_number: PO-1001' } });
    const nul = await s.api('PUT', `/api/admin/purchase-orders/${po.po_id}`, { token: admin, body: { po_number: null } });
    expect(nul.status).toBe(400);
    expect(nul.body.error).toBe('validation_error');
    const closed = await s.api('POST', `/api/admin/purchase-orders/${po.po_id}/close`, { token: admin });
    expect(closed).toMatchObject({ status: 200, body: { message: 'Purchase order closed' } });
    const again = await s.api('POST', `/api/admin/purchase-orders/${po.po_id}/close`, { token: admin });
    expect(again.status).toBe(200);
    const locked = await s.api('PUT', `/api/admin/purchase-orders/${po.po_id}`, { token: admin, body: { notes: 'x' } });
    expect(locked).toMatchObject({ status: 400, body: { error: 'Can only update POs with OPEN status. Current: CLOSED' } });
    expect((await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: po.po_id } })).notes).toBe('late');
  });

  it('answers 404 for unknown ids (also beyond the int range) and HTML 404 for non-integers', async () => {
    for (const [m, p] of [['GET', '/api/admin/purchase-orders/99999'], ['PUT', '/api/admin/purchase-orders/99999'], ['POST', '/api/admin/purchase-orders/99999/close'], ['GET', '/api/admin/purchase-orders/99999999999']] as const) {
      const r = await s.api(m, p, { token: admin, body: m === 'PUT' ? { notes: 'x' } : undefined });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: 'Purchase order not found' });
    }
    const html = await s.api('GET', '/api/admin/purchase-orders/abc', { token: admin });
    expect(html.status).toBe(404);
    expect(html.text).toContain('<title>404 Not Found</title>');
  });

  it('is admin only: USER gets 403 Forbidden on every path, no token 401', async () => {
    const u = await createUser(s.app, { warehouseIds: [ids.warehouseId] });
    const token = await s.login(u.username, u.password);
    for (const [m, p] of [['GET', '/api/admin/purchase-orders'], ['GET', '/api/admin/purchase-orders/1'], ['POST', '/api/admin/purchase-orders'], ['PUT', '/api/admin/purchase-orders/1'], ['POST', '/api/admin/purchase-orders/1/close']] as const) {
      const r = await s.api(m, p, { token, body: m === 'GET' ? undefined : {} });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ error: 'Forbidden' });
    }
    expect((await s.api('GET', '/api/admin/purchase-orders')).status).toBe(401);
  });
});
