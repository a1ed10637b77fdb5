import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/db';
import type { Tx } from '../../src/db/tx';
import { releaseAllocation } from '../../src/stock/allocation';
import { addStock, addStockCtes, freeQuantity, lockStockPositions, lockStockRow, lockStockRows, takeStock, type StockRow } from '../../src/stock/stock';
import { makeItem, makeWarehouse, putStock, stockRows } from '../helpers/inventory';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The stock primitives of src/stock/, straight against PostgreSQL: what they do, that they never take stock
 * below zero or below what is allocated, and that they lock in a fixed order (positions in (item, bin) order,
 * rows in id order), so two changes of the same rows wait for each other instead of deadlocking.
 */
let s: TestServer;
let wh: Awaited<ReturnType<typeof makeWarehouse>>;

beforeAll(async () => {
  s = await startTestServer();
  wh = await makeWarehouse(s.app, { binCount: 3 });
});
afterAll(async () => {
  await s?.close();
});

/** Poll interval while waiting for a lock to show up in pg_locks. */
const pause = () => new Promise((r) => setTimeout(r, 20));
const tx = <T>(fn: (t: Tx) => Promise<T>) => s.app.prisma.$transaction(fn, { timeout: 20_000 });
const rowsOf = (itemId: number, binId: number) => stockRows(s.app, itemId, binId);
const plain = (r: { quantityOnHand: number; quantityAllocated: number; lotNumber: string | null }) => ({ onHand: r.quantityOnHand, allocated: r.quantityAllocated, lot: r.lotNumber });

describe('addStock / addStockCtes', () => {
  it('creates the (item, bin, lot) row when absent and adds to it when present; a null lot is its own row', async () => {
    const item = await makeItem(s.app);
    const bin = wh.bins[0].binId;
    const add = (lotNumber: string | null, quantity: number) =>
      tx(async (t) => {
        await lockStockPositions(t, [{ itemId: item.itemId, binId: bin }]);
        return addStock(t, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, lotNumber, quantity });
      });
    expect(await add(null, 3)).toBe(3);
    expect(await add(null, 4)).toBe(7);
    expect(await add('L1', 2)).toBe(2);
    expect((await rowsOf(item.itemId, bin)).map(plain)).toEqual([{ onHand: 7, allocated: 0, lot: null }, { onHand: 2, allocated: 0, lot: 'L1' }]);
  });

  it('addStockCtes inside a statement: the same rules', async () => {
    const item = await makeItem(s.app);
    const bin = wh.bins[1].binId;
    const add = (lotNumber: string | null, quantity: number) =>
      tx(async (t) => {
        await lockStockPositions(t, [{ itemId: item.itemId, binId: bin }]);
        await t.$queryRaw(Prisma.sql`WITH ${addStockCtes({ itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, lotNumber, quantity })} SELECT 1 AS one`);
      });
    await add('L2', 5);
    await add('L2', 1);
    await add(null, 2);
    expect((await rowsOf(item.itemId, bin)).map(plain)).toEqual([{ onHand: 6, allocated: 0, lot: 'L2' }, { onHand: 2, allocated: 0, lot: null }]);
  });
});

describe('takeStock', () => {
  it('takes free units only, in the given row order, and deletes emptied rows only when asked', async () => {
    const item = await makeItem(s.app);
    const bin = wh.bins[2].binId;
    await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 5, allocated: 2 });
    await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 4, lot: 'A' });
    await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 3, lot: 'B' });
    const left = await tx(async (t) => {
      await lockStockPositions(t, [{ itemId: item.itemId, binId: bin }]);
      const rows = await lockStockRows(t, item.itemId, bin);
      expect(freeQuantity(rows)).toBe(10);
      return takeStock(t, rows, 7, { deleteEmpty: true }); // 3 free of the first, all 4 of lot A
    });
    expect(left).toBe(2 + 3);
    expect((await rowsOf(item.itemId, bin)).map(plain)).toEqual([{ onHand: 2, allocated: 2, lot: null }, { onHand: 3, allocated: 0, lot: 'B' }]);
    await tx(async (t) => takeStock(t, await lockStockRows(t, item.itemId, bin), 3, { deleteEmpty: false }));
    expect((await rowsOf(item.itemId, bin)).map(plain)).toEqual([{ onHand: 2, allocated: 2, lot: null }, { onHand: 0, allocated: 0, lot: 'B' }]);
  });

  it('refuses more than the free quantity, and the transaction leaves the rows as they were', async () => {
    const item = await makeItem(s.app);
    const bin = wh.bins[0].binId;
    await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 5, allocated: 4 });
    await expect(tx(async (t) => takeStock(t, await lockStockRows(t, item.itemId, bin), 2, { deleteEmpty: true }))).rejects.toThrow(/more than the free quantity/);
    expect((await rowsOf(item.itemId, bin)).map(plain)).toEqual([{ onHand: 5, allocated: 4, lot: null }]);
  });

  it('a stale row (changed since it was read) is refused by the conditional update, never taken below what is allocated', async () => {
    const item = await makeItem(s.app);
    const bin = wh.bins[1].binId;
    const row = await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 5 });
    const stale: StockRow = { inventoryId: row.inventoryId, itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantityOnHand: 5, quantityAllocated: 0, lotNumber: null };
    await s.app.prisma.inventory.update({ where: { inventoryId: row.inventoryId }, data: { quantityAllocated: 4 } });
    await expect(tx(async (t) => takeStock(t, [stale], 3, { deleteEmpty: false }))).rejects.toThrow(/changed under its lock/);
    expect((await rowsOf(item.itemId, bin)).map(plain)).toEqual([{ onHand: 5, allocated: 4, lot: null }]);
  });

  it('property: any sequence of adds and takes keeps every row at 0 <= allocated <= on hand, and the total exact', async () => {
    const item = await makeItem(s.app);
    const bins = wh.bins.map((b) => b.binId);
    const lots = [null, 'X', 'Y'];
    // allocations the primitives must respect
    for (const b of bins) await putStock(s.app, { itemId: item.itemId, binId: b, warehouseId: wh.warehouseId, quantity: 3, allocated: 2 });
    let expected = 9;
    const op = fc.record({ add: fc.boolean(), bin: fc.nat(bins.length - 1), lot: fc.nat(lots.length - 1), q: fc.integer({ min: 1, max: 6 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        for (const o of ops) {
          const binId = bins[o.bin];
          const took = await tx(async (t) => {
            await lockStockPositions(t, [{ itemId: item.itemId, binId }]);
            if (o.add) {
              await addStock(t, { itemId: item.itemId, binId, warehouseId: wh.warehouseId, lotNumber: lots[o.lot], quantity: o.q });
              return o.q;
            }
            const rows = await lockStockRows(t, item.itemId, binId);
            const q = Math.min(o.q, freeQuantity(rows));
            if (q > 0) await takeStock(t, rows, q, { deleteEmpty: o.lot === 0 });
            return -q;
          });
          expected += took;
        }
        const all = await s.app.prisma.inventory.findMany({ where: { itemId: item.itemId } });
        for (const r of all) {
          expect(r.quantityOnHand).toBeGreaterThanOrEqual(0);
          expect(r.quantityAllocated).toBeGreaterThanOrEqual(0);
          expect(r.quantityAllocated).toBeLessThanOrEqual(r.quantityOnHand);
        }
        expect(all.reduce((n, r) => n + r.quantityOnHand, 0)).toBe(expected);
        expect(all.reduce((n, r) => n + r.quantityAllocated, 0)).toBe(6);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25), seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
  });
});

describe('releaseAllocation', () => {
  it('gives back at most what each row holds, rows in id order, and reports what it released', async () => {
    const item = await makeItem(s.app);
    const [b1, b2] = [wh.bins[0].binId, wh.bins[1].binId];
    await putStock(s.app, { itemId: item.itemId, binId: b1, warehouseId: wh.warehouseId, quantity: 5, allocated: 2 });
    await putStock(s.app, { itemId: item.itemId, binId: b1, warehouseId: wh.warehouseId, quantity: 5, allocated: 3, lot: 'R' });
    await putStock(s.app, { itemId: item.itemId, binId: b2, warehouseId: wh.warehouseId, quantity: 4, allocated: 1 });
    const released = await tx((t) =>
      releaseAllocation(t, [{ itemId: item.itemId, binId: b1, quantity: 4 }, { itemId: item.itemId, binId: b2, quantity: 3 }, { itemId: item.itemId, binId: wh.bins[2].binId, quantity: 0 }]),
    );
    // b2 held only 1: never below zero, and the answer says so
    expect(released).toEqual([{ itemId: item.itemId, binId: b1, quantity: 4 }, { itemId: item.itemId, binId: b2, quantity: 1 }]);
    expect((await rowsOf(item.itemId, b1)).map(plain)).toEqual([{ onHand: 5, allocated: 0, lot: null }, { onHand: 5, allocated: 1, lot: 'R' }]);
    expect((await rowsOf(item.itemId, b2)).map(plain)).toEqual([{ onHand: 4, allocated: 0, lot: null }]);
  });
});

describe('lock order', () => {
  /** Advisory locks of (item, bin) positions held or awaited right now: [key1, key2, granted]. */
  const advisory = async (itemId: number) =>
    (await s.app.db.sql.query<{ k1: number; k2: number; granted: boolean }>(
      `SELECT classid::int AS k1, objid::int AS k2, granted FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid::int = $1 ORDER BY 2`,
      [itemId],
    )).rows;

  it('lockStockPositions takes the positions in (item, bin) order, whatever order it is given', async () => {
    const item = await makeItem(s.app);
    const [p1, p2] = [wh.bins[0].binId, wh.bins[2].binId];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    // another transaction holds the second position
    const holder = tx(async (t) => {
      await lockStockPositions(t, [{ itemId: item.itemId, binId: p2 }]);
      held();
      await gate;
    });
    await holding;
    // given (p2, p1): it must take p1 first, then wait for p2
    const waiter = tx(async (t) => lockStockPositions(t, [{ itemId: item.itemId, binId: p2 }, { itemId: item.itemId, binId: p1 }]));
    let locks: Awaited<ReturnType<typeof advisory>>;
    const deadline = Date.now() + 10_000;
    while (!(locks = await advisory(item.itemId)).some((l) => l.k2 === p2 && !l.granted)) {
      if (Date.now() > deadline) throw new Error(`the second transaction never waited for p2: ${JSON.stringify(locks)}`);
      await pause();
    }
    expect(locks.filter((l) => l.granted).map((l) => l.k2).sort()).toEqual([p1, p2]); // p1 by the waiter, p2 by the holder
    release();
    await holder;
    await waiter;
  });

  it('lockStockRows locks the rows of a position in id order', async () => {
    const item = await makeItem(s.app);
    const bin = wh.bins[1].binId;
    const first = await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 1, lot: 'L-1' });
    const second = await putStock(s.app, { itemId: item.itemId, binId: bin, warehouseId: wh.warehouseId, quantity: 1, lot: 'L-2' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = tx(async (t) => {
      await t.$queryRaw`SELECT inventory_id FROM inventory WHERE inventory_id = ${second.inventoryId} FOR UPDATE`;
      held();
      await gate;
    });
    await holding;
    const waiter = tx(async (t) => lockStockRows(t, item.itemId, bin));
    // the waiter is blocked on the second row: it must already hold the first one
    const locked = async (id: number) => {
      try {
        await s.app.db.sql.query('SELECT inventory_id FROM inventory WHERE inventory_id = $1 FOR UPDATE NOWAIT', [id]);
        return false;
      } catch (e) {
        if ((e as { code?: string }).code === '55P03') return true;
        throw e;
      }
    };
    const deadline = Date.now() + 10_000;
    while (!(await locked(first.inventoryId))) {
      if (Date.now() > deadline) throw new Error('lockStockRows never locked the first row while waiting for the second');
      await pause();
    }
    release();
    await holder;
    const rows = await waiter;
    expect(rows.map((r) => r.inventoryId)).toEqual([first.inventoryId, second.inventoryId]);
    expect(await lockStockRow(s.app.prisma as unknown as Tx, item.itemId, bin, 'L-2')).toMatchObject({ inventoryId: second.inventoryId, lotNumber: 'L-2' });
  });
});
