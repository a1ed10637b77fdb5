// Query cost (issue 16, "Cost"): computed with variables applied and list sizes from first/last, refused
// with QUERY_TOO_COMPLEX before anything runs, reported in extensions.cost (requested and actual) otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_COST } from '../../src/reliability/query-cost';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

async function post(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

const expectRefused = (body: { data?: unknown; errors?: any[] }, requested: number) => {
  expect(body.data).toBeUndefined();
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]).toMatchObject({
    message: `Query cost ${requested} exceeds the limit of 5000: ask for fewer objects (smaller first/last, fewer nested lists)`,
    extensions: { code: 'QUERY_TOO_COMPLEX', cost: { requestedQueryCost: requested, maxQueryCost: 5000 } },
  });
};

describe('query cost', () => {
  it('refuses the 30-alias nested items(first: $n) query with n = 100 (the variable is applied)', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: items(first: $n) { edges { node { inventory { bin { inventory { item { inventory { sku } } } } } } } }`);
    const r = await post(`query Deep($n: Int) { ${aliases.join(' ')} }`, { n: 100 });
    expect(r.status).toBe(200);
    // per alias: 1 + 100 × (edge 1 + node 1 + 10 × (1 + bin 1 + 10 × (1 + item 1 + 10 × 1))) = 122 201
    expectRefused(r.body, 30 * 122_201);
  });

  it('prices the same document by its variables: first: $n passes at 100 and is refused at 1000', async () => {
    const query = 'query Items($n: Int) { items(first: $n) { totalCount edges { node { sku inventory { quantityOnHand } } } } }';
    const ok = await post(query, { n: 100 });
    expect(ok.body.errors).toBeUndefined();
    const rows = ok.body.data.items.edges as { node: { inventory: unknown[] } }[];
    expect(rows.length).toBeGreaterThan(0);
    // actual: the connection, and per edge the edge, its node and the node's inventory rows
    const actual = 1 + rows.reduce((n, e) => n + 2 + e.node.inventory.length, 0);
    expect(ok.body.extensions).toEqual({ cost: { requestedQueryCost: 1 + 100 * (2 + 10), actualQueryCost: actual, maxQueryCost: 5000 } });
    expectRefused((await post(query, { n: 1000 })).body, 1 + 1000 * 12);
    // the default page size (20) when first is absent
    const dflt = await post('{ items { edges { node { sku inventory { quantityOnHand } } } } }');
    expect(dflt.body.extensions.cost.requestedQueryCost).toBe(1 + QUERY_COST.defaultConnectionSize * 12);
  });

  it('passes salesOrders(first: 100, filter: { status: [OPEN] }) with its lines and reports requested and actual cost', async () => {
    const r = await post(
      '{ salesOrders(first: 100, filter: { status: [OPEN] }) { totalCount edges { node { soId soNumber status customerName lines { sku itemName quantityOrdered quantityPicked quantityPacked quantityShipped } } } } }',
    );
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const edges = r.body.data.salesOrders.edges as { node: { lines: unknown[] } }[];
    expect(edges.length).toBe(r.body.data.salesOrders.totalCount);
    expect(edges.length).toBeGreaterThan(0);
    const actual = 1 + edges.reduce((n, e) => n + 2 + e.node.lines.length, 0);
    expect(r.body.extensions.cost).toEqual({ requestedQueryCost: 1 + 100 * (2 + 10), actualQueryCost: actual, maxQueryCost: 5000 });
  });

  it('passes a dashboard query of four lists at first: 50 with nested lines', async () => {
    const r = await post(`query Board($n: Int) {
      so: salesOrders(first: $n) { totalCount edges { node { soNumber status lines { sku quantityOrdered quantityPicked } } } }
      po: purchaseOrders(first: $n) { totalCount edges { node { poNumber status lines { sku quantityOrdered quantityReceived } } } }
      items(first: $n) { totalCount edges { node { sku itemName inventory { quantityOnHand quantityAllocated } } } }
      bins(first: $n) { totalCount edges { node { binCode inventory { quantityOnHand } } } }
    }`, { n: 50 });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.so.edges.length).toBeGreaterThan(0);
    expect(r.body.extensions.cost.requestedQueryCost).toBe(4 * (1 + 50 * 12));
    expect(r.body.extensions.cost.actualQueryCost).toBeLessThan(r.body.extensions.cost.requestedQueryCost);
  });

  it('prices the largest page, items(first: 250), at 250 rows and an offset at nothing', async () => {
    const big = await post('{ items(first: 250, offset: 2) { totalCount edges { node { sku } } } }');
    expect(big.body.errors).toBeUndefined();
    expect(big.body.extensions.cost).toEqual({
      requestedQueryCost: 1 + 250 * 2,
      actualQueryCost: 1 + big.body.data.items.edges.length * 2,
      maxQueryCost: 5000,
    });
    expectRefused((await post('{ items(first: 250) { edges { node { sku inventory { bin { inventory { quantityOnHand } } } } } } }')).body, 1 + 250 * (2 + 10 * 12));
    // the default page size (20) when first is absent
    expect((await post('{ items { edges { node { sku } } } }')).body.extensions.cost.requestedQueryCost).toBe(1 + 20 * 2);
  });

  it('adds 10 per mutation field, honours @skip/@include with variables and does not price introspection', async () => {
    const wh = await s.app.prisma.warehouse.findFirstOrThrow({ where: { warehouseCode: 'WH1' } });
    const m = await post('mutation Z($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneCode warehouse { warehouseCode } } } }', {
      i: { warehouseId: wh.warehouseId, zoneCode: 'COST1', zoneName: 'Cost zone', zoneType: 'STORAGE' },
    });
    expect(m.body.errors).toBeUndefined();
    // the mutation, its payload, the zone and its warehouse
    expect(m.body.extensions.cost).toEqual({ requestedQueryCost: 10 + 3, actualQueryCost: 10 + 3, maxQueryCost: 5000 });
    const included = 'query($big: Boolean!) { items(first: 1000) @include(if: $big) { edges { node { inventory { quantityOnHand } } } } me { username } }';
    const skip = await post(included, { big: false });
    expect(skip.body.errors).toBeUndefined();
    expect(skip.body.extensions.cost).toEqual({ requestedQueryCost: 1, actualQueryCost: 1, maxQueryCost: 5000 });
    // the same document with the list included: 1 + 1000 × (edge 1 + node 1 + 10 × 1), and me
    expectRefused((await post(included, { big: true })).body, 12_002);
    const intro = await post('{ __schema { types { name fields { name type { name } } } } }');
    expect(intro.body.errors).toBeUndefined();
    expect(intro.body.extensions.cost.requestedQueryCost).toBe(0);
  });

  it('prices a document whose variables change no list size the same for any value, and still refuses bad variables', async () => {
    const query = 'query Stock($sku: String!) { items(first: 5, filter: { q: $sku }) { edges { node { sku inventory { quantityOnHand } } } } }';
    // 1 + 5 × (edge 1 + node 1 + 10 × 1)
    for (const sku of ['SKU-0001', 'SKU-0002', 'no such sku']) {
      const r = await post(query, { sku });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.extensions.cost.requestedQueryCost).toBe(61);
    }
    const bad = await post(query, { sku: 7 });
    expect(bad.body.data).toBeUndefined();
    expect(bad.body.errors?.[0].message).toMatch(/Variable "\$sku" got invalid value 7/);
    expect(bad.body.extensions?.cost).toBeUndefined();
  });

  it('refuses the same query through yoga (a browser request) and over a GET', async () => {
    const query = '{ items(first: 250) { edges { node { sku inventory { bin { inventory { quantityOnHand } } } } } } }';
    const browser = await post(query, undefined, { origin: 'http://localhost:3000' });
    expectRefused(browser.body, 30_501);
    const get = await fetch(`${s.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${admin}`, accept: 'application/json' } });
    expectRefused((await get.json()) as any, 30_501);
  });

  it('leaves the REST adapter unpriced: the legacy per_page=1000 of orders with lines still answers', async () => {
    const r = await s.api('GET', '/api/admin/sales-orders?per_page=1000', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.per_page).toBe(1000);
    expect(r.body.sales_orders.length).toBeGreaterThan(0);
    expect(r.body.extensions).toBeUndefined();
  });
});
