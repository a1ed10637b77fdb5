import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeItem, makeWarehouse, onHand, putStock, setSetting, stockRows, TS } from '../helpers/inventory';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});
beforeEach(async () => {
  await setSetting(s.app, 'count_show_expected', 'true');
  await setSetting(s.app, 'require_count_approval_separation', 'false');
});

/** A warehouse whose first bin holds item A (two lots: 30 + 20) and item B (5); the second bin is empty. */
async function countableBin() {
  const wh = await makeWarehouse(s.app, { binCount: 2 });
  const a = await makeItem(s.app, { upc: '999000111' });
  const b = await makeItem(s.app);
  const bin = wh.bins[0];
  await putStock(s.app, { itemId: a.itemId, binId: bin.binId, warehouseId: wh.warehouseId, quantity: 30, allocated: 4, lot: 'L1' });
  await putStock(s.app, { itemId: a.itemId, binId: bin.binId, warehouseId: wh.warehouseId, quantity: 20, lot: 'L2' });
  await putStock(s.app, { itemId: b.itemId, binId: bin.binId, warehouseId: wh.warehouseId, quantity: 5 });
  return { wh, a, b, bin, empty: wh.bins[1] };
}

async function counter(warehouseIds: number[], fns = ['count']) {
  const u = await createUser(s.app, { warehouseIds, allowedFunctions: fns });
  return { user: u, token: await s.login(u.username, u.password) };
}

describe('POST /api/inventory/cycle-count/create', () => {
  it('opens one count per bin and snapshots every stocked inventory row (allocation ignored)', async () => {
    const { wh, bin, empty } = await countableBin();
    const { user, token } = await counter([wh.warehouseId]);
    const r = await s.api('POST', '/api/inventory/cycle-count/create', {
      token,
      body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId, empty.binId] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      message: 'Cycle counts created',
      counts: [
        { count_id: expect.any(Number), bin_id: bin.binId, bin_code: bin.binCode, status: 'PENDING', lines: 3, assigned_to: user.username },
        { count_id: expect.any(Number), bin_id: empty.binId, bin_code: empty.binCode, status: 'PENDING', lines: 0, assigned_to: user.username },
      ],
    });
    const lines = await s.app.prisma.cycleCountLine.findMany({ where: { countId: r.body.counts[0].count_id }, orderBy: { countLineId: 'asc' } });
    expect(lines.map((l) => l.expectedQuantity)).toEqual([30, 20, 5]);
    const events = await s.app.prisma.eventOutbox.findMany({ where: { topic: 'inventory.count_created', warehouseId: wh.warehouseId } });
    expect(events).toHaveLength(1);
  });

  it('creates duplicate counts for a repeated bin id', async () => {
    const { wh, bin } = await countableBin();
    const r = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId, bin.binId] } });
    expect(r.status).toBe(200);
    expect(r.body.counts).toHaveLength(2);
    expect(r.body.counts[0].count_id).not.toBe(r.body.counts[1].count_id);
  });

  it('answers 404 for an unknown warehouse and for a bin of another warehouse, creating nothing', async () => {
    const { wh, bin } = await countableBin();
    const other = await makeWarehouse(s.app, { binCount: 1 });
    const before = await s.app.prisma.cycleCount.count();
    const r1 = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: 999999, bin_ids: [bin.binId] } });
    expect(r1.status).toBe(404);
    expect(r1.body).toEqual({ error: 'Warehouse not found' });
    const r2 = await s.api('POST', '/api/inventory/cycle-count/create', {
      token: admin,
      body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId, other.bins[0].binId] },
    });
    expect(r2.status).toBe(404);
    expect(r2.body).toEqual({ error: `Bin ${other.bins[0].binId} not found in warehouse ${wh.warehouseId}` });
    expect(await s.app.prisma.cycleCount.count()).toBe(before);
  });

  it('validates the body', async () => {
    const r = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: 0, bin_ids: [] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'greater_than', loc: ['warehouse_id'], msg: 'Input should be greater than 0' },
        { type: 'too_short', loc: ['bin_ids'], msg: 'List should have at least 1 item after validation, not 0' },
      ],
    });
  });

  it('refuses a warehouse outside the user scope (403) and a user without the count function', async () => {
    const { wh, bin } = await countableBin();
    const outsider = await counter([1]);
    const r = await s.api('POST', '/api/inventory/cycle-count/create', { token: outsider.token, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Access denied for this warehouse' });
    const picker = await counter([wh.warehouseId], ['pick']);
    const r2 = await s.api('POST', '/api/inventory/cycle-count/create', { token: picker.token, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    expect(r2.status).toBe(403);
    expect(r2.body).toEqual({ error: 'Function not allowed: count' });
    const anon = await s.api('POST', '/api/inventory/cycle-count/create', { body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    expect(anon.status).toBe(401);
  });
});

describe('GET /api/inventory/cycle-count/{count_id}', () => {
  it('returns the count sheet in the documented shape, lines by id', async () => {
    const { wh, a, b, bin } = await countableBin();
    const { user, token } = await counter([wh.warehouseId]);
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    const id = created.body.counts[0].count_id;
    const r = await s.api('GET', `/api/inventory/cycle-count/${id}`, { token });
    expect(r.status).toBe(200);
    const lines = await s.app.prisma.cycleCountLine.findMany({ where: { countId: id }, orderBy: { countLineId: 'asc' } });
    const line = (i: number, item: typeof a, expected: number, upc: string | null) => ({
      count_line_id: lines[i].countLineId, item_id: item.itemId, sku: item.sku, item_name: item.itemName, upc,
      expected_quantity: expected, counted_quantity: null, variance: null, scanned: false, unexpected: false,
    });
    expect(r.body).toEqual({
      cycle_count: {
        count_id: id, bin_id: bin.binId, bin_code: bin.binCode, bin_barcode: `BC-${bin.binCode}`, warehouse_id: wh.warehouseId,
        status: 'PENDING', assigned_to: user.username, created_at: expect.stringMatching(TS),
      },
      show_expected: true,
      lines: [line(0, a, 30, '999000111'), line(1, a, 20, '999000111'), line(2, b, 5, null)],
    });
  });

  it('hides expected quantities from counters on a blind count but not from admins', async () => {
    const { wh, bin } = await countableBin();
    const { token } = await counter([wh.warehouseId]);
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    const id = created.body.counts[0].count_id;
    await setSetting(s.app, 'count_show_expected', 'false');
    const blind = await s.api('GET', `/api/inventory/cycle-count/${id}`, { token });
    expect(blind.status).toBe(200);
    expect(blind.body.show_expected).toBe(false);
    expect(blind.body.lines.map((l: any) => [l.expected_quantity, l.variance])).toEqual([[null, null], [null, null], [null, null]]);
    const asAdmin = await s.api('GET', `/api/inventory/cycle-count/${id}`, { token: admin });
    expect(asAdmin.body.show_expected).toBe(false);
    expect(asAdmin.body.lines.map((l: any) => l.expected_quantity)).toEqual([30, 20, 5]);
  });

  it('answers 404 for a missing count, 403 outside the scope, HTML 404 for a non-integer id', async () => {
    const { wh, bin } = await countableBin();
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    const missing = await s.api('GET', '/api/inventory/cycle-count/987654', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'Cycle count not found' });
    const huge = await s.api('GET', '/api/inventory/cycle-count/99999999999', { token: admin });
    expect(huge.status).toBe(404);
    expect(huge.body).toEqual({ error: 'Cycle count not found' });
    const outsider = await counter([1]);
    const denied = await s.api('GET', `/api/inventory/cycle-count/${created.body.counts[0].count_id}`, { token: outsider.token });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: 'Access denied for this warehouse' });
    const html = await s.api('GET', '/api/inventory/cycle-count/abc', { token: admin });
    expect(html.status).toBe(404);
    expect(html.text).toContain('<title>404 Not Found</title>');
  });
});

describe('POST /api/inventory/cycle-count/submit', () => {
  it('records counts, turns variances into pending adjustments and leaves stock unchanged', async () => {
    const { wh, a, b, bin } = await countableBin();
    const extra = await makeItem(s.app);
    const { user, token } = await counter([wh.warehouseId]);
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    const id = created.body.counts[0].count_id;
    const lines = await s.app.prisma.cycleCountLine.findMany({ where: { countId: id }, orderBy: { countLineId: 'asc' } });
    const r = await s.api('POST', '/api/inventory/cycle-count/submit', {
      token,
      body: {
        count_id: id,
        lines: [
          { count_line_id: lines[0].countLineId, counted_quantity: 27 },
          { count_line_id: lines[1].countLineId, counted_quantity: 20 },
          { unexpected: true, item_id: extra.itemId, sku: extra.sku, counted_quantity: 4 },
        ],
      },
    });
    expect(r.status).toBe(200);
    const adjs = await s.app.prisma.inventoryAdjustment.findMany({ where: { cycleCountId: id }, orderBy: { adjustmentId: 'asc' } });
    expect(r.body).toEqual({
      message: 'Cycle count submitted',
      count_id: id,
      bin_code: bin.binCode,
      status: 'VARIANCE',
      summary: {
        total_lines: 3,
        lines_with_variance: 2,
        lines_matched: 1,
        adjustments: [
          { sku: a.sku, expected: 30, counted: 27, variance: -3, adjustment_id: adjs[0].adjustmentId },
          { sku: extra.sku, expected: 0, counted: 4, variance: 4, adjustment_id: adjs[1].adjustmentId, unexpected: true },
        ],
      },
    });
    expect(adjs.map((x) => [x.itemId, x.quantityChange, x.reasonCode, x.status, x.adjustedBy, x.reasonDetail])).toEqual([
      [a.itemId, -3, 'CYCLE_COUNT', 'PENDING', user.username, 'Cycle count variance: expected 30, counted 27'],
      [extra.itemId, 4, 'CYCLE_COUNT', 'PENDING', user.username, 'Cycle count unexpected item: counted 4 (not in snapshot)'],
    ]);
    // Stock is only changed by approval.
    expect(await onHand(s.app, a.itemId, bin.binId)).toBe(50);
    expect(await onHand(s.app, extra.itemId, bin.binId)).toBe(0);
    // last_counted_at is set on the counted item's rows only.
    expect((await stockRows(s.app, a.itemId, bin.binId)).every((row) => row.lastCountedAt instanceof Date)).toBe(true);
    expect((await stockRows(s.app, b.itemId, bin.binId))[0].lastCountedAt).toBeNull();
    const count = await s.app.prisma.cycleCount.findUniqueOrThrow({ where: { countId: id } });
    expect(count.status).toBe('VARIANCE');
    expect(count.completedAt).toBeInstanceOf(Date);
    const audit = await s.app.prisma.auditLog.findMany({ where: { actionType: 'COUNT', entityId: bin.binId } });
    expect(audit.map((x) => [x.entityType, x.userId, x.warehouseId, x.details])).toEqual([
      ['BIN', user.username, wh.warehouseId, { count_id: id, bin_code: bin.binCode, lines_with_variance: 2, lines_matched: 1 }],
    ]);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'inventory.counted', warehouseId: wh.warehouseId } })).toBe(1);

    // The admin list shows the count with its lines by SKU.
    const list = await s.api('GET', '/api/admin/cycle-counts', { token: admin });
    expect(list.status).toBe(200);
    const row = list.body.cycle_counts.find((c: any) => c.count_id === id);
    expect(row).toMatchObject({ bin_code: bin.binCode, status: 'VARIANCE', assigned_to: user.username, created_at: expect.stringMatching(TS), completed_at: expect.stringMatching(TS) });
    expect(Object.keys(row).sort()).toEqual(['assigned_to', 'bin_code', 'completed_at', 'count_id', 'created_at', 'lines', 'status']);
    expect(row.lines).toHaveLength(4);
    expect(row.lines.find((l: any) => l.count_line_id === lines[0].countLineId)).toEqual({
      count_line_id: lines[0].countLineId, sku: a.sku, item_name: a.itemName, expected_quantity: 30, counted_quantity: 27, unexpected: false, variance: -3,
    });
    expect(row.lines.find((l: any) => l.count_line_id === lines[2].countLineId)).toMatchObject({ counted_quantity: null, variance: null });
  });

  it('completes a count without variance; an unexpected line counted 0 still is a variance', async () => {
    const { wh, b, bin } = await countableBin();
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId, bin.binId] } });
    const [c1, c2] = created.body.counts.map((c: any) => c.count_id);
    const l1 = await s.app.prisma.cycleCountLine.findMany({ where: { countId: c1 }, orderBy: { countLineId: 'asc' } });
    const ok = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: c1, lines: [{ count_line_id: l1[2].countLineId, counted_quantity: 5 }] } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'COMPLETED', summary: { total_lines: 1, lines_with_variance: 0, lines_matched: 1, adjustments: [] } });
    const zero = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: c2, lines: [{ unexpected: true, item_id: b.itemId, counted_quantity: 0 }] } });
    expect(zero.status).toBe(200);
    expect(zero.body.status).toBe('VARIANCE');
    expect(zero.body.summary.adjustments).toEqual([{ sku: 'UNKNOWN', expected: 0, counted: 0, variance: 0, adjustment_id: expect.any(Number), unexpected: true }]);
  });

  it('refuses a count that is not open, and rolls back a submission with a bad line', async () => {
    const { wh, bin } = await countableBin();
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    const id = created.body.counts[0].count_id;
    const lines = await s.app.prisma.cycleCountLine.findMany({ where: { countId: id }, orderBy: { countLineId: 'asc' } });

    const noItem = await s.api('POST', '/api/inventory/cycle-count/submit', {
      token: admin,
      body: { count_id: id, lines: [{ count_line_id: lines[0].countLineId, counted_quantity: 1 }, { unexpected: true, counted_quantity: 2 }] },
    });
    expect(noItem.status).toBe(400);
    expect(noItem.body).toEqual({ error: 'item_id required for unexpected lines' });
    const noId = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: id, lines: [{ counted_quantity: 2 }] } });
    expect(noId.status).toBe(400);
    expect(noId.body).toEqual({ error: 'Count line None not found on this cycle count' });
    const foreign = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: id, lines: [{ count_line_id: 999999, counted_quantity: 2 }] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({ error: 'Count line 999999 not found on this cycle count' });
    const unknownItem = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: id, lines: [{ unexpected: true, item_id: 999999, counted_quantity: 2 }] } });
    expect(unknownItem.status).toBe(404);
    expect(unknownItem.body).toEqual({ error: 'Item not found' });
    // Nothing of the failed submissions stayed behind.
    const after = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countLineId: lines[0].countLineId } });
    expect(after.countedQuantity).toBeNull();
    expect(await s.app.prisma.inventoryAdjustment.count({ where: { cycleCountId: id } })).toBe(0);

    const done = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: id, lines: [{ count_line_id: lines[0].countLineId, counted_quantity: 30 }] } });
    expect(done.status).toBe(200);
    const again = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: id, lines: [{ count_line_id: lines[0].countLineId, counted_quantity: 1 }] } });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'Cycle count status is COMPLETED, cannot submit' });
  });

  it('answers 404 for a missing count, 403 outside the scope or without the function, 400 for a bad body', async () => {
    const { wh, bin } = await countableBin();
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: wh.warehouseId, bin_ids: [bin.binId] } });
    const id = created.body.counts[0].count_id;
    const missing = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: 999999, lines: [{ count_line_id: 1, counted_quantity: 1 }] } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'Cycle count not found' });
    const outsider = await counter([1]);
    const denied = await s.api('POST', '/api/inventory/cycle-count/submit', { token: outsider.token, body: { count_id: id, lines: [{ count_line_id: 1, counted_quantity: 1 }] } });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: 'Access denied for this warehouse' });
    const mover = await counter([wh.warehouseId], ['transfer']);
    const noFn = await s.api('POST', '/api/inventory/cycle-count/submit', { token: mover.token, body: { count_id: id, lines: [{ count_line_id: 1, counted_quantity: 1 }] } });
    expect(noFn.status).toBe(403);
    expect(noFn.body).toEqual({ error: 'Function not allowed: count' });
    const bad = await s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: id, lines: [{ counted_quantity: -1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'validation_error',
      details: [{ type: 'greater_than_equal', loc: ['lines', 0, 'counted_quantity'], msg: 'Input should be greater than or equal to 0' }],
    });
  });
});

describe('GET /api/admin/cycle-counts', () => {
  it('is admin only', async () => {
    const { token } = await counter([1]);
    const r = await s.api('GET', '/api/admin/cycle-counts', { token });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Forbidden' });
  });
});
