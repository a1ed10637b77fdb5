import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeWarehouse, onHand, stockedBin } from '../helpers/inventory';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();

/** Counts `bin` (holding `quantity`) as `counted` and returns the pending adjustment id. */
async function pendingVariance(setup: Awaited<ReturnType<typeof stockedBin>>, counted: number, token: string) {
  const created = await s.api('POST', '/api/inventory/cycle-count/create', { token, body: { warehouse_id: setup.wh.warehouseId, bin_ids: [setup.bin.binId] } });
  const countId = created.body.counts[0].count_id;
  const line = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countId } });
  const sub = await s.api('POST', '/api/inventory/cycle-count/submit', { token, body: { count_id: countId, lines: [{ count_line_id: line.countLineId, counted_quantity: counted }] } });
  expect(sub.status).toBe(200);
  return sub.body.summary.adjustments[0].adjustment_id as number;
}

describe('parallel requests never oversell or double-apply stock', () => {
  it('12 parallel moves of 3 from a bin of 20 move exactly 18', async () => {
    const { wh, item, bin, other } = await stockedBin(s.app, 20);
    const u = await createUser(s.app, { warehouseIds: [wh.warehouseId], allowedFunctions: ['transfer'] });
    const token = await s.login(u.username, u.password);
    const rs = await Promise.all(
      Array.from({ length: 12 }, () =>
        s.api('POST', '/api/transfers/move', { token, body: { item_id: item.itemId, from_bin_id: bin.binId, to_bin_id: other.binId, quantity: 3 } }),
      ),
    );
    expect(statuses(rs)).toEqual([...Array(6).fill(200), ...Array(6).fill(400)]);
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(2);
    expect(await onHand(s.app, item.itemId, other.binId)).toBe(18);
    // Exactly one destination row (no duplicate no-lot rows from racing inserts).
    expect(await s.app.prisma.inventory.count({ where: { itemId: item.itemId, binId: other.binId } })).toBe(1);
    expect(await s.app.prisma.binTransfer.count({ where: { itemId: item.itemId, transferType: 'MOVE' } })).toBe(6);
  });

  it('moves in both directions at once keep the total and never deadlock into a 500', async () => {
    const { wh, item, bin, other } = await stockedBin(s.app, 10);
    await s.app.prisma.inventory.create({ data: { itemId: item.itemId, binId: other.binId, warehouseId: wh.warehouseId, quantityOnHand: 10 } });
    const rs = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        s.api('POST', '/api/transfers/move', {
          token: admin,
          body: { item_id: item.itemId, from_bin_id: i % 2 ? bin.binId : other.binId, to_bin_id: i % 2 ? other.binId : bin.binId, quantity: 2 },
        }),
      ),
    );
    expect(rs.every((r) => r.status === 200 || r.status === 400)).toBe(true);
    const a = await onHand(s.app, item.itemId, bin.binId);
    const b = await onHand(s.app, item.itemId, other.binId);
    expect(a + b).toBe(20);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThanOrEqual(0);
  });

  it('10 racing reviews approve an adjustment once', async () => {
    const setup = await stockedBin(s.app, 10);
    const adjustmentId = await pendingVariance(setup, 4, admin); // -6
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        s.api('POST', '/api/admin/adjustments/review', { token: admin, body: { decisions: [{ adjustment_id: adjustmentId, action: 'approve' }] } }),
      ),
    );
    expect(rs.every((r) => r.status === 200)).toBe(true);
    expect(rs.reduce((sum, r) => sum + r.body.approved, 0)).toBe(1);
    expect(await onHand(s.app, setup.item.itemId, setup.bin.binId)).toBe(4);
    expect(await s.app.prisma.auditLog.count({ where: { actionType: 'SELF_APPROVED_COUNT', entityId: adjustmentId } })).toBe(1);
  });

  it('an approval racing 10 moves never drives stock negative', async () => {
    const setup = await stockedBin(s.app, 10);
    const adjustmentId = await pendingVariance(setup, 2, admin); // -8
    const moves = Array.from({ length: 10 }, () =>
      s.api('POST', '/api/transfers/move', { token: admin, body: { item_id: setup.item.itemId, from_bin_id: setup.bin.binId, to_bin_id: setup.other.binId, quantity: 1 } }),
    );
    const approval = s.api('POST', '/api/admin/adjustments/review', { token: admin, body: { decisions: [{ adjustment_id: adjustmentId, action: 'approve' }] } });
    const [ap, ...ms] = await Promise.all([approval, ...moves]);
    const moved = ms.filter((r) => r.status === 200).length;
    expect(ms.every((r) => r.status === 200 || r.status === 400)).toBe(true);
    const source = await onHand(s.app, setup.item.itemId, setup.bin.binId);
    const dest = await onHand(s.app, setup.item.itemId, setup.other.binId);
    expect(dest).toBe(moved);
    if (ap.status === 200 && ap.body.approved === 1) {
      expect(source).toBe(10 - 8 - moved);
      expect(moved).toBeLessThanOrEqual(2);
    } else {
      expect(ap.status).toBe(409);
      expect(source).toBe(10 - moved);
    }
    expect(source).toBeGreaterThanOrEqual(0);
  });

  it('10 parallel inter-warehouse transfers of 2 from 10 move exactly 10', async () => {
    const src = await stockedBin(s.app, 10);
    const dst = await makeWarehouse(s.app);
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        s.api('POST', '/api/admin/inter-warehouse-transfer', {
          token: admin,
          body: { item_id: src.item.itemId, from_bin_id: src.bin.binId, from_warehouse_id: src.wh.warehouseId, to_bin_id: dst.bins[0].binId, to_warehouse_id: dst.warehouseId, quantity: 2 },
        }),
      ),
    );
    expect(statuses(rs)).toEqual([...Array(5).fill(201), ...Array(5).fill(400)]);
    expect(await onHand(s.app, src.item.itemId, src.bin.binId)).toBe(0);
    expect(await onHand(s.app, src.item.itemId, dst.bins[0].binId)).toBe(10);
    expect(await s.app.prisma.inventory.count({ where: { itemId: src.item.itemId, binId: dst.bins[0].binId } })).toBe(1);
  });

  it('10 parallel direct removals of 3 from 10 remove exactly 9', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 10);
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        s.api('POST', '/api/admin/adjustments/direct', {
          token: admin,
          body: { item_id: item.itemId, bin_id: bin.binId, warehouse_id: wh.warehouseId, adjustment_type: 'REMOVE', quantity: 3, reason: 'r' },
        }),
      ),
    );
    expect(statuses(rs)).toEqual([...Array(3).fill(201), ...Array(7).fill(400)]);
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(1);
  });

  it('10 parallel submissions of one count create its adjustments once', async () => {
    const setup = await stockedBin(s.app, 10);
    const created = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: setup.wh.warehouseId, bin_ids: [setup.bin.binId] } });
    const countId = created.body.counts[0].count_id;
    const line = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countId } });
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        s.api('POST', '/api/inventory/cycle-count/submit', { token: admin, body: { count_id: countId, lines: [{ count_line_id: line.countLineId, counted_quantity: 7 }] } }),
      ),
    );
    expect(statuses(rs)).toEqual([200, ...Array(9).fill(400)]);
    expect(await s.app.prisma.inventoryAdjustment.count({ where: { cycleCountId: countId } })).toBe(1);
  });
});
