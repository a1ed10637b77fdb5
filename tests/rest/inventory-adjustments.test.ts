import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeItem, makeWarehouse, onHand, setSetting, stockedBin, stockRows, TS } from '../helpers/inventory';

let s: TestServer;
let admin: string;
let adminId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  adminId = (await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).userId;
});
afterAll(async () => {
  await s?.close();
});
beforeEach(async () => {
  await setSetting(s.app, 'require_count_approval_separation', 'false');
});

/** Counts a bin of `quantity` units as `counted` (by `token`) and returns the pending adjustment. */
async function countedVariance(quantity: number, counted: number, token = admin) {
  const setup = await stockedBin(s.app, quantity);
  const created = await s.api('POST', '/api/inventory/cycle-count/create', { token, body: { warehouse_id: setup.wh.warehouseId, bin_ids: [setup.bin.binId] } });
  const countId = created.body.counts[0].count_id;
  const line = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countId } });
  const sub = await s.api('POST', '/api/inventory/cycle-count/submit', { token, body: { count_id: countId, lines: [{ count_line_id: line.countLineId, counted_quantity: counted }] } });
  expect(sub.status).toBe(200);
  return { ...setup, countId, adjustmentId: sub.body.summary.adjustments[0].adjustment_id as number };
}

const review = (decisions: unknown[], token = admin) => s.api('POST', '/api/admin/adjustments/review', { token, body: { decisions } });

describe('GET /api/admin/adjustments/pending', () => {
  it('lists pending adjustments with item and bin', async () => {
    const v = await countedVariance(10, 7);
    const r = await s.api('GET', '/api/admin/adjustments/pending', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.adjustments.find((a: any) => a.adjustment_id === v.adjustmentId)).toEqual({
      adjustment_id: v.adjustmentId, item_id: v.item.itemId, bin_id: v.bin.binId, warehouse_id: v.wh.warehouseId,
      quantity_change: -3, reason_code: 'CYCLE_COUNT', reason_detail: 'Cycle count variance: expected 10, counted 7',
      status: 'PENDING', adjusted_by: 'admin', adjusted_at: expect.stringMatching(TS), cycle_count_id: v.countId,
      sku: v.item.sku, item_name: v.item.itemName, bin_code: v.bin.binCode,
    });
    const ids = r.body.adjustments.map((a: any) => a.cycle_count_id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
  });

  it('is admin only', async () => {
    const u = await createUser(s.app, { warehouseIds: [1], allowedFunctions: ['count'] });
    const r = await s.api('GET', '/api/admin/adjustments/pending', { token: await s.login(u.username, u.password) });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Forbidden' });
  });
});

describe('POST /api/admin/adjustments/review', () => {
  it('approval applies the recorded delta to stock; rejection changes nothing; repeats are skipped', async () => {
    const down = await countedVariance(10, 7);
    const up = await countedVariance(5, 9);
    const no = await countedVariance(8, 1);
    const r = await review([
      { adjustment_id: down.adjustmentId, action: 'approve' },
      { adjustment_id: up.adjustmentId, action: 'approve' },
      { adjustment_id: no.adjustmentId, action: 'reject' },
      { adjustment_id: down.adjustmentId, action: 'approve' },
      { adjustment_id: 999999, action: 'approve' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ approved: 2, rejected: 1 });
    expect(await onHand(s.app, down.item.itemId, down.bin.binId)).toBe(7);
    expect(await onHand(s.app, up.item.itemId, up.bin.binId)).toBe(9);
    expect(await onHand(s.app, no.item.itemId, no.bin.binId)).toBe(8);
    const statuses = await s.app.prisma.inventoryAdjustment.findMany({
      where: { adjustmentId: { in: [down.adjustmentId, up.adjustmentId, no.adjustmentId] } },
      orderBy: { adjustmentId: 'asc' },
    });
    expect(statuses.map((a) => a.status)).toEqual(['APPROVED', 'APPROVED', 'REJECTED']);
    // An approved adjustment is never applied twice.
    const again = await review([{ adjustment_id: down.adjustmentId, action: 'approve' }]);
    expect(again.body).toEqual({ approved: 0, rejected: 0 });
    expect(await onHand(s.app, down.item.itemId, down.bin.binId)).toBe(7);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'inventory.adjusted', warehouseId: down.wh.warehouseId } })).toBe(1);
    // The admin approved a count they submitted while separation is off: audited.
    const self = await s.app.prisma.auditLog.findMany({ where: { actionType: 'SELF_APPROVED_COUNT', entityId: down.adjustmentId } });
    expect(self.map((x) => [x.entityType, x.userId, x.warehouseId, x.details])).toEqual([
      ['ADJUSTMENT', 'admin', down.wh.warehouseId, { cycle_count_id: down.countId, quantity_change: -3 }],
    ]);
  });

  it('creates the stock row of an unexpected item on approval', async () => {
    const wh = await makeWarehouse(s.app, { binCount: 1 });
    const item = await makeItem(s.app);
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh.warehouseId, bin_ids: [wh.bins[0].binId] } });
    const sub = await s.api('POST', '/api/inventory/cycle-count/submit', {
      token: admin,
      body: { count_id: created.body.counts[0].count_id, lines: [{ unexpected: true, item_id: item.itemId, sku: item.sku, counted_quantity: 6 }] },
    });
    const r = await review([{ adjustment_id: sub.body.summary.adjustments[0].adjustment_id, action: 'approve' }]);
    expect(r.body).toEqual({ approved: 1, rejected: 0 });
    const rows = await stockRows(s.app, item.itemId, wh.bins[0].binId);
    expect(rows.map((x) => [x.quantityOnHand, x.warehouseId, x.lotNumber])).toEqual([[6, wh.warehouseId, null]]);
  });

  it('refuses (409) an approval that would take stock below zero or below the allocation, and rolls back the request', async () => {
    const first = await countedVariance(10, 9);
    const stale = await countedVariance(10, 2); // -8
    // Stock moved since the count: only 5 left, 2 of them allocated.
    await s.app.prisma.inventory.updateMany({ where: { itemId: stale.item.itemId, binId: stale.bin.binId }, data: { quantityOnHand: 5, quantityAllocated: 2 } });
    const r = await review([
      { adjustment_id: first.adjustmentId, action: 'approve' },
      { adjustment_id: stale.adjustmentId, action: 'approve' },
    ]);
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: `Insufficient inventory to apply adjustment ${stale.adjustmentId}. Available: 3` });
    expect(await onHand(s.app, first.item.itemId, first.bin.binId)).toBe(10);
    expect(await onHand(s.app, stale.item.itemId, stale.bin.binId)).toBe(5);
    const rows = await s.app.prisma.inventoryAdjustment.findMany({ where: { adjustmentId: { in: [first.adjustmentId, stale.adjustmentId] } } });
    expect(rows.every((a) => a.status === 'PENDING')).toBe(true);
    // It can still be rejected.
    expect((await review([{ adjustment_id: stale.adjustmentId, action: 'reject' }])).body).toEqual({ approved: 0, rejected: 1 });
  });

  it('blocks self-approval when separation is required (whole request rolled back) but allows self-rejection', async () => {
    const other = await countedVariance(10, 11);
    const own = await countedVariance(10, 4);
    await setSetting(s.app, 'require_count_approval_separation', 'true');
    const r = await review([
      { adjustment_id: other.adjustmentId, action: 'reject' },
      { adjustment_id: own.adjustmentId, action: 'approve' },
    ]);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Cannot approve your own cycle count' });
    const rows = await s.app.prisma.inventoryAdjustment.findMany({ where: { adjustmentId: { in: [other.adjustmentId, own.adjustmentId] } } });
    expect(rows.every((a) => a.status === 'PENDING')).toBe(true);
    expect(await onHand(s.app, own.item.itemId, own.bin.binId)).toBe(10);
    const rej = await review([{ adjustment_id: own.adjustmentId, action: 'reject' }]);
    expect(rej.body).toEqual({ approved: 0, rejected: 1 });

    // Another admin may approve a count submitted by a counter.
    const u = await createUser(s.app, { warehouseIds: [], allowedFunctions: ['count'] });
    const counterWh = await stockedBin(s.app, 10);
    await s.app.prisma.user.update({ where: { userId: u.userId }, data: { warehouseIds: [counterWh.wh.warehouseId] } });
    const tok = await s.login(u.username, u.password);
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: tok, body: { warehouse_id: counterWh.wh.warehouseId, bin_ids: [counterWh.bin.binId] } });
    const line = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countId: created.body.counts[0].count_id } });
    const sub = await s.api('POST', '/api/inventory/cycle-count/submit', { token: tok, body: { count_id: created.body.counts[0].count_id, lines: [{ count_line_id: line.countLineId, counted_quantity: 12 }] } });
    const ok = await review([{ adjustment_id: sub.body.summary.adjustments[0].adjustment_id, action: 'approve' }]);
    expect(ok.body).toEqual({ approved: 1, rejected: 0 });
    expect(await onHand(s.app, counterWh.item.itemId, counterWh.bin.binId)).toBe(12);
  });

  it('validates decisions', async () => {
    const r = await review([{ adjustment_id: 0, action: 'Approve' }]);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'greater_than', loc: ['decisions', 0, 'adjustment_id'], msg: 'Input should be greater than 0' },
        { type: 'value_error', loc: ['decisions', 0, 'action'], msg: "Value error, action must be 'approve' or 'reject'" },
      ],
    });
    const empty = await review([]);
    expect(empty.status).toBe(400);
    expect(empty.body.details[0]).toMatchObject({ type: 'too_short', loc: ['decisions'] });
  });

  it('is admin only', async () => {
    const u = await createUser(s.app, { warehouseIds: [1], allowedFunctions: ['count'] });
    const r = await review([{ adjustment_id: 1, action: 'approve' }], await s.login(u.username, u.password));
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Forbidden' });
  });
});

describe('POST /api/admin/adjustments/direct', () => {
  it('adds stock (case-insensitive type) and answers 201 in the documented shape', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 10);
    const r = await s.api('POST', '/api/admin/adjustments/direct', {
      token: admin,
      body: { item_id: item.itemId, bin_id: bin.binId, warehouse_id: wh.warehouseId, adjustment_type: 'add', quantity: 5, reason: 'found' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      adjustment_id: expect.any(Number), item_id: item.itemId, sku: item.sku, bin_id: bin.binId, bin_code: bin.binCode,
      warehouse_id: wh.warehouseId, adjustment_type: 'ADD', quantity_change: 5, reason: 'found', status: 'APPROVED',
      adjusted_at: expect.stringMatching(TS),
    });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(15);
    const adj = await s.app.prisma.inventoryAdjustment.findUniqueOrThrow({ where: { adjustmentId: r.body.adjustment_id } });
    expect([adj.reasonCode, adj.reasonDetail, adj.adjustedBy, adj.status]).toEqual(['DIRECT_ADJUSTMENT', 'found', String(adminId), 'APPROVED']);
    const audit = await s.app.prisma.auditLog.findMany({ where: { actionType: 'ADJUST', entityId: item.itemId } });
    // legacy-difference: the audit actor is the username (the legacy stored the numeric user id)
    expect(audit.map((x) => [x.entityType, x.userId, x.warehouseId, x.details])).toEqual([
      ['ITEM', 'admin', wh.warehouseId, { adjustment_id: r.body.adjustment_id, adjustment_type: 'ADD', bin_id: bin.binId, quantity: 5, reason: 'found' }],
    ]);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'inventory.adjusted', warehouseId: wh.warehouseId } })).toBe(1);
  });

  it('creates the row on ADD into an empty bin; REMOVE decrements and deletes the row at 0', async () => {
    const { wh, item, bin, other } = await stockedBin(s.app, 4);
    const add = await s.api('POST', '/api/admin/adjustments/direct', {
      token: admin, body: { item_id: item.itemId, bin_id: other.binId, warehouse_id: wh.warehouseId, adjustment_type: 'ADD', quantity: 3, reason: 'r' },
    });
    expect(add.status).toBe(201);
    expect(await onHand(s.app, item.itemId, other.binId)).toBe(3);
    const rm = await s.api('POST', '/api/admin/adjustments/direct', {
      token: admin, body: { item_id: item.itemId, bin_id: bin.binId, warehouse_id: wh.warehouseId, adjustment_type: 'Remove', quantity: 4, reason: 'damaged' },
    });
    expect(rm.status).toBe(201);
    expect(rm.body).toMatchObject({ adjustment_type: 'REMOVE', quantity_change: -4 });
    expect(await stockRows(s.app, item.itemId, bin.binId)).toEqual([]);
  });

  it('answers 404/400 for a missing item, a bin of another warehouse and insufficient or allocated stock', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 6, { allocated: 2 });
    const other = await makeWarehouse(s.app, { binCount: 1 });
    const body = { item_id: item.itemId, bin_id: bin.binId, warehouse_id: wh.warehouseId, adjustment_type: 'REMOVE', quantity: 5, reason: 'x' };
    const noItem = await s.api('POST', '/api/admin/adjustments/direct', { token: admin, body: { ...body, item_id: 999999 } });
    expect(noItem.status).toBe(404);
    expect(noItem.body).toEqual({ error: 'Item not found' });
    const wrongWh = await s.api('POST', '/api/admin/adjustments/direct', { token: admin, body: { ...body, warehouse_id: other.warehouseId } });
    expect(wrongWh.status).toBe(404);
    expect(wrongWh.body).toEqual({ error: 'Bin not found in the specified warehouse' });
    // 6 on hand, 2 allocated: 4 can be removed.
    const tooMuch = await s.api('POST', '/api/admin/adjustments/direct', { token: admin, body });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toEqual({ error: 'Insufficient inventory. Available: 4' });
    const empty = await s.api('POST', '/api/admin/adjustments/direct', { token: admin, body: { ...body, bin_id: wh.bins[2].binId } });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: 'Insufficient inventory. Available: 0' });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(6);
  });

  it('validates the body and is admin only', async () => {
    const r = await s.api('POST', '/api/admin/adjustments/direct', {
      token: admin, body: { item_id: 1, bin_id: 1, warehouse_id: 1, adjustment_type: 'SET', quantity: 0, reason: '' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'value_error', loc: ['adjustment_type'], msg: 'Value error, adjustment_type must be ADD or REMOVE' },
        { type: 'greater_than', loc: ['quantity'], msg: 'Input should be greater than 0' },
        { type: 'string_too_short', loc: ['reason'], msg: 'String should have at least 1 character' },
      ],
    });
    const u = await createUser(s.app, { warehouseIds: [1], allowedFunctions: ['count'] });
    const denied = await s.api('POST', '/api/admin/adjustments/direct', { token: await s.login(u.username, u.password), body: {} });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: 'Forbidden' });
  });
});

describe('GET /api/admin/adjustments/list', () => {
  it('pages the history newest first, filtered by warehouse, with the keys the admin panel reads', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 10);
    const mk = (type: string, quantity: number, reason: string) =>
      s.api('POST', '/api/admin/adjustments/direct', {
        token: admin, body: { item_id: item.itemId, bin_id: bin.binId, warehouse_id: wh.warehouseId, adjustment_type: type, quantity, reason },
      });
    const a1 = await mk('ADD', 2, 'first');
    const a2 = await mk('REMOVE', 1, 'second');
    const a3 = await mk('ADD', 7, 'third');
    const r = await s.api('GET', `/api/admin/adjustments/list?warehouse_id=${wh.warehouseId}&per_page=2`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, page: 1, per_page: 2, pages: 2 });
    expect(r.body.adjustments.map((a: any) => a.adjustment_id)).toEqual([a3.body.adjustment_id, a2.body.adjustment_id]);
    expect(r.body.adjustments[1]).toEqual({
      adjustment_id: a2.body.adjustment_id, item_id: item.itemId, sku: item.sku, bin_id: bin.binId, bin_code: bin.binCode,
      warehouse_id: wh.warehouseId, quantity_change: -1, reason_code: 'DIRECT_ADJUSTMENT', reason_detail: 'second',
      status: 'APPROVED', adjusted_by: String(adminId), adjusted_at: a2.body.adjusted_at, cycle_count_id: null,
      created_at: a2.body.adjusted_at, adjustment_type: 'REMOVE', item_name: item.itemName, quantity: 1, reason: 'second',
      username: 'admin',
    });
    const p2 = await s.api('GET', `/api/admin/adjustments/list?warehouse_id=${wh.warehouseId}&per_page=2&page=2`, { token: admin });
    expect(p2.body.adjustments.map((a: any) => a.adjustment_id)).toEqual([a1.body.adjustment_id]);
    const all = await s.api('GET', '/api/admin/adjustments/list?warehouse_id=abc&page=x', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body).toMatchObject({ page: 1, per_page: 50 });
  });
});

describe('GET /api/admin/adjustments/list: a change that did not happen never looks applied', () => {
  it('lists the applied adjustments unless asked for a status (PENDING, REJECTED, APPROVED, all)', async () => {
    const v = await countedVariance(10, 8); // REMOVE 2 ...
    expect((await review([{ adjustment_id: v.adjustmentId, action: 'reject' }])).body).toEqual({ approved: 0, rejected: 1 }); // ... rejected
    const wh = v.wh.warehouseId;
    // a second count of the same bin: REMOVE 1, left pending
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh, bin_ids: [v.bin.binId] } });
    const line = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countId: created.body.counts[0].count_id } });
    const sub = await s.api('POST', '/api/inventory/cycle-count/submit', {
      token: admin, body: { count_id: created.body.counts[0].count_id, lines: [{ count_line_id: line.countLineId, counted_quantity: 9 }] },
    });
    const pendingId = sub.body.summary.adjustments[0].adjustment_id;
    // and an applied direct one
    const direct = await s.api('POST', '/api/admin/adjustments/direct', {
      token: admin, body: { item_id: v.item.itemId, bin_id: v.bin.binId, warehouse_id: wh, adjustment_type: 'add', quantity: 3, reason: 'found' },
    });
    expect(direct.status).toBe(201);
    expect(await onHand(s.app, v.item.itemId, v.bin.binId)).toBe(13); // 10 + 3: the rejected and the pending changed nothing

    const list = async (query = '') => {
      const r = await s.api('GET', `/api/admin/adjustments/list?warehouse_id=${wh}${query}`, { token: admin });
      expect(r.status).toBe(200);
      return r.body;
    };
    // what the panel loads (no status): only the applied adjustment
    const shown = await list();
    expect(shown).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(shown.adjustments.map((a: any) => [a.adjustment_id, a.status, a.adjustment_type, a.quantity])).toEqual([
      [direct.body.adjustment_id, 'APPROVED', 'ADD', 3],
    ]);
    // asked for
    const rejected = await list('&status=rejected');
    expect(rejected.adjustments.map((a: any) => [a.adjustment_id, a.status, a.adjustment_type, a.quantity])).toEqual([[v.adjustmentId, 'REJECTED', 'REMOVE', 2]]);
    expect((await list('&status=PENDING')).adjustments.map((a: any) => [a.adjustment_id, a.status])).toEqual([[pendingId, 'PENDING']]);
    expect((await list('&status=APPROVED')).total).toBe(1);
    const all = await list('&status=all');
    expect(all.total).toBe(3);
    expect(all.adjustments.map((a: any) => a.adjustment_id).sort()).toEqual([v.adjustmentId, pendingId, direct.body.adjustment_id].sort());
    expect((await list('&status=bogus')).total).toBe(0);
    expect((await list('&status=')).total).toBe(1);
    // the same in GraphQL
    const g = await s.gql(`query($w: Int) { inventoryAdjustments(filter: { warehouseId: $w }) { totalCount edges { node { adjustmentId status } } } }`, { w: wh }, admin);
    expect(g.data.inventoryAdjustments).toEqual({ totalCount: 1, edges: [{ node: { adjustmentId: direct.body.adjustment_id, status: 'APPROVED' } }] });
    const gr = await s.gql(`query($w: Int) { inventoryAdjustments(filter: { warehouseId: $w, status: null }) { totalCount } }`, { w: wh }, admin);
    expect(gr.data.inventoryAdjustments.totalCount).toBe(3);
  });
});
