/**
 * Statements the picking writes send to PostgreSQL (bench/query-counter.ts counts every pg.Client#query call of the
 * application, BEGIN and COMMIT included): wave create, confirm, short and complete, on REST and GraphQL. Each figure
 * is the least of a few runs (fresh data each run), so unrelated background work cannot inflate it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installRequestCounter, requestStatements, roundTrips } from '../helpers/request-statements';
import { startTestServer, type TestServer } from '../helpers/server';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';

installRequestCounter();

let s: TestServer;
let token: string;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer();
  token = await s.adminToken();
  w = await createWarehouse(s.app);
  // the token check reads the user once, then serves it from memory
  expect((await s.api('GET', '/api/picking/active-batch', { token })).status).toBe(200);
});
afterAll(async () => s?.close());

const RUNS = 4;

/** Least statements `act` sends over a few runs, each on data `setup` prepares first (not counted). */
async function least<T>(setup: () => Promise<T>, act: (data: T) => Promise<void>): Promise<{ statements: number; roundTrips: number }> {
  const n = { statements: Infinity, roundTrips: Infinity };
  for (let i = 0; i < RUNS; i++) {
    const data = await setup();
    const [before, tripsBefore] = [requestStatements(), roundTrips()];
    await act(data);
    n.statements = Math.min(n.statements, requestStatements() - before);
    n.roundTrips = Math.min(n.roundTrips, roundTrips() - tripsBefore);
  }
  return n;
}

/** Orders of `lines` lines each (one item per line, stocked in two bins): `count` orders. */
async function orders(count: number, lines: number): Promise<{ soIds: number[]; upcs: string[] }> {
  const soIds: number[] = [];
  const upcs: string[] = [];
  for (let o = 0; o < count; o++) {
    const items = [];
    for (let i = 0; i < lines; i++) {
      const item = await createItem(s.app);
      await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 1 });
      await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 5 });
      items.push(item);
      upcs.push(item.upc!);
    }
    const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: items.map((it) => ({ itemId: it.itemId, qty: 2 })) });
    soIds.push(so.soId);
  }
  return { soIds, upcs };
}

async function wave(soIds: number[]): Promise<{ batchId: number; tasks: { id: number; upc: string; qty: number }[] }> {
  const r = await s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: soIds, warehouse_id: w.warehouseId } });
  expect(r.status, r.text).toBe(200);
  const b = await s.api('GET', `/api/picking/batch/${r.body.batch_id}`, { token });
  expect(b.status, b.text).toBe(200);
  const upcOf = new Map<string, string>();
  for (const item of await s.app.prisma.item.findMany({ where: { sku: { in: b.body.tasks.map((t: { sku: string }) => t.sku) } } })) upcOf.set(item.sku, item.upc!);
  return {
    batchId: r.body.batch_id,
    tasks: b.body.tasks.map((t: { pick_task_id: number; sku: string; quantity_to_pick: number }) => ({ id: t.pick_task_id, upc: upcOf.get(t.sku)!, qty: t.quantity_to_pick })),
  };
}

const post = async (path: string, body: unknown, status = 200) => {
  const r = await s.api('POST', path, { token, body });
  expect(r.status, r.text).toBe(status);
  return r;
};
const gql = async (query: string, variables: Record<string, unknown>) => {
  const r = await s.gql(query, variables, token);
  expect(r.errors).toBeUndefined();
  return r.data;
};

/**
 * Statements and round trips per operation. BEGIN goes out with the first statement and COMMIT with the final one
 * (src/db/pg-client.ts): counted as statements, not as round trips.
 */
const EXPECTED = {
  waveCreate: { statements: 6, roundTrips: 3 },
  confirm: { statements: 4, roundTrips: 2 },
  short: { statements: 4, roundTrips: 2 },
  complete: { statements: 4, roundTrips: 2 },
};

describe('picking writes: statements and round trips per operation', () => {
  it('wave create of 1 and of 3 orders (REST and GraphQL)', async () => {
    const one = await least(() => orders(1, 2), async ({ soIds }) => void (await post('/api/picking/wave-create', { so_ids: soIds, warehouse_id: w.warehouseId })));
    const three = await least(() => orders(3, 2), async ({ soIds }) => void (await post('/api/picking/wave-create', { so_ids: soIds, warehouse_id: w.warehouseId })));
    const doc = 'mutation($i: PickWaveCreateInput!) { pickWaveCreate(input: $i) { wave { batchId totalPicks firstPick { pickTaskId } } userErrors { message } } }';
    const graph = await least(() => orders(2, 2), async ({ soIds }) => {
      const d = await gql(doc, { i: { soIds, warehouseId: w.warehouseId } });
      expect(d.pickWaveCreate.userErrors).toEqual([]);
    });
    expect({ one, three, graph }).toEqual({ one: EXPECTED.waveCreate, three: EXPECTED.waveCreate, graph: EXPECTED.waveCreate });
  });

  it('wave create answers its first task as GET next answers it (one item over two orders, two bins)', async () => {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 5 });
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P20.binId, onHand: 9 });
    const other = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: other.itemId, binId: w.bins.PS30.binId, onHand: 9 });
    const a = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: other.itemId, qty: 1 }, { itemId: item.itemId, qty: 2 }] });
    const b = await createOrder(s.app, { warehouseId: w.warehouseId, lines: [{ itemId: item.itemId, qty: 4 }] });
    const r = await post('/api/picking/wave-create', { so_ids: [b.soId, a.soId], warehouse_id: w.warehouseId });
    expect(r.body.total_picks).toBe(3);
    expect(r.body.first_pick.contributing_orders).toHaveLength(2);
    const next = await s.api('GET', `/api/picking/batch/${r.body.batch_id}/next`, { token });
    expect(next.status, next.text).toBe(200);
    expect(r.body.first_pick).toEqual(next.body.task ?? next.body);
  });

  it('confirm (REST and GraphQL), of a wave task and of its last task', async () => {
    const confirm = await least(
      async () => (await wave((await orders(1, 2)).soIds)).tasks[0],
      async (t) => void (await post('/api/picking/confirm', { pick_task_id: t.id, scanned_barcode: t.upc, quantity_picked: t.qty })),
    );
    const doc = 'mutation($i: PickConfirmInput!) { pickConfirm(input: $i) { confirmation { remainingTasks } userErrors { message } } }';
    const graph = await least(
      async () => (await wave((await orders(1, 1)).soIds)).tasks[0],
      async (t) => {
        const d = await gql(doc, { i: { pickTaskId: t.id, scannedBarcode: t.upc, quantityPicked: t.qty } });
        expect(d.pickConfirm.userErrors).toEqual([]);
      },
    );
    // a refused confirm (wrong item) ends after its first statement
    const refused = await least(
      async () => (await wave((await orders(1, 1)).soIds)).tasks[0],
      async (t) => void (await post('/api/picking/confirm', { pick_task_id: t.id, scanned_barcode: 'nothing-like-it', quantity_picked: 1 }, 400)),
    );
    expect({ confirm, graph, refused }).toEqual({ confirm: EXPECTED.confirm, graph: EXPECTED.confirm, refused: { statements: 3, roundTrips: 2 } });
  });

  it('short (REST and GraphQL)', async () => {
    const short = await least(
      async () => (await wave((await orders(1, 1)).soIds)).tasks[0],
      async (t) => void (await post('/api/picking/short', { pick_task_id: t.id, quantity_available: 1 })),
    );
    const doc = 'mutation($i: PickShortInput!) { pickShort(input: $i) { shortage { task { shortage } } userErrors { message } } }';
    const graph = await least(
      async () => (await wave((await orders(1, 1)).soIds)).tasks[0],
      async (t) => {
        const d = await gql(doc, { i: { pickTaskId: t.id, quantityAvailable: 0 } });
        expect(d.pickShort.userErrors).toEqual([]);
      },
    );
    expect({ short, graph }).toEqual({ short: EXPECTED.short, graph: EXPECTED.short });
  });

  it('complete (REST and GraphQL), of 1 and of 3 orders', async () => {
    const picked = async (count: number) => {
      const b = await wave((await orders(count, 1)).soIds);
      for (const t of b.tasks) await post('/api/picking/confirm', { pick_task_id: t.id, scanned_barcode: t.upc, quantity_picked: t.qty });
      return b.batchId;
    };
    const one = await least(() => picked(1), async (batchId) => void (await post('/api/picking/complete-batch', { batch_id: batchId })));
    const three = await least(() => picked(3), async (batchId) => void (await post('/api/picking/complete-batch', { batch_id: batchId })));
    const doc = 'mutation($i: PickBatchIdInput!) { pickCompleteBatch(input: $i) { completion { message } userErrors { message } } }';
    const graph = await least(
      () => picked(2),
      async (batchId) => {
        const d = await gql(doc, { i: { batchId } });
        expect(d.pickCompleteBatch.userErrors).toEqual([]);
      },
    );
    expect({ one, three, graph }).toEqual({ one: EXPECTED.complete, three: EXPECTED.complete, graph: EXPECTED.complete });
  });
});
