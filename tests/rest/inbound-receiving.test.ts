import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createPo, floorUser, onHandByBin, secondWarehouse, seeded, setSetting } from '../helpers/inbound';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seeded>>;
let receiver: { token: string; username: string };

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seeded(s.app);
  receiver = await floorUser(s, [ids.warehouseId], ['receive']);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(async () => {
  await setSetting(s.app, 'allow_over_receiving', 'false');
  await setSetting(s.app, 'allow_over_receipt', 'false');
});

describe('GET /api/receiving/po/{barcode}', () => {
  it('returns the PO by barcode or number with its lines in line order', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 5 }, { itemId: ids.item2, quantity: 3 }] });
    const byBarcode = await s.api('GET', `/api/receiving/po/${po.poBarcode}`, { token: receiver.token });
    expect(byBarcode.status).toBe(200);
    expect(byBarcode.body.purchase_order).toEqual({
      po_id: po.poId,
      po_number: po.poNumber,
      po_barcode: po.poBarcode,
      vendor_name: 'Test Vendor',
      status: 'OPEN',
      expected_date: null,
      warehouse_id: ids.warehouseId,
      notes: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/),
    });
    expect(byBarcode.body.lines).toEqual([
      {
        po_line_id: po.lines[0].poLineId, line_number: 1, item_id: ids.item1, sku: 'TST-001', item_name: 'Test Widget Small',
        upc: '012345678905', item_barcode: 'ALIAS-TST-001', quantity_ordered: 5, quantity_received: 0, quantity_remaining: 5,
        status: 'PENDING', staging_bin_id: ids.stageBinId,
      },
      {
        po_line_id: po.lines[1].poLineId, line_number: 2, item_id: ids.item2, sku: 'TST-002', item_name: 'Test Widget Large',
        upc: '012345678912', item_barcode: null, quantity_ordered: 3, quantity_received: 0, quantity_remaining: 3,
        status: 'PENDING', staging_bin_id: ids.stageBinId,
      },
    ]);
    const byNumber = await s.api('GET', `/api/receiving/po/${po.poNumber}`, { token: receiver.token });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.purchase_order.po_id).toBe(po.poId);
  });

  it('answers 404 for an unknown PO, 403 for a PO of another warehouse (the reference), 400 for a closed PO', async () => {
    const other = await secondWarehouse(s.app);
    const foreign = await createPo(s.app, { warehouseId: other.warehouseId, lines: [{ itemId: ids.item1, quantity: 1 }] });
    const closed = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 1 }], status: 'CLOSED' });
    const foreignClosed = await createPo(s.app, { warehouseId: other.warehouseId, lines: [{ itemId: ids.item1, quantity: 1 }], status: 'CLOSED' });
    const denied = { status: 403, body: { error: 'Access denied for this warehouse' } };
    expect(await s.api('GET', '/api/receiving/po/NOPE-1', { token: receiver.token })).toMatchObject({ status: 404, body: { error: 'Purchase order not found' } });
    const r = await s.api('GET', `/api/receiving/po/${foreign.poNumber}`, { token: receiver.token });
    expect(r).toMatchObject(denied);
    expect(r.body).toEqual({ error: 'Access denied for this warehouse' });
    expect(await s.api('GET', `/api/receiving/po/${foreign.poBarcode ?? foreign.poNumber}`, { token: receiver.token })).toMatchObject(denied);
    expect(await s.api('GET', `/api/receiving/po/${foreignClosed.poNumber}`, { token: receiver.token })).toMatchObject(denied);
    // a user with no warehouse at all
    const none = await floorUser(s, [], ['receive']);
    expect(await s.api('GET', `/api/receiving/po/${foreign.poNumber}`, { token: none.token })).toMatchObject(denied);
    expect(await s.api('GET', '/api/receiving/po/NOPE-1', { token: none.token })).toMatchObject({ status: 404, body: { error: 'Purchase order not found' } });
    // an admin changes the user's warehouses: the same token follows at once, both ways
    const mover = await floorUser(s, [ids.warehouseId], ['receive']);
    expect(await s.api('GET', `/api/receiving/po/${foreign.poNumber}`, { token: mover.token })).toMatchObject(denied);
    const put = (warehouse_ids: number[]) => s.api('PUT', `/api/admin/users/${mover.userId}`, { token: admin, body: { warehouse_ids } });
    expect((await put([ids.warehouseId, other.warehouseId])).status).toBe(200);
    expect((await s.api('GET', `/api/receiving/po/${foreign.poNumber}`, { token: mover.token })).status).toBe(200);
    expect((await put([ids.warehouseId])).status).toBe(200);
    expect(await s.api('GET', `/api/receiving/po/${foreign.poNumber}`, { token: mover.token })).toMatchObject(denied);
    // admins are not scoped; the default receiving bin is the other warehouse's staging bin
    const asAdmin = await s.api('GET', `/api/receiving/po/${foreign.poNumber}`, { token: admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.lines[0].staging_bin_id).toBe(other.stageBinId);
    expect(await s.api('GET', `/api/receiving/po/${closed.poNumber}`, { token: receiver.token })).toMatchObject({ status: 400, body: { error: 'Purchase order is closed' } });
  });

  it('needs a token', async () => {
    const r = await s.api('GET', '/api/receiving/po/PO-1001');
    expect(r.status).toBe(401);
  });
});

describe('POST /api/receiving/receive', () => {
  it('receives into the staging bin, moves line and PO statuses OPEN -> PARTIAL -> RECEIVED and audits', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 10 }, { itemId: ids.item2, quantity: 4 }] });
    const before = await onHandByBin(s, admin, 'TST-003');
    const r1 = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, warehouse_id: ids.warehouseId, items: [{ item_id: ids.item3, quantity: 6, bin_id: ids.stageBinId }] },
    });
    expect(r1.status).toBe(200);
    expect(r1.body).toEqual({ message: 'Receipt submitted successfully', receipt_ids: [expect.any(Number)], po_status: 'PARTIAL', warnings: [] });
    const after1 = await onHandByBin(s, admin, 'TST-003');
    expect(after1['STAGE-01']).toBe((before['STAGE-01'] ?? 0) + 6);
    const view = await s.api('GET', `/api/receiving/po/${po.poNumber}`, { token: receiver.token });
    expect(view.body.purchase_order.status).toBe('PARTIAL');
    expect(view.body.lines.map((l: any) => [l.quantity_received, l.quantity_remaining, l.status])).toEqual([[6, 4, 'PARTIAL'], [0, 4, 'PENDING']]);

    const r2 = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 4, bin_id: ids.stageBinId }, { item_id: ids.item2, quantity: 4, bin_id: ids.stageBinId, lot_number: 'L1' }] },
    });
    expect(r2.status).toBe(200);
    expect(r2.body.po_status).toBe('RECEIVED');
    expect(r2.body.receipt_ids).toHaveLength(2);
    expect(await onHandByBin(s, admin, 'TST-002')).toMatchObject({ 'STAGE-01#L1': 4 });
    const row = await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: po.poId } });
    expect(row.status).toBe('RECEIVED');
    expect(row.receivedAt).toBeInstanceOf(Date);

    const audits = await s.app.prisma.auditLog.findMany({ where: { actionType: 'RECEIVE', entityId: po.poId }, orderBy: { logId: 'asc' } });
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ entityType: 'PO', userId: receiver.username, warehouseId: ids.warehouseId });
    expect(audits[0].details).toEqual({ item_id: ids.item3, quantity: 6, bin_id: ids.stageBinId, receipt_id: r1.body.receipt_ids[0] });
    const events = await s.app.prisma.eventOutbox.findMany({ where: { topic: 'receiving.received' } });
    expect(events.filter((e) => (e.payload as any).po_id === po.poId)).toHaveLength(2);

    // a RECEIVED PO cannot receive more
    const r3 = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 1, bin_id: ids.stageBinId }] } });
    expect(r3).toMatchObject({ status: 400, body: { error: 'Purchase order status is RECEIVED, cannot receive' } });
  });

  it('blocks over-receipt unless allowed (either setting key), then warns', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 5 }] });
    const body = { po_id: po.poId, items: [{ item_id: ids.item1, quantity: 3, bin_id: ids.stageBinId }, { item_id: ids.item1, quantity: 3, bin_id: ids.stageBinId }] };
    const blocked = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body });
    expect(blocked.status).toBe(400);
    expect(blocked.body).toEqual({
      error: "Over-receipt not allowed on line 1: requested 3 but only 2 remaining. Enable 'allow_over_receipt' in Settings to permit this.",
    });
    // nothing of the first entry was kept
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(0);
    expect((await s.app.prisma.purchaseOrderLine.findFirstOrThrow({ where: { poId: po.poId } })).quantityReceived).toBe(0);

    for (const key of ['allow_over_receipt', 'allow_over_receiving']) {
      await setSetting(s.app, 'allow_over_receipt', 'false');
      await setSetting(s.app, 'allow_over_receiving', 'false');
      await setSetting(s.app, key, 'true');
      const p2 = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 5 }] });
      const ok = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { ...body, po_id: p2.poId } });
      expect(ok.status).toBe(200);
      expect(ok.body.warnings).toEqual(['Over-receipt on line 1: received 3 but only 2 remaining']);
      expect(ok.body.po_status).toBe('RECEIVED');
      const view = await s.api('GET', `/api/receiving/po/${p2.poNumber}`, { token: receiver.token });
      expect(view.body.lines[0]).toMatchObject({ quantity_received: 6, quantity_remaining: -1, status: 'RECEIVED' });
    }
  });

  it('checks each entry: bin exists (404), bin in the PO warehouse (400; 404 when the caller cannot see it), item on the PO (400); nothing saved', async () => {
    const other = await secondWarehouse(s.app);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 5 }] });
    const good = { item_id: ids.item1, quantity: 1, bin_id: ids.stageBinId };
    const both = await floorUser(s, [ids.warehouseId, other.warehouseId], ['receive']);
    const cases: [unknown, number, string, string][] = [
      [{ item_id: ids.item1, quantity: 1, bin_id: 999999 }, 404, 'Bin 999999 not found', receiver.token],
      [{ item_id: ids.item1, quantity: 1, bin_id: other.stageBinId }, 404, `Bin ${other.stageBinId} not found`, receiver.token],
      [{ item_id: ids.item1, quantity: 1, bin_id: other.stageBinId }, 400, `Bin ${other.stageBinId} does not belong to this PO's warehouse`, both.token],
      [{ item_id: ids.item3, quantity: 1, bin_id: ids.stageBinId }, 400, `Item ${ids.item3} is not on PO ${po.poId}`, receiver.token],
    ];
    for (const [bad, status, error, token] of cases) {
      const r = await s.api('POST', '/api/receiving/receive', { token, body: { po_id: po.poId, items: [good, bad] } });
      expect(r.status).toBe(status);
      expect(r.body).toEqual({ error });
    }
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(0);
  });

  it('answers 404 for an unknown PO, 403 for one of another warehouse (the reference), 400 for a closed one', async () => {
    const other = await secondWarehouse(s.app);
    const foreign = await createPo(s.app, { warehouseId: other.warehouseId, lines: [{ itemId: ids.item1, quantity: 1 }] });
    const closed = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 1 }], status: 'CLOSED' });
    const items = [{ item_id: ids.item1, quantity: 1, bin_id: ids.stageBinId }];
    expect(await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: 999999, items } })).toMatchObject({ status: 404, body: { error: 'Purchase order not found' } });
    const denied = { status: 403, body: { error: 'Access denied for this warehouse' } };
    const foreignBody = { po_id: foreign.poId, items: [{ ...items[0], bin_id: other.stageBinId }] };
    expect(await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: foreignBody })).toMatchObject(denied);
    const none = await floorUser(s, [], ['receive']);
    expect(await s.api('POST', '/api/receiving/receive', { token: none.token, body: foreignBody })).toMatchObject(denied);
    expect(await s.api('POST', '/api/receiving/receive', { token: none.token, body: { po_id: 999999, items } })).toMatchObject({ status: 404, body: { error: 'Purchase order not found' } });
    // access granted to the same token after the admin change: the receipt goes through
    const mover = await floorUser(s, [ids.warehouseId], ['receive']);
    expect(await s.api('POST', '/api/receiving/receive', { token: mover.token, body: foreignBody })).toMatchObject(denied);
    expect((await s.api('PUT', `/api/admin/users/${mover.userId}`, { token: admin, body: { warehouse_ids: [other.warehouseId] } })).status).toBe(200);
    expect((await s.api('POST', '/api/receiving/receive', { token: mover.token, body: foreignBody })).status).toBe(200);
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: foreign.poId } })).toBe(1); // only the allowed receipt
    expect(await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: closed.poId, items } })).toMatchObject({ status: 400, body: { error: 'Purchase order status is CLOSED, cannot receive' } });
  });

  it('validates the body in the pydantic format', async () => {
    const r = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: -1, items: [{ item_id: 1, quantity: 0, bin_id: 'x' }, 'nope'] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'greater_than', loc: ['po_id'], msg: 'Input should be greater than 0' },
        { type: 'greater_than', loc: ['items', 0, 'quantity'], msg: 'Input should be greater than 0' },
        { type: 'int_parsing', loc: ['items', 0, 'bin_id'], msg: 'Input should be a valid integer, unable to parse string as an integer' },
        { type: 'model_type', loc: ['items', 1], msg: 'Input should be a valid dictionary or instance of ReceiveItemEntry' },
      ],
    });
    const empty = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: 1, items: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([{ type: 'too_short', loc: ['items'], msg: 'List should have at least 1 item after validation, not 0' }]);
  });

  it('refuses users without the receive function (403) and other warehouses in the body (403)', async () => {
    const picker = await floorUser(s, [ids.warehouseId], ['pick']);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 5 }] });
    const body = { po_id: po.poId, items: [{ item_id: ids.item1, quantity: 1, bin_id: ids.stageBinId }] };
    const r = await s.api('POST', '/api/receiving/receive', { token: picker.token, body });
    expect(r).toMatchObject({ status: 403, body: { error: 'Function not allowed: receive' } });
    const cancel = await s.api('POST', '/api/receiving/cancel', { token: picker.token, body: { receipt_ids: [1] } });
    expect(cancel).toMatchObject({ status: 403, body: { error: 'Function not allowed: receive' } });
    const wrongWh = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { ...body, warehouse_id: 99 } });
    expect(wrongWh).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(0);
  });
});

describe('POST /api/receiving/cancel', () => {
  it('answers "Nothing to cancel" for an empty or missing list', async () => {
    for (const body of [{}, { receipt_ids: [] }, { receipt_ids: null }]) {
      const r = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ message: 'Nothing to cancel' });
    }
  });

  it('reverses exactly what the receipts added and restores line and PO statuses', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 4 }] });
    const before = await onHandByBin(s, admin, 'TST-003');
    const rec = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 3, bin_id: ids.stageBinId }, { item_id: ids.item3, quantity: 1, bin_id: ids.stageBinId }] },
    });
    expect(rec.body.po_status).toBe('RECEIVED');
    const [first, second] = rec.body.receipt_ids;

    const r1 = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: [second, second, 987654], po_id: po.poId, warehouse_id: ids.warehouseId } });
    expect(r1.status).toBe(200);
    expect(r1.body).toEqual({ message: 'Cancelled 1 receipt(s)', reversed: 1 });
    let view = await s.api('GET', `/api/receiving/po/${po.poNumber}`, { token: receiver.token });
    expect(view.body.purchase_order.status).toBe('PARTIAL');
    expect(view.body.lines[0]).toMatchObject({ quantity_received: 3, status: 'PARTIAL' });
    expect((await onHandByBin(s, admin, 'TST-003'))['STAGE-01']).toBe((before['STAGE-01'] ?? 0) + 3);

    const r2 = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: [first, second] } });
    expect(r2.body).toEqual({ message: 'Cancelled 1 receipt(s)', reversed: 1 });
    view = await s.api('GET', `/api/receiving/po/${po.poNumber}`, { token: receiver.token });
    expect(view.body.purchase_order.status).toBe('OPEN');
    expect(view.body.lines[0]).toMatchObject({ quantity_received: 0, quantity_remaining: 4, status: 'PENDING' });
    // the 0-quantity row stays in place (legacy)
    expect((await onHandByBin(s, admin, 'TST-003'))['STAGE-01']).toBe(before['STAGE-01'] ?? 0);

    const audit = await s.app.prisma.auditLog.findMany({ where: { actionType: 'RECEIVE_CANCEL', userId: receiver.username }, orderBy: { logId: 'asc' } });
    expect(audit.map((a) => [a.entityId, a.warehouseId, a.details])).toEqual([
      [po.poId, ids.warehouseId, { reversed_receipts: 1, receipt_ids: [second] }],
      [0, ids.warehouseId, { reversed_receipts: 1, receipt_ids: [first] }],
    ]);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'receiving.cancelled' } })).toBeGreaterThanOrEqual(2);

    const again = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: [first] } });
    expect(again.body).toEqual({ message: 'Cancelled 0 receipt(s)', reversed: 0 });
  });

  it('only takes back the receipt lot, and refuses (409, nothing changed) when the stock has moved', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item2, quantity: 20 }] });
    const lotA = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: po.poId, items: [{ item_id: ids.item2, quantity: 5, bin_id: ids.stageBinId, lot_number: 'LOT-A' }] } });
    const lotB = await s.api('POST', '/api/receiving/receive', { token: receiver.token, body: { po_id: po.poId, items: [{ item_id: ids.item2, quantity: 5, bin_id: ids.stageBinId, lot_number: 'LOT-B' }] } });
    // put 3 of LOT-A away: only 2 of its 5 are still in the staging bin
    const mover = await floorUser(s, [ids.warehouseId], ['putaway']);
    const moved = await s.api('POST', '/api/putaway/confirm', { token: mover.token, body: { item_id: ids.item2, from_bin_id: ids.stageBinId, to_bin_id: ids.a0102, quantity: 3, lot_number: 'LOT-A' } });
    expect(moved.status).toBe(200);

    const refused = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: [lotB.body.receipt_ids[0], lotA.body.receipt_ids[0]] } });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: `Receipt ${lotA.body.receipt_ids[0]} cannot be cancelled: only 2 of 5 received units are still available in bin STAGE-01` });
    expect(await onHandByBin(s, admin, 'TST-002')).toMatchObject({ 'STAGE-01#LOT-A': 2, 'STAGE-01#LOT-B': 5 });
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(2);

    const ok = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: [lotB.body.receipt_ids[0]] } });
    expect(ok.body).toEqual({ message: 'Cancelled 1 receipt(s)', reversed: 1 });
    // LOT-A untouched (legacy reduced every lot of the bin)
    expect(await onHandByBin(s, admin, 'TST-002')).toMatchObject({ 'STAGE-01#LOT-A': 2, 'STAGE-01#LOT-B': 0 });
  });

  it('skips receipts of other warehouses and never reopens a CLOSED PO', async () => {
    const other = await secondWarehouse(s.app);
    const foreign = await createPo(s.app, { warehouseId: other.warehouseId, lines: [{ itemId: ids.item1, quantity: 5 }] });
    const rec = await s.api('POST', '/api/receiving/receive', { token: admin, body: { po_id: foreign.poId, items: [{ item_id: ids.item1, quantity: 2, bin_id: other.stageBinId }] } });
    expect(rec.status).toBe(200);
    const r = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: rec.body.receipt_ids, po_id: foreign.poId } });
    expect(r.body).toEqual({ message: 'Cancelled 0 receipt(s)', reversed: 0 });
    expect((await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: foreign.poId } })).status).toBe('PARTIAL');
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: foreign.poId } })).toBe(1);

    await s.app.prisma.purchaseOrder.update({ where: { poId: foreign.poId }, data: { status: 'CLOSED' } });
    const byAdmin = await s.api('POST', '/api/receiving/cancel', { token: admin, body: { receipt_ids: rec.body.receipt_ids, po_id: foreign.poId } });
    expect(byAdmin.body).toEqual({ message: 'Cancelled 1 receipt(s)', reversed: 1 });
    expect((await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: foreign.poId } })).status).toBe('CLOSED');
    expect((await s.app.prisma.purchaseOrderLine.findFirstOrThrow({ where: { poId: foreign.poId } })).quantityReceived).toBe(0);
  });

  it('validates the body', async () => {
    const r = await s.api('POST', '/api/receiving/cancel', { token: receiver.token, body: { receipt_ids: 'x', po_id: 0 } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'list_type', loc: ['receipt_ids'], msg: 'Input should be a valid list' },
        { type: 'greater_than', loc: ['po_id'], msg: 'Input should be greater than 0' },
      ],
    });
  });
});

describe('full inbound flow over REST', () => {
  it('PO lookup -> receive -> pending -> suggest -> confirm -> item lookup shows the stock in the storage bin', async () => {
    const worker = await floorUser(s, [ids.warehouseId], ['receive', 'putaway']);
    const item = await s.app.prisma.item.create({ data: { sku: 'FLOW-1', itemName: 'Flow item', defaultBinId: ids.a0201 } });
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: item.itemId, quantity: 6 }] });

    const view = await s.api('GET', `/api/receiving/po/${po.poBarcode}`, { token: worker.token });
    expect(view.status).toBe(200);
    const line = view.body.lines[0];
    const rec = await s.api('POST', '/api/receiving/receive', {
      token: worker.token,
      body: { po_id: view.body.purchase_order.po_id, warehouse_id: ids.warehouseId, items: [{ item_id: line.item_id, quantity: 6, bin_id: line.staging_bin_id }] },
    });
    expect(rec.body).toMatchObject({ po_status: 'RECEIVED', warnings: [] });

    const pending = await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token: worker.token });
    const row = pending.body.pending_items.find((p: any) => p.item_id === item.itemId);
    expect(row).toMatchObject({ sku: 'FLOW-1', quantity: 6, bin_code: 'STAGE-01', suggested_bin: 'A-02-01' });

    const suggestion = await s.api('GET', `/api/putaway/suggest/${item.itemId}`, { token: worker.token });
    expect(suggestion.body.preferred_bin).toMatchObject({ bin_id: ids.a0201, bin_code: 'A-02-01' });

    const confirm = await s.api('POST', '/api/putaway/confirm', {
      token: worker.token,
      body: { item_id: item.itemId, from_bin_id: row.bin_id, to_bin_id: suggestion.body.preferred_bin.bin_id, quantity: row.quantity, lot_number: row.lot_number, warehouse_id: ids.warehouseId },
    });
    expect(confirm.status).toBe(200);

    const lookup = await s.api('GET', '/api/lookup/item/FLOW-1', { token: worker.token });
    expect(lookup.body.locations).toEqual([
      { bin_id: ids.a0201, bin_code: 'A-02-01', bin_type: 'Pickable', zone_name: 'Storage', quantity_on_hand: 6, quantity_allocated: 0, quantity_available: 6, lot_number: null },
    ]);
    const after = await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token: worker.token });
    expect(after.body.pending_items.find((p: any) => p.item_id === item.itemId)).toBeUndefined();
  });
});
