import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/db';
import type { Tx } from '../../src/db/tx';
import {
  allocate, allocateStatement, consumePickStatement, lockAllocatableRows, positionRowsQuery, releaseAllocation, releaseLineAllocation, type PositionRow,
} from '../../src/stock/allocation';
import { lockPositionRows, lockStockPositions, takeBackReceived, takeFromRow, takeStock, addStock, lockMoveSource } from '../../src/stock/stock';
import { createPo } from '../helpers/inbound';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The allocation operations of src/stock/ and the stock operations' lock order, straight against PostgreSQL: a unit
 * is never promised twice (allocated <= on hand), nothing goes below zero, concurrent changes of the same rows
 * wait for each other instead of deadlocking.
 */
let s: TestServer;
let w: OutboundWorld;
let token: string;

beforeAll(async () => {
  s = await startTestServer({ seed: false });
  w = await createWarehouse(s.app);
  token = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

const tx = <T>(fn: (t: Tx) => Promise<T>) => s.app.prisma.$transaction(fn, { timeout: 20_000 });
const rowsOf = async (itemId: number) =>
  (await s.app.prisma.inventory.findMany({ where: { itemId }, orderBy: { inventoryId: 'asc' } })).map((r) => ({
    binId: r.binId,
    onHand: r.quantityOnHand,
    allocated: r.quantityAllocated,
  }));
const pause = () => new Promise((r) => setTimeout(r, 20));

/** Waits until a backend of this test's database waits for a lock (a transaction is queued behind another). */
async function someoneWaitsForALock(count = 1): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await s.app.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n >= count) return;
    if (Date.now() > deadline) throw new Error(`no transaction waited for a lock (${rows[0].n} of ${count})`);
    await pause();
  }
}

describe('allocate', () => {
  it('takes free units only, in pick-sequence then least-recently-touched order, never from Staging', async () => {
    const item = await createItem(s.app);
    const old = new Date(Date.now() - 60_000);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.STG.binId, onHand: 50 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 4, allocated: 1 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 3, allocated: 1 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 2, lot: 'OLD', updatedAt: old });
    const takes = await tx(async (t) => allocate(t, (await lockAllocatableRows(t, w.warehouseId, [item.itemId])).get(item.itemId) ?? [], 6));
    // P10 first (seq 10): the lot row touched longest ago, then the other; then P20; Staging never
    expect(takes.map((x) => [x.row.binId, x.quantity])).toEqual([[w.bins.P10.binId, 2], [w.bins.P10.binId, 2], [w.bins.P20.binId, 2]]);
    expect(await rowsOf(item.itemId)).toEqual([
      { binId: w.bins.STG.binId, onHand: 50, allocated: 0 },
      { binId: w.bins.P20.binId, onHand: 4, allocated: 3 },
      { binId: w.bins.P10.binId, onHand: 3, allocated: 3 },
      { binId: w.bins.P10.binId, onHand: 2, allocated: 2 },
    ]);
    // asking for more than is free allocates what is free, never past on hand
    const rest = await tx(async (t) => allocate(t, (await lockAllocatableRows(t, w.warehouseId, [item.itemId])).get(item.itemId) ?? [], 10));
    expect(rest.reduce((n, x) => n + x.quantity, 0)).toBe(1);
    expect((await rowsOf(item.itemId)).every((r) => r.allocated <= r.onHand)).toBe(true);
  });

  it('a row changed since it was read is refused by the conditional update; the transaction changes nothing', async () => {
    const item = await createItem(s.app);
    const row = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 5 });
    const stale = [{ inventoryId: row.inventoryId, itemId: item.itemId, binId: w.bins.P10.binId, pickSequence: 10, available: 5, updatedMs: null }];
    await s.app.prisma.inventory.update({ where: { inventoryId: row.inventoryId }, data: { quantityAllocated: 3 } });
    await expect(tx((t) => allocate(t, stale, 4))).rejects.toThrow(/changed under a row lock/);
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 5, allocated: 3 }]);
  });

  it('allocateStatement leaves a row without the free units as it is and says so; it runs only when its condition holds', async () => {
    const item = await createItem(s.app);
    const a = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 5, allocated: 4 });
    const b = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 5 });
    const run = (onlyIf: Prisma.Sql) =>
      tx(async (t) => {
        const [r] = await t.$queryRaw<{ n: number }[]>`
          WITH a AS (${allocateStatement(new Map([[a.inventoryId, 2], [b.inventoryId, 5]]), onlyIf)}) SELECT count(*)::int AS n FROM a`;
        return r.n;
      });
    expect(await run(Prisma.sql`false`)).toBe(0);
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 5, allocated: 4 }, { binId: w.bins.P20.binId, onHand: 5, allocated: 0 }]);
    expect(await run(Prisma.sql`true`)).toBe(1); // only b had the units
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 5, allocated: 4 }, { binId: w.bins.P20.binId, onHand: 5, allocated: 5 }]);
  });
});

describe('consumePickStatement', () => {
  it('property: for any rows and any release / consume, every row stays at 0 <= allocated <= on hand and the units add up', async () => {
    const item = await createItem(s.app);
    const row = fc.integer({ min: 0, max: 6 }).chain((onHand) => fc.record({ onHand: fc.constant(onHand), allocated: fc.integer({ min: 0, max: onHand }) }));
    let bin = 0;
    const bins = [w.bins.P10.binId, w.bins.P20.binId, w.bins.PS30.binId, w.bins.STG.binId];
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 3 }), fc.nat(12), fc.nat(12), async (rows, release, consume) => {
        const binId = bins[bin++ % bins.length];
        await s.app.prisma.inventory.deleteMany({ where: { itemId: item.itemId, binId } });
        for (const [i, r] of rows.entries()) {
          await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId, onHand: r.onHand, allocated: r.allocated, lot: i === 0 ? undefined : `L${i}` });
        }
        await tx(async (t) => {
          const locked = await t.$queryRaw<PositionRow[]>`${positionRowsQuery(item.itemId, binId)}`;
          const update = consumePickStatement(locked, release, consume);
          if (update) await t.$executeRaw`${update}`;
        });
        const after = await s.app.prisma.inventory.findMany({ where: { itemId: item.itemId, binId } });
        const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
        const onHandBefore = sum(rows.map((r) => r.onHand));
        const allocatedBefore = sum(rows.map((r) => r.allocated));
        for (const r of after) {
          expect(r.quantityAllocated).toBeGreaterThanOrEqual(0);
          expect(r.quantityAllocated).toBeLessThanOrEqual(r.quantityOnHand);
        }
        expect(sum(after.map((r) => r.quantityOnHand))).toBe(onHandBefore - Math.min(consume, onHandBefore));
        // what was released is gone from the allocation; consuming past the free units takes allocated ones with it
        expect(sum(after.map((r) => r.quantityAllocated))).toBeLessThanOrEqual(allocatedBefore - Math.min(release, allocatedBefore));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25), seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
  });
});

describe('releases', () => {
  it('releaseAllocation never goes below zero; two releases of the same positions in opposite orders both finish', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 6, allocated: 5 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 6, allocated: 5 });
    const p10 = { itemId: item.itemId, binId: w.bins.P10.binId };
    const p20 = { itemId: item.itemId, binId: w.bins.P20.binId };
    const results = await Promise.all([
      tx((t) => releaseAllocation(t, [{ ...p20, quantity: 3 }, { ...p10, quantity: 3 }])),
      tx((t) => releaseAllocation(t, [{ ...p10, quantity: 3 }, { ...p20, quantity: 3 }])),
    ]);
    // 5 allocated per bin: one release got 3 of each, the other the 2 left
    const perBin = (binId: number) => results.flat().filter((r) => r.binId === binId).reduce((n, r) => n + r.quantity, 0);
    expect([perBin(p10.binId), perBin(p20.binId)]).toEqual([5, 5]);
    expect(await rowsOf(item.itemId)).toEqual([{ binId: p10.binId, onHand: 6, allocated: 0 }, { binId: p20.binId, onHand: 6, allocated: 0 }]);
  });

  it('releaseLineAllocation gives back at most what a line holds', async () => {
    const item = await createItem(s.app);
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 5 }, { itemId: item.itemId, qty: 5 }] });
    const [l1, l2] = so.lines;
    await s.app.prisma.salesOrderLine.updateMany({ where: { soId: so.soId }, data: { quantityAllocated: 2 } });
    await tx((t) => releaseLineAllocation(t, new Map([[l1.soLineId, 1], [l2.soLineId, 7]])));
    const lines = await s.app.prisma.salesOrderLine.findMany({ where: { soId: so.soId }, orderBy: { soLineId: 'asc' } });
    expect(lines.map((l) => l.quantityAllocated)).toEqual([1, 0]);
  });
});

describe('takes', () => {
  it('takeFromRow deletes the row it empties, and refuses units allocated since the row was read', async () => {
    const item = await createItem(s.app);
    const row = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 4 });
    const asRead = { inventoryId: row.inventoryId, itemId: item.itemId, binId: w.bins.P10.binId, warehouseId: w.warehouseId, quantityOnHand: 4, quantityAllocated: 0, lotNumber: null };
    await tx((t) => takeFromRow(t, asRead, 1));
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 3, allocated: 0 }]);
    await s.app.prisma.inventory.update({ where: { inventoryId: row.inventoryId }, data: { quantityAllocated: 2 } });
    // read as 3 free: the whole row would go (delete), but 2 are allocated now
    await expect(tx((t) => takeFromRow(t, { ...asRead, quantityOnHand: 3 }, 3))).rejects.toThrow(/changed under its lock/);
    await expect(tx((t) => takeFromRow(t, { ...asRead, quantityOnHand: 3 }, 2))).rejects.toThrow(/changed under its lock/);
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 3, allocated: 2 }]);
    await tx((t) => takeFromRow(t, { ...asRead, quantityOnHand: 3, quantityAllocated: 2 }, 1));
    await s.app.prisma.inventory.update({ where: { inventoryId: row.inventoryId }, data: { quantityAllocated: 0 } });
    await tx((t) => takeFromRow(t, { ...asRead, quantityOnHand: 2 }, 2));
    expect(await rowsOf(item.itemId)).toEqual([]);
  });

  it('takeBackReceived leaves emptied rows in place and never takes allocated units', async () => {
    const item = await createItem(s.app);
    const a = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 3 });
    const b = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 3, allocated: 2 });
    await expect(tx((t) => takeBackReceived(t, new Map([[a.inventoryId, 3], [b.inventoryId, 2]])))).rejects.toThrow(/changed under its lock/);
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 3, allocated: 0 }, { binId: w.bins.P20.binId, onHand: 3, allocated: 2 }]);
    await tx((t) => takeBackReceived(t, new Map([[a.inventoryId, 3], [b.inventoryId, 1]])));
    expect(await rowsOf(item.itemId)).toEqual([{ binId: w.bins.P10.binId, onHand: 0, allocated: 0 }, { binId: w.bins.P20.binId, onHand: 2, allocated: 2 }]);
  });
});

describe('lock order: a move and an allocation of the same item wait for each other, never deadlock', () => {
  /**
   * The destination row has the lower id. A holder keeps the source row locked; the move queues behind it, then an
   * allocation of the item. When the holder lets go, the move writes both rows and the allocation follows. A move
   * that locked only its source row would leave the destination row to the allocation (it locks in id order) and
   * then wait for it while the allocation waits for the source row: a deadlock, and one of them would fail.
   */
  async function race(move: (itemId: number) => Promise<unknown>) {
    const item = await createItem(s.app);
    const dest = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 1 });
    const src = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 10 });
    expect(dest.inventoryId).toBeLessThan(src.inventoryId);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = tx(async (t) => {
      await t.$queryRaw`SELECT inventory_id FROM inventory WHERE inventory_id = ${src.inventoryId} FOR UPDATE`;
      held();
      await gate;
    });
    await holding;
    const moved = move(item.itemId);
    await someoneWaitsForALock(1);
    const allocation = tx(async (t) => allocate(t, (await lockAllocatableRows(t, w.warehouseId, [item.itemId])).get(item.itemId) ?? [], 3));
    await someoneWaitsForALock(2);
    release();
    await holder;
    const outcome = await Promise.allSettled([moved, allocation]);
    expect(outcome.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok']);
    for (const r of await rowsOf(item.itemId)) expect(r.allocated).toBeLessThanOrEqual(r.onHand);
    return { item, src, dest };
  }

  it('the stock operations of a move (lockMoveSource, then take and add)', async () => {
    const { item } = await race((itemId) =>
      tx(async (t) => {
        const positions = [{ itemId, binId: w.bins.P10.binId }, { itemId, binId: w.bins.P20.binId }];
        await lockStockPositions(t, positions);
        const source = await lockMoveSource(t, itemId, w.bins.P10.binId, w.bins.P20.binId, null);
        await takeStock(t, [source!], 4, { deleteEmpty: true });
        await addStock(t, { itemId, binId: w.bins.P20.binId, warehouseId: w.warehouseId, lotNumber: null, quantity: 4 });
      }),
    );
    const rows = await rowsOf(item.itemId);
    expect(rows.map((r) => r.onHand)).toEqual([5, 6]);
    expect(rows.reduce((n, r) => n + r.allocated, 0)).toBe(3);
  });

  it('put-away confirm through the API', async () => {
    const { item } = await race(async (itemId) => {
      const r = await s.api('POST', '/api/putaway/confirm', {
        token,
        body: { item_id: itemId, from_bin_id: w.bins.P10.binId, to_bin_id: w.bins.P20.binId, quantity: 4 },
      });
      if (r.status !== 200) throw new Error(`put-away answered ${r.status}: ${r.text}`);
    });
    const rows = await rowsOf(item.itemId);
    expect(rows).toEqual([{ binId: w.bins.P20.binId, onHand: 5, allocated: expect.any(Number) }, { binId: w.bins.P10.binId, onHand: 6, allocated: expect.any(Number) }]);
    expect(rows.reduce((n, r) => n + r.allocated, 0)).toBe(3);
  });

  it('a receipt into both bins through the API (the source bin first, its row the higher id)', async () => {
    const { item } = await race(async (itemId) => {
      const po = await createPo(s.app, { warehouseId: w.warehouseId, lines: [{ itemId, quantity: 4 }] });
      const r = await s.api('POST', '/api/receiving/receive', {
        token,
        body: {
          po_id: po.poId,
          warehouse_id: w.warehouseId,
          items: [{ item_id: itemId, quantity: 2, bin_id: w.bins.P10.binId }, { item_id: itemId, quantity: 2, bin_id: w.bins.P20.binId }],
        },
      });
      if (r.status !== 200) throw new Error(`receive answered ${r.status}: ${r.text}`);
    });
    const rows = await rowsOf(item.itemId);
    expect(rows.map((r) => r.onHand)).toEqual([3, 12]);
    expect(rows.reduce((n, r) => n + r.allocated, 0)).toBe(3);
  });

  it('lockPositionRows locks every row of the positions in id order, whatever order the positions come in', async () => {
    const item = await createItem(s.app);
    const first = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 1 });
    const second = await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 1 });
    const rows = await tx((t) => lockPositionRows(t, [{ itemId: item.itemId, binId: w.bins.P10.binId }, { itemId: item.itemId, binId: w.bins.P20.binId }]));
    expect(rows.map((r) => r.inventoryId)).toEqual([first.inventoryId, second.inventoryId]);
  });
});
