import fc from 'fast-check';
import { expect } from 'vitest';
import { TEST_ENCRYPTION_KEY } from '../helpers/connectors';
import { createUser } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/server';
import { resolve, type Ref } from './arbitraries';
import { installWriteCounter, ledgerDrift, stockLedger, stockViolations, warehouseChecksum, writeCount } from './invariants';
import { addOrders, buildWarehouse, readPools, readRows, type PoolName, type Pools, type Rows, type Scope } from './world';

/**
 * The world of a property test file: the server, warehouse A (the seeded one; the floor user's), B (same shape,
 * another warehouse) and C (never referenced by a generated id), documents of every kind in A and B, and the
 * checks run after every answer. PROPERTY_RUNS (default 25) requests per route or mutation; FC_SEED replays.
 */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
export const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

export interface World {
  s: TestServer;
  admin: string;
  floor: string;
  W: { A: number; B: number; C: number };
  pools: Pools;
  rows: Record<Scope, Rows>;
  accepted: Record<string, number>;
}

export async function setupWorld(): Promise<World> {
  const s = await startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } });
  const admin = await s.adminToken();
  const p = s.app.prisma;
  const A = (await p.warehouse.findUniqueOrThrow({ where: { warehouseCode: 'WH1' } })).warehouseId;
  const items = (await p.item.findMany({ orderBy: { itemId: 'asc' }, take: 4 })).map((i) => i.itemId);
  const B = await buildWarehouse(s.app, 'PB', items);
  const C = await buildWarehouse(s.app, 'PC', items);
  await addOrders(s.app, A, 'PA', items, 4);
  for (const [code, w] of [['a', A], ['b', B]] as const) await createUser(s.app, { username: `prop-${code}`, warehouseIds: [w], allowedFunctions: ['pick'] });
  const u = await createUser(s.app, { warehouseIds: [A], allowedFunctions: ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer'] });
  const floor = await s.login(u.username, u.password);
  const world: World = { s, admin, floor, W: { A, B, C }, pools: await readPools(s.app, A, B), rows: {} as World['rows'], accepted: {} };
  // documents of every kind in A and B: pick batches (one picked, packed), a receipt, a cycle count
  for (const sc of ['A', 'B'] as const) {
    const w = world.W[sc];
    const sos = await p.salesOrder.findMany({ where: { warehouseId: w, status: 'OPEN' }, orderBy: { soId: 'desc' }, take: 3 });
    const picker = sc === 'A' ? floor : admin; // A's batches belong to the floor user, who picks them during the run
    for (const [n, so] of sos.entries()) {
      const batch = await s.api('POST', '/api/picking/create-batch', { token: picker, body: { so_identifiers: [so.soBarcode], warehouse_id: w } });
      expect(batch.status, batch.text).toBe(200);
      if (n > 0) continue;
      // the first one picked in full: an order ready to pack and ship
      for (const t of batch.body.tasks) {
        const c = await s.api('POST', '/api/picking/confirm', { token: picker, body: { pick_task_id: t.pick_task_id, scanned_barcode: t.upc ?? t.sku, quantity_picked: t.quantity_to_pick } });
        expect(c.status, c.text).toBe(200);
      }
      const done = await s.api('POST', '/api/picking/complete-batch', { token: picker, body: { batch_id: batch.body.batch_id } });
      expect(done.status, done.text).toBe(200);
    }
    const po = await p.purchaseOrder.findFirstOrThrow({ where: { warehouseId: w }, include: { lines: true }, orderBy: { poId: 'desc' } });
    const stage = await p.bin.findFirstOrThrow({ where: { warehouseId: w, binType: 'Staging' } });
    const rc = await s.api('POST', '/api/receiving/receive', { token: admin, body: { po_id: po.poId, items: [{ item_id: po.lines[0].itemId, quantity: 2, bin_id: stage.binId }] } });
    expect(rc.status, rc.text).toBe(200);
    const bin = await p.bin.findFirstOrThrow({ where: { warehouseId: w, binType: 'Pickable', inventory: { some: {} } } });
    const cc = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: w, bin_ids: [bin.binId] } });
    expect(cc.status, cc.text).toBeLessThan(300);
  }
  await installWriteCounter(s.app);
  await refresh(world);
  expect(await stockViolations(s.app), 'the starting data keeps the invariants').toEqual([]);
  return world;
}

/** Keeps the flows going: open orders to batch in A and B (earlier routes may have batched or cancelled them all). */
export async function replenish(world: World): Promise<void> {
  for (const sc of ['A', 'B'] as const) {
    const w = world.W[sc];
    if ((await world.s.app.prisma.salesOrder.count({ where: { warehouseId: w, status: 'OPEN' } })) >= 3) continue;
    const items = (await world.s.app.prisma.inventory.findMany({ where: { warehouseId: w, quantityOnHand: { gt: 0 } }, distinct: ['itemId'], take: 4 })).map((r) => r.itemId);
    if (items.length) await addOrders(world.s.app, w, `R${sc}`, items, 3);
  }
  await refresh(world);
}

async function refresh(world: World) {
  world.pools = await readPools(world.s.app, world.W.A, world.W.B);
  rowsStale = true;
}
let rowsStale = true;

/** The coherent rows, re-read only when something was committed since (and only by routes that use them). */
export async function freshRows(world: World): Promise<void> {
  if (!rowsStale) return;
  world.rows = { A: await readRows(world.s.app, world.W.A), B: await readRows(world.s.app, world.W.B) };
  rowsStale = false;
}

/** What the checks compare against; re-read only after a committed change (a refusal changes nothing). */
let cache: { writes: number; ledger: Record<number, number>; other: Map<number, Record<string, string>> } | null = null;

export async function before(world: World, untouchable: number) {
  const writes = await writeCount(world.s.app);
  if (!cache || cache.writes !== writes) cache = { writes, ledger: await stockLedger(world.s.app), other: new Map() };
  if (!cache.other.has(untouchable)) cache.other.set(untouchable, await warehouseChecksum(world.s.app, untouchable));
  return { writes, ledger: cache.ledger, other: cache.other.get(untouchable)! };
}

/**
 * After an answer. Refused: nothing committed. Accepted and something committed: the stock invariants, the ledger
 * (unless `ledgerExempt`), the untouchable warehouse unchanged.
 */
export async function after(world: World, b: Awaited<ReturnType<typeof before>>, ok: boolean, untouchable: number, opts: { ledgerExempt?: boolean } = {}) {
  const writes = await writeCount(world.s.app);
  if (!ok) {
    expect(writes - b.writes, 'rows a refused request committed').toBe(0);
    return;
  }
  if (writes === b.writes) return; // nothing committed: nothing to re-check
  expect(await stockViolations(world.s.app), 'stock invariants after an accepted request').toEqual([]);
  const ledger = await stockLedger(world.s.app);
  if (!opts.ledgerExempt) expect(ledgerDrift(b.ledger, ledger), 'stock appeared or vanished without a document').toEqual([]);
  const other = await warehouseChecksum(world.s.app, untouchable);
  expect(other, `warehouse ${untouchable} (never the target) changed`).toEqual(b.other);
  cache = { writes, ledger, other: new Map([[untouchable, other]]) };
  await refresh(world);
}

export const scopeArb = fc.oneof({ weight: 3, arbitrary: fc.constant<Scope>('A') }, { weight: 1, arbitrary: fc.constant<Scope>('B') });
export const refArb = (p: PoolName[]): fc.Arbitrary<Ref> => fc.record({ $ref: fc.constant(p), scope: scopeArb, i: fc.nat(1000) });

/** A body built from rows that belong together, chosen when the request is sent. */
export interface Tpl {
  $tpl: string;
  scope: Scope;
  i: number;
  k: number;
  q: number;
}
const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
const other = (sc: Scope): Scope => (sc === 'A' ? 'B' : 'A');

/** Coherent valid bodies of the routes that move stock (random ids alone almost never line up for them). */
export const TEMPLATES: Record<string, (world: World, t: Tpl) => unknown> = {
  'POST /api/receiving/receive': (w, t) => {
    const r = w.rows[t.scope];
    const line = pick(r.poLines, t.i);
    const stage = r.bins.find((b) => b.bin_type === 'Staging');
    return line && stage && { po_id: line.po_id, items: [{ item_id: line.item_id, quantity: t.q, bin_id: stage.bin_id }] };
  },
  'POST /api/putaway/confirm': (w, t) => {
    const r = w.rows[t.scope];
    const st = pick(r.stock.filter((x) => x.bin_type === 'Staging'), t.i) ?? pick(r.stock, t.i);
    const to = pick(r.bins.filter((b) => b.bin_id !== st?.bin_id), t.k);
    return st && to && { item_id: st.item_id, from_bin_id: st.bin_id, to_bin_id: to.bin_id, quantity: Math.min(t.q, st.free + (t.k % 4 === 0 ? 1 : 0)) || 1, lot_number: st.lot_number };
  },
  'POST /api/transfers/move': (w, t) => {
    const r = w.rows[t.scope];
    const st = pick(r.stock, t.i);
    const to = pick(r.bins.filter((b) => b.bin_id !== st?.bin_id), t.k);
    return st && to && { item_id: st.item_id, from_bin_id: st.bin_id, to_bin_id: to.bin_id, quantity: Math.min(t.q, st.free + (t.k % 4 === 0 ? 1 : 0)) || 1, lot_number: st.lot_number, reason: 'property' };
  },
  'POST /api/admin/inter-warehouse-transfer': (w, t) => {
    const st = pick(w.rows[t.scope].stock, t.i);
    const to = pick(w.rows[other(t.scope)].bins, t.k);
    return st && to && {
      item_id: st.item_id, from_bin_id: st.bin_id, from_warehouse_id: w.rows[t.scope].warehouseId, to_bin_id: to.bin_id,
      to_warehouse_id: w.rows[other(t.scope)].warehouseId, quantity: Math.min(t.q, st.free + (t.k % 4 === 0 ? 1 : 0)) || 1, reason: 'property',
    };
  },
  'POST /api/admin/adjustments/direct': (w, t) => {
    const st = pick(w.rows[t.scope].stock, t.i);
    return st && { item_id: st.item_id, bin_id: st.bin_id, warehouse_id: w.rows[t.scope].warehouseId, adjustment_type: t.k % 2 ? 'ADD' : 'REMOVE', quantity: t.q, reason: 'property' };
  },
  'POST /api/picking/create-batch': (w, t) => {
    const so = pick(w.rows[t.scope].openSos, t.i);
    return so && { so_identifiers: [so.so_barcode], warehouse_id: w.rows[t.scope].warehouseId };
  },
  'POST /api/picking/wave-create': (w, t) => {
    const r = w.rows[t.scope];
    const a = pick(r.openSos, t.i);
    const b = pick(r.openSos, t.k);
    return a && b && { so_ids: [...new Set([a.so_id, b.so_id])], warehouse_id: r.warehouseId };
  },
  'POST /api/picking/confirm': (w, t) => {
    const task = pick(w.rows[t.scope].tasks, t.i);
    return task && { pick_task_id: task.pick_task_id, scanned_barcode: task.barcode, quantity_picked: t.k % 3 ? task.qty : t.q };
  },
  'POST /api/picking/short': (w, t) => {
    const task = pick(w.rows[t.scope].tasks, t.i);
    return task && { pick_task_id: task.pick_task_id, quantity_available: Math.min(t.q, Math.max(0, task.qty - 1)) };
  },
  'POST /api/picking/complete-batch': (w, t) => {
    const task = pick(w.rows[t.scope].tasks, t.i);
    return task && { batch_id: task.batch_id };
  },
  'POST /api/packing/verify': (w, t) => {
    const line = pick(w.rows[t.scope].packLines, t.i);
    return line && { so_id: line.so_id, scanned_barcode: line.barcode, quantity: 1 };
  },
  'POST /api/packing/complete': (w, t) => {
    const line = pick(w.rows[t.scope].packLines, t.i);
    return line && { so_id: line.so_id };
  },
  'POST /api/shipping/fulfill': (w, t) => {
    const line = pick(w.rows[t.scope].packLines, t.i);
    return line && { so_id: line.so_id, tracking_number: `TRK${t.k}`, carrier: 'UPS' };
  },
  'POST /api/inventory/cycle-count/submit': (w, t) => {
    const line = pick(w.rows[t.scope].countLines, t.i);
    return line && { count_id: line.count_id, lines: [{ count_line_id: line.count_line_id, counted_quantity: Math.max(0, line.expected + (t.k % 3) - 1) }] };
  },
};

export const tplArb = (name: string): fc.Arbitrary<Tpl> =>
  fc.record({ $tpl: fc.constant(name), scope: scopeArb, i: fc.nat(1000), k: fc.nat(1000), q: fc.integer({ min: 1, max: 6 }) });

/** Resolves pool references and templates against the rows that exist now. */
export function resolveAll(world: World, v: unknown): unknown {
  if (v && typeof v === 'object' && '$tpl' in v) {
    const t = v as Tpl;
    return TEMPLATES[t.$tpl](world, t) ?? {};
  }
  return resolve(v, world.pools);
}
