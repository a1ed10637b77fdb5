import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeItem, makeWarehouse, onHand, putStock, seedIds, stockedBin, stockRows, TS } from '../helpers/inventory';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

async function mover(warehouseIds: number[], fns = ['transfer']) {
  const u = await createUser(s.app, { warehouseIds, allowedFunctions: fns });
  return { user: u, token: await s.login(u.username, u.password) };
}

describe('POST /api/transfers/move', () => {
  it('moves seeded stock between bins of WH1 as the scanner sends it', async () => {
    const ids = await seedIds(s.app);
    const { user, token } = await mover([ids.warehouseId]);
    const item = ids.item['TST-002'];
    const from = ids.bin['A-01-02'];
    const to = ids.bin['A-01-03'];
    const r = await s.api('POST', '/api/transfers/move', {
      token,
      body: { item_id: item, from_bin_id: from, to_bin_id: to, quantity: 5, warehouse_id: ids.warehouseId },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      message: 'Transfer completed',
      transfer_id: expect.any(Number),
      item: { sku: 'TST-002', item_name: 'Test Widget Large' },
      from_bin: { bin_code: 'A-01-02', remaining_quantity: 25 },
      to_bin: { bin_code: 'A-01-03', new_quantity: 5 },
      quantity_moved: 5,
    });
    expect(await onHand(s.app, item, from)).toBe(25);
    expect(await onHand(s.app, item, to)).toBe(5);
    const t = await s.app.prisma.binTransfer.findUniqueOrThrow({ where: { transferId: r.body.transfer_id } });
    expect([t.transferType, t.quantity, t.warehouseId, t.transferredBy, t.reason, t.lotNumber]).toEqual(['MOVE', 5, ids.warehouseId, user.username, null, null]);
    const audit = await s.app.prisma.auditLog.findMany({ where: { actionType: 'TRANSFER', userId: user.username } });
    expect(audit.map((a) => [a.entityType, a.entityId, a.warehouseId, a.details])).toEqual([
      ['ITEM', item, ids.warehouseId, { from_bin_id: from, from_bin_code: 'A-01-02', to_bin_id: to, to_bin_code: 'A-01-03', quantity: 5, reason: null, transfer_id: r.body.transfer_id }],
    ]);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'inventory.moved' } })).toBe(1);
  });

  it('moves a lot and deletes the emptied source row', async () => {
    const wh = await makeWarehouse(s.app);
    const item = await makeItem(s.app);
    await putStock(s.app, { itemId: item.itemId, binId: wh.bins[0].binId, warehouseId: wh.warehouseId, quantity: 4, lot: 'LOT-A' });
    await putStock(s.app, { itemId: item.itemId, binId: wh.bins[0].binId, warehouseId: wh.warehouseId, quantity: 9 });
    const r = await s.api('POST', '/api/transfers/move', {
      token: admin,
      body: { item_id: item.itemId, from_bin_id: wh.bins[0].binId, to_bin_id: wh.bins[1].binId, quantity: 4, lot_number: 'LOT-A', reason: 'consolidate' },
    });
    expect(r.status).toBe(200);
    expect(r.body.from_bin.remaining_quantity).toBe(0);
    expect((await stockRows(s.app, item.itemId, wh.bins[0].binId)).map((x) => [x.lotNumber, x.quantityOnHand])).toEqual([[null, 9]]);
    expect((await stockRows(s.app, item.itemId, wh.bins[1].binId)).map((x) => [x.lotNumber, x.quantityOnHand])).toEqual([['LOT-A', 4]]);
  });

  it('answers every error of the spec in order', async () => {
    const { wh, item, bin, other } = await stockedBin(s.app, 10, { allocated: 3 });
    const far = await makeWarehouse(s.app, { binCount: 1 });
    const move = (body: Record<string, unknown>, token = admin) =>
      s.api('POST', '/api/transfers/move', { token, body: { item_id: item.itemId, from_bin_id: bin.binId, to_bin_id: other.binId, quantity: 1, ...body } });

    let r = await move({ item_id: 999999, from_bin_id: 999998 });
    expect([r.status, r.body]).toEqual([404, { error: 'Item not found' }]);
    r = await move({ from_bin_id: 999998 });
    expect([r.status, r.body]).toEqual([404, { error: 'Source bin not found' }]);
    r = await move({ to_bin_id: 999998 });
    expect([r.status, r.body]).toEqual([404, { error: 'Destination bin not found' }]);
    r = await move({ to_bin_id: far.bins[0].binId });
    expect([r.status, r.body]).toEqual([400, { error: 'Cross-warehouse moves are not allowed here. Use the admin inter-warehouse transfer.' }]);
    const outsider = await mover([1]);
    r = await move({}, outsider.token);
    expect([r.status, r.body]).toEqual([403, { error: 'Access denied for this warehouse' }]);
    // 10 on hand, 3 allocated to picks: only 7 can move.
    r = await move({ quantity: 8 });
    expect([r.status, r.body]).toEqual([400, { error: 'Insufficient inventory in source bin. Available: 7' }]);
    r = await move({ lot_number: 'NOPE' });
    expect([r.status, r.body]).toEqual([400, { error: 'Insufficient inventory in source bin. Available: 0' }]);
    r = await move({ to_bin_id: bin.binId });
    expect([r.status, r.body]).toEqual([400, {
      error: 'validation_error',
      details: [{ type: 'value_error', loc: [], msg: 'Value error, from_bin_id and to_bin_id must be different' }],
    }]);
    r = await move({ quantity: 0 });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([{ type: 'greater_than', loc: ['quantity'], msg: 'Input should be greater than 0' }]);
    const noFn = await mover([wh.warehouseId], ['count']);
    r = await move({}, noFn.token);
    expect([r.status, r.body]).toEqual([403, { error: 'Function not allowed: transfer' }]);
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(10);
    expect(await onHand(s.app, item.itemId, other.binId)).toBe(0);
  });
});

describe('POST /api/admin/inter-warehouse-transfer', () => {
  it('moves stock to another warehouse, records INTER_WAREHOUSE and two audit rows (documented names)', async () => {
    const src = await stockedBin(s.app, 10);
    const dst = await makeWarehouse(s.app, { name: 'Second' });
    const r = await s.api('POST', '/api/admin/inter-warehouse-transfer', {
      token: admin,
      body: {
        item_id: src.item.itemId, from_bin_id: src.bin.binId, from_warehouse_id: src.wh.warehouseId,
        to_bin_id: dst.bins[0].binId, to_warehouse_id: dst.warehouseId, quantity: 4,
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      message: 'Inter-warehouse transfer completed',
      transfer_id: expect.any(Number), item_id: src.item.itemId, sku: src.item.sku,
      from_bin_id: src.bin.binId, from_bin_code: src.bin.binCode, from_warehouse_id: src.wh.warehouseId,
      to_bin_id: dst.bins[0].binId, to_bin_code: dst.bins[0].binCode, to_warehouse_id: dst.warehouseId,
      quantity: 4, reason: '', transferred_at: expect.stringMatching(TS),
    });
    expect(await onHand(s.app, src.item.itemId, src.bin.binId)).toBe(6);
    const dest = await stockRows(s.app, src.item.itemId, dst.bins[0].binId);
    expect(dest.map((x) => [x.quantityOnHand, x.warehouseId, x.lotNumber])).toEqual([[4, dst.warehouseId, null]]);
    const t = await s.app.prisma.binTransfer.findUniqueOrThrow({ where: { transferId: r.body.transfer_id } });
    expect([t.transferType, t.warehouseId, t.reason, t.transferredBy]).toEqual(['INTER_WAREHOUSE', src.wh.warehouseId, '', 'admin']);
    const audit = await s.app.prisma.auditLog.findMany({ where: { actionType: 'TRANSFER', entityId: src.item.itemId }, orderBy: { logId: 'asc' } });
    const details = {
      transfer_id: r.body.transfer_id, item_id: src.item.itemId, from_bin_id: src.bin.binId, to_bin_id: dst.bins[0].binId,
      from_warehouse_id: src.wh.warehouseId, to_warehouse_id: dst.warehouseId, quantity: 4, reason: '',
    };
    // legacy-difference: the audit actor is the username (the legacy stored the numeric user id)
    expect(audit.map((a) => [a.userId, a.warehouseId, a.details])).toEqual([
      ['admin', src.wh.warehouseId, { ...details, direction: 'OUT' }],
      ['admin', dst.warehouseId, { ...details, direction: 'IN' }],
    ]);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'inventory.transferred', warehouseId: { in: [src.wh.warehouseId, dst.warehouseId] } } })).toBe(2);
  });

  it('accepts the admin panel field names (source_* / destination_*) and lists the transfer', async () => {
    const src = await stockedBin(s.app, 10);
    const dst = await makeWarehouse(s.app, { name: 'Panel Target' });
    const r = await s.api('POST', '/api/admin/inter-warehouse-transfer', {
      token: admin,
      body: {
        item_id: src.item.itemId, source_bin_id: src.bin.binId, source_warehouse_id: src.wh.warehouseId,
        destination_bin_id: dst.bins[1].binId, destination_warehouse_id: dst.warehouseId, quantity: 2, reason: 'rebalance',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.reason).toBe('rebalance');
    const list = await s.api('GET', '/api/admin/inter-warehouse-transfers?limit=50', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.transfers[0]).toEqual({
      transfer_id: r.body.transfer_id, item_id: src.item.itemId, sku: src.item.sku, item_name: src.item.itemName,
      from_bin_id: src.bin.binId, from_bin_code: src.bin.binCode, from_warehouse_id: src.wh.warehouseId, from_warehouse_name: src.wh.name,
      to_bin_id: dst.bins[1].binId, to_bin_code: dst.bins[1].binCode, to_warehouse_id: dst.warehouseId, to_warehouse_name: 'Panel Target',
      quantity: 2, transferred_by: 'admin', transferred_at: r.body.transferred_at, notes: 'rebalance',
      source_bin_id: src.bin.binId, source_bin_code: src.bin.binCode, source_warehouse_id: src.wh.warehouseId,
      source_warehouse_name: src.wh.name, source_warehouse_code: src.wh.code,
      destination_bin_id: dst.bins[1].binId, destination_bin_code: dst.bins[1].binCode, destination_warehouse_id: dst.warehouseId,
      destination_warehouse_name: 'Panel Target', destination_warehouse_code: dst.code,
      status: 'completed', created_at: r.body.transferred_at,
    });
    // Moves are not inter-warehouse transfers; limit caps the list.
    const one = await s.api('GET', '/api/admin/inter-warehouse-transfers?limit=1', { token: admin });
    expect(one.body.transfers).toHaveLength(1);
    const bad = await s.api('GET', '/api/admin/inter-warehouse-transfers?limit=abc', { token: admin });
    expect(bad.status).toBe(200);
    expect(bad.body.transfers.every((t: any) => t.status === 'completed')).toBe(true);
  });

  it('answers 404/400 for a missing item, a bin outside its warehouse and insufficient stock', async () => {
    const src = await stockedBin(s.app, 5, { allocated: 1 });
    const dst = await makeWarehouse(s.app);
    const base = {
      item_id: src.item.itemId, from_bin_id: src.bin.binId, from_warehouse_id: src.wh.warehouseId,
      to_bin_id: dst.bins[0].binId, to_warehouse_id: dst.warehouseId, quantity: 5,
    };
    const post = (body: Record<string, unknown>) => s.api('POST', '/api/admin/inter-warehouse-transfer', { token: admin, body: { ...base, ...body } });
    let r = await post({ item_id: 999999 });
    expect([r.status, r.body]).toEqual([404, { error: 'Item not found' }]);
    r = await post({ from_warehouse_id: dst.warehouseId });
    expect([r.status, r.body]).toEqual([404, { error: 'Source bin not found in the specified source warehouse' }]);
    r = await post({ to_warehouse_id: src.wh.warehouseId });
    expect([r.status, r.body]).toEqual([404, { error: 'Destination bin not found in the specified destination warehouse' }]);
    r = await post({});
    expect([r.status, r.body]).toEqual([400, { error: 'Insufficient inventory in source bin. Available: 4' }]);
    r = await post({ quantity: 100001 });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([{ type: 'less_than_equal', loc: ['quantity'], msg: 'Input should be less than or equal to 100000' }]);
    expect(await onHand(s.app, src.item.itemId, src.bin.binId)).toBe(5);
    const u = await createUser(s.app, { warehouseIds: [src.wh.warehouseId], allowedFunctions: ['transfer'] });
    const denied = await s.api('POST', '/api/admin/inter-warehouse-transfer', { token: await s.login(u.username, u.password), body: base });
    expect([denied.status, denied.body]).toEqual([403, { error: 'Forbidden' }]);
  });
});

describe('GET /api/admin/short-picks', () => {
  it('reports SHORT_PICK audit rows of the period, newest first, with the current bin code', async () => {
    const ids = await seedIds(s.app);
    const other = await makeWarehouse(s.app, { binCount: 1 });
    const short = (warehouseId: number, binId: number, extra: Record<string, unknown> = {}) => ({
      actionType: 'PICK', entityType: 'SO', entityId: 1, userId: 'picker1', warehouseId,
      details: { pick_task_id: 1, item_id: ids.item['TST-001'], sku: 'TST-001', quantity_to_pick: 2, quantity_picked: 1, shortage: 1, bin_id: binId, batch_id: 7, type: 'SHORT_PICK', ...extra },
    });
    await s.app.prisma.auditLog.create({ data: short(ids.warehouseId, ids.bin['A-01-01']) });
    await s.app.prisma.auditLog.create({ data: short(other.warehouseId, other.bins[0].binId, { sku: 'OTHER' }) });
    await s.app.prisma.auditLog.create({ data: { ...short(ids.warehouseId, 1), details: { pick_task_id: 2, bin_id: 1 } } }); // a normal pick
    const r = await s.api('GET', `/api/admin/short-picks?warehouse_id=${ids.warehouseId}`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      short_picks: [{
        log_id: expect.any(Number), user: 'picker1', sku: 'TST-001', qty_expected: 2, qty_picked: 1, shortage: 1,
        bin_code: 'A-01-01', batch_id: '7', timestamp: expect.stringMatching(TS),
      }],
      total: 1,
    });
    const all = await s.api('GET', '/api/admin/short-picks?days=abc', { token: admin });
    expect(all.body.total).toBe(2);
    expect(all.body.short_picks.map((x: any) => x.sku)).toEqual(['OTHER', 'TST-001']);
    const none = await s.api('GET', '/api/admin/short-picks?days=-1', { token: admin });
    expect(none.body).toEqual({ short_picks: [], total: 0 });
    const u = await createUser(s.app, { warehouseIds: [ids.warehouseId] });
    const denied = await s.api('GET', '/api/admin/short-picks', { token: await s.login(u.username, u.password) });
    expect([denied.status, denied.body]).toEqual([403, { error: 'Forbidden' }]);
  });
});
