import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandlers } from '../../src/server';
import { fastPathCounters } from '../../src/graphql/http-fast-path';
import { startTestServer, type TestServer } from '../helpers/server';

// POST /graphql from non-browser clients skips yoga's fetch layer (src/graphql/http-fast-path.ts). Each case is
// sent over HTTP to the server and, as the reference, straight to a yoga instance built the same way
// (yoga.fetch: its full HTTP pipeline); status, content type and body must be the same.
let s: TestServer;
let token: string;
let reference: ReturnType<typeof createRequestHandlers>['yoga'];

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  token = await s.adminToken();
  reference = createRequestHandlers(s.app).yoga;
});
afterAll(async () => {
  await s?.close();
});

interface Case {
  name: string;
  body: string;
  headers?: Record<string, string>;
  /** true: the fast path answers it; false: it is handed to yoga (after the body was read) or never taken */
  fast: boolean | 'untouched';
}

const q = (query: string, variables?: unknown, extra?: Record<string, unknown>) => JSON.stringify({ query, variables, ...extra });
const ITEM = 'query Item($b: String!) { lookupItem(barcode: $b) { item { sku weightLbs } locations { binCode quantityOnHand } } }';

const cases: Case[] = [
  { name: 'a query', body: q(ITEM, { b: 'TST-001' }), fast: true },
  { name: 'a query answered with an error (404 in the extensions)', body: q(ITEM, { b: 'NOPE' }), fast: true },
  { name: 'accept: application/graphql-response+json', body: q(ITEM, { b: 'NOPE' }), headers: { accept: 'application/graphql-response+json' }, fast: true },
  { name: 'accept: application/json', body: q(ITEM, { b: 'TST-001' }), headers: { accept: 'application/json' }, fast: true },
  { name: 'a validation error', body: q('{ lookupItem(barcode: "x") { nope } }'), fast: true },
  { name: 'a variable of the wrong type', body: q(ITEM, { b: 42 }), fast: true },
  { name: 'a missing variable', body: q(ITEM, {}), fast: true },
  // yoga's onParse hook refuses it (OPERATION_RESOLUTION_FAILURE, 400), so yoga renders it
  { name: 'an unknown operation name', body: q(ITEM, { b: 'TST-001' }, { operationName: 'Other' }), fast: false },
  {
    name: 'a mutation refused by the service (no such PO, a userError)',
    body: q('mutation R($i: ReceivingReceiveInput!) { receivingReceive(input: $i) { submission { message } userErrors { code message } } }', { i: { poId: 999999, items: [{ itemId: 1, quantity: 1, binId: 1 }] } }),
    fast: true,
  },
  { name: 'a syntax error', body: q('{ lookupItem(barcode: '), fast: false },
  { name: 'a query over the depth limit (graphql-armor throws from validation)', body: q('{ me ' + '{ x '.repeat(13) + '}'.repeat(14)), fast: false },
  { name: 'a query over the alias limit', body: q(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { username }`).join(' ')} }`), fast: false },
  {
    name: 'a query refused for its cost (variables applied at execution)',
    body: q('query($n: Int) { items(first: $n) { edges { node { sku inventory { bin { inventory { quantityOnHand } } } } } } }', { n: 100 }),
    fast: true,
  },
  { name: 'a query with its cost in the extensions', body: q('query($n: Int) { items(first: $n) { totalCount edges { node { sku } } } }', { n: 5 }), fast: true },
  { name: 'not JSON', body: '{"query": ', fast: false },
  { name: 'an unexpected parameter', body: q(ITEM, { b: 'TST-001' }, { foo: 1 }), fast: false },
  { name: 'variables that are not an object', body: JSON.stringify({ query: ITEM, variables: [1] }), fast: false },
  { name: 'a batch', body: JSON.stringify([{ query: ITEM, variables: { b: 'TST-001' } }]), fast: false },
  { name: 'a browser request (Origin: CORS is yoga’s)', body: q(ITEM, { b: 'TST-001' }), headers: { origin: 'http://localhost:3000' }, fast: 'untouched' },
  { name: 'accept: text/event-stream', body: q(ITEM, { b: 'TST-001' }), headers: { accept: 'text/event-stream' }, fast: 'untouched' },
];

async function viaServer(c: Case, auth?: string) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...c.headers },
    body: c.body,
  });
  return { status: res.status, type: res.headers.get('content-type'), cors: res.headers.get('access-control-allow-origin'), body: await res.text() };
}

async function viaYoga(c: Case, auth?: string) {
  const res = await reference.fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...c.headers },
      body: c.body,
    }),
    { requestId: 'r', clientIp: '127.0.0.1' } as any,
  );
  return { status: res.status, type: res.headers.get('content-type'), cors: res.headers.get('access-control-allow-origin'), body: await res.text() };
}

describe('POST /graphql fast path', () => {
  for (const c of cases) {
    it(`answers ${c.name} exactly as yoga does`, async () => {
      const before = { ...fastPathCounters };
      const got = await viaServer(c, token);
      const fast = fastPathCounters.fast - before.fast;
      const delegated = fastPathCounters.delegated - before.delegated;
      expect({ fast, delegated }).toEqual(c.fast === true ? { fast: 1, delegated: 0 } : c.fast === false ? { fast: 0, delegated: 1 } : { fast: 0, delegated: 0 });
      expect(got).toEqual(await viaYoga(c, token));
    });
  }

  it('answers a request without a token, and one with a bad token, as yoga does', async () => {
    const c = cases[0];
    expect(await viaServer(c)).toEqual(await viaYoga(c));
    expect(await viaServer(c, 'not-a-token')).toEqual(await viaYoga(c, 'not-a-token'));
    const denied = JSON.parse((await viaServer(c)).body);
    expect(denied.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('runs a mutation once, with its effect, and answers it in the shape yoga gives', async () => {
    const wh = await s.app.prisma.warehouse.findFirstOrThrow({ where: { warehouseCode: 'WH1' } });
    const body = q('mutation Z($i: ZoneCreateInput!) { zoneCreate(input: $i) { zone { zoneId zoneCode } userErrors { code } } }', {
      i: { warehouseId: wh.warehouseId, zoneCode: 'FAST1', zoneName: 'Fast path zone', zoneType: 'STORAGE' },
    });
    const before = fastPathCounters.fast;
    const got = await viaServer({ name: 'm', body, fast: true }, token);
    expect(fastPathCounters.fast).toBe(before + 1);
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(got.body)).toEqual({
      data: { zoneCreate: { zone: { zoneId: expect.any(Number), zoneCode: 'FAST1' }, userErrors: [] } },
      // the mutation, payload and zone, plus userErrors at the assumed list size of 10 (requested) or none (actual)
      extensions: { cost: { requestedQueryCost: 22, actualQueryCost: 12, maxQueryCost: 5000 } },
    });
    expect(await s.app.prisma.zone.count({ where: { zoneCode: 'FAST1' } })).toBe(1);
  });
});
