/**
 * List endpoints issue a constant number of SQL statements whatever the list length (no N+1), and a barcode
 * lookup is exactly the token check plus one statement: statements are counted at the driver
 * (bench/query-counter.ts wraps pg.Client#query).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installQueryCounter, statements } from '../../bench/query-counter';
import { startTestServer, type TestServer } from '../helpers/server';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';

installQueryCounter();

let s: TestServer;
let token: string;
let w: OutboundWorld;

beforeAll(async () => {
  s = await startTestServer();
  token = await s.adminToken();
  w = await createWarehouse(s.app);
});
afterAll(async () => s?.close());

/** Statements one request issues; the least of a few runs, so unrelated background work cannot inflate it. */
async function statementsOf(path: string): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 4; i++) {
    const before = statements();
    const r = await s.api('GET', path, { token });
    expect(r.status, r.text).toBe(200);
    least = Math.min(least, statements() - before);
  }
  return least;
}

/** The same, for a GraphQL query sent to /graphql. */
async function statementsOfQuery(query: string, variables: Record<string, unknown>): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 4; i++) {
    const before = statements();
    const r = await s.gql(query, variables, token);
    expect(r.errors).toBeUndefined();
    least = Math.min(least, statements() - before);
  }
  return least;
}

/** A wave of one order with `n` lines, each a different item stocked in one bin: `n` pick tasks. */
async function batchWithTasks(n: number): Promise<number> {
  const items = [];
  for (let i = 0; i < n; i++) {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: i % 2 ? w.bins.P10.binId : w.bins.P20.binId, onHand: 5 });
    items.push(item);
  }
  const so = await createOrder(s.app, { warehouseId: w.warehouseId, lines: items.map((it) => ({ itemId: it.itemId, qty: 1 })) });
  const r = await s.api('POST', '/api/picking/wave-create', { token, body: { so_ids: [so.soId], warehouse_id: w.warehouseId } });
  expect(r.status, r.text).toBe(200);
  expect(r.body.total_picks).toBe(n);
  return r.body.batch_id;
}

/** A bin holding `n` different items. */
async function binWithItems(n: number, code: string): Promise<string> {
  const bin = await s.app.prisma.bin.create({
    data: { warehouseId: w.warehouseId, zoneId: w.zoneId, binCode: code, binBarcode: `BC-${code}`, binType: 'Pickable' },
  });
  for (let i = 0; i < n; i++) {
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: bin.binId, onHand: 3 });
  }
  return bin.binBarcode;
}

describe('statements per request do not grow with the list', () => {
  it('GET /api/picking/batch/{id}: 2 tasks and 20 tasks', async () => {
    const small = await batchWithTasks(2);
    const large = await batchWithTasks(20);
    const a = await statementsOf(`/api/picking/batch/${small}`);
    const b = await statementsOf(`/api/picking/batch/${large}`);
    expect(a).toBeGreaterThan(0);
    expect(b).toBe(a);
    // the next task of a wave too (its breakdown and progress)
    expect(await statementsOf(`/api/picking/batch/${large}/next`)).toBe(await statementsOf(`/api/picking/batch/${small}/next`));
  });

  it('nodes(ids:): 2 bins and 20 bins, with their zone and stock rows', async () => {
    const gid = (type: string, key: number) => Buffer.from(`${type}:${key}`).toString('base64');
    const bins: number[] = [];
    for (let i = 0; i < 20; i++) {
      const code = `QC-N${i}-${w.tag}`;
      const bin = await s.app.prisma.bin.create({ data: { warehouseId: w.warehouseId, zoneId: w.zoneId, binCode: code, binBarcode: `BC-${code}`, binType: 'Pickable' } });
      await stock(s.app, { warehouseId: w.warehouseId, itemId: (await createItem(s.app)).itemId, binId: bin.binId, onHand: 1 });
      bins.push(bin.binId);
    }
    const ids = (n: number) => bins.slice(0, n).map((b) => gid('Bin', b));
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Bin { binCode zone { zoneName } inventory { quantityOnHand item { sku } } } } }';
    const a = await statementsOfQuery(query, { ids: ids(2) });
    expect(a).toBeGreaterThan(0);
    expect(await statementsOfQuery(query, { ids: ids(20) })).toBe(a);
  });

  it('GET /api/lookup/bin/{barcode}: 2 items and 20 items', async () => {
    const small = await binWithItems(2, `QC-S-${w.tag}`);
    const large = await binWithItems(20, `QC-L-${w.tag}`);
    const a = await statementsOf(`/api/lookup/bin/${small}`);
    const b = await statementsOf(`/api/lookup/bin/${large}`);
    expect(a).toBeGreaterThan(0);
    expect(b).toBe(a);
  });

  it('a barcode lookup is one statement once the caller is cached, plus the token check after a user change', async () => {
    const barcode = await binWithItems(5, `QC-T-${w.tag}`);
    const item = await createItem(s.app);
    await stock(s.app, { warehouseId: w.warehouseId, itemId: item.itemId, binId: w.bins.P10.binId, onHand: 4 });
    // the token check reads the user once, then serves it from memory until users change (src/auth/user-cache.ts)
    expect(await statementsOf(`/api/lookup/bin/${barcode}`)).toBe(1);
    expect(await statementsOf(`/api/lookup/item/${item.sku}`)).toBe(1);
    expect(await statementsOfQuery('query($b: String!) { lookupBin(barcode: $b) { bin { binCode } items { sku } } }', { b: barcode })).toBe(1);
    expect(await statementsOfQuery('query($b: String!) { lookupItem(barcode: $b) { item { sku } locations { binCode } } }', { b: item.sku })).toBe(1);
    // the first request after a change to users reads the user again (least of a few runs, as above)
    for (const path of [`/api/lookup/bin/${barcode}`, `/api/lookup/item/${item.sku}`]) {
      let least = Infinity;
      for (let i = 0; i < 4; i++) {
        s.app.userCache!.invalidateAll();
        const before = statements();
        expect((await s.api('GET', path, { token })).status).toBe(200);
        least = Math.min(least, statements() - before);
      }
      expect(least).toBe(2);
    }
  });
});
