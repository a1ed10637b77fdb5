import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createPo, floorUser, seeded, setSetting } from '../helpers/inbound';
import { IdempotencyStore } from '../../src/reliability/idempotency';

let s: TestServer;
let ids: Awaited<ReturnType<typeof seeded>>;
let receiver: { token: string; userId: number };

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ids = await seeded(s.app);
  receiver = await floorUser(s, [ids.warehouseId], ['receive']);
  await setSetting(s.app, 'allow_over_receiving', 'false');
  await setSetting(s.app, 'allow_over_receipt', 'false');
});
afterAll(async () => {
  await s?.close();
});

const receipts = (poId: number) => s.app.prisma.itemReceipt.count({ where: { poId } });
const received = async (poId: number) =>
  (await s.app.prisma.purchaseOrderLine.findMany({ where: { poId } })).reduce((n, l) => n + l.quantityReceived, 0);
const stageQty = async (itemId: number) =>
  (await s.app.prisma.inventory.findMany({ where: { itemId, binId: ids.stageBinId } })).reduce((n, r) => n + r.quantityOnHand, 0);

async function po(quantity = 10) {
  return createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity }] });
}
const receiveBody = (poId: number, quantity: number) => ({
  po_id: poId,
  warehouse_id: ids.warehouseId,
  items: [{ item_id: ids.item3, quantity, bin_id: ids.stageBinId }],
});
const receive = (body: unknown, key?: string, token = receiver.token) =>
  s.api('POST', '/api/receiving/receive', { token, body, headers: key ? { 'idempotency-key': key } : {} });

describe('REST Idempotency-Key', () => {
  it('a scanner re-sending a receive after a timeout gets the first answer and the goods are received once', async () => {
    const p = await po();
    const stockBefore = await stageQty(ids.item3);
    const key = randomUUID();
    const first = await receive(receiveBody(p.poId, 4), key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ message: 'Receipt submitted successfully', po_status: 'PARTIAL' });
    const retry = await receive(receiveBody(p.poId, 4), key);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // The same JSON with its keys in another order is the same request.
    const reordered = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      rawBody: JSON.stringify({ items: [{ bin_id: ids.stageBinId, quantity: 4, item_id: ids.item3 }], warehouse_id: ids.warehouseId, po_id: p.poId }),
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
    });
    expect(reordered.text).toBe(first.text);
    expect(await receipts(p.poId)).toBe(1);
    expect(await received(p.poId)).toBe(4);
    expect(await stageQty(ids.item3)).toBe(stockBefore + 4);
    expect(await s.app.prisma.auditLog.count({ where: { actionType: 'RECEIVE', entityId: p.poId } })).toBe(1);
    // Without a key every request does the work (legacy behaviour).
    expect((await receive(receiveBody(p.poId, 1))).status).toBe(200);
    expect(await received(p.poId)).toBe(5);
  });

  it('the same key with another body is a 409 and does nothing', async () => {
    const p = await po();
    const key = randomUUID();
    expect((await receive(receiveBody(p.poId, 2), key)).status).toBe(200);
    const other = await receive(receiveBody(p.poId, 3), key);
    expect(other.status).toBe(409);
    expect(other.body).toEqual({ error: 'Idempotency-Key reused with a different request' });
    expect(await received(p.poId)).toBe(2);
  });

  it('10 concurrent identical requests with one key receive once; all get the same answer', async () => {
    const p = await po(50);
    const key = randomUUID();
    const all = await Promise.all(Array.from({ length: 10 }, () => receive(receiveBody(p.poId, 5), key)));
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(all.map((r) => r.text)).size).toBe(1);
    expect(all.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await receipts(p.poId)).toBe(1);
    expect(await received(p.poId)).toBe(5);
  });

  it('stores 4xx answers: the retry gets the first refusal even after the rule changed', async () => {
    const p = await po(2);
    const key = randomUUID();
    const refused = await receive(receiveBody(p.poId, 5), key);
    expect(refused.status).toBe(400);
    await setSetting(s.app, 'allow_over_receipt', 'true');
    try {
      const retry = await receive(receiveBody(p.poId, 5), key);
      expect(retry.status).toBe(400);
      expect(retry.text).toBe(refused.text);
      expect(await received(p.poId)).toBe(0);
    } finally {
      await setSetting(s.app, 'allow_over_receipt', 'false');
    }
  });

  it('keys are scoped per user and per route', async () => {
    const p = await po(20);
    const other = await floorUser(s, [ids.warehouseId], ['receive']);
    const key = randomUUID();
    expect((await receive(receiveBody(p.poId, 1), key)).status).toBe(200);
    expect((await receive(receiveBody(p.poId, 1), key, other.token)).status).toBe(200);
    expect(await received(p.poId)).toBe(2);
    const rows = await s.app.prisma.idempotencyKey.findMany({ where: { key } });
    expect(rows.map((r) => r.scope).sort()).toEqual([`${other.userId}:POST:/api/receiving/receive`, `${receiver.userId}:POST:/api/receiving/receive`].sort());
    expect(rows.every((r) => r.expiresAt.getTime() - r.createdAt.getTime() === 24 * 3600 * 1000)).toBe(true);
  });

  it('validation and auth failures are not stored; a bad key is a 400; GET ignores the header', async () => {
    const key = randomUUID();
    const bad = await receive({ po_id: 'x' }, key);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation_error');
    expect(await s.app.prisma.idempotencyKey.count({ where: { key } })).toBe(0);
    const long = await receive(receiveBody(1, 1), 'k'.repeat(256));
    expect(long).toMatchObject({ status: 400, body: { error: 'Invalid Idempotency-Key' } });
    const get = await s.api('GET', '/api/warehouses/list', { token: receiver.token, headers: { 'idempotency-key': key } });
    expect(get.status).toBe(200);
    expect(await s.app.prisma.idempotencyKey.count({ where: { key } })).toBe(0);
  });

  it('login and refresh (token-bearing answers) are never stored', async () => {
    const key = randomUUID();
    const r = await s.api('POST', '/api/auth/refresh', { token: receiver.token, headers: { 'idempotency-key': key } });
    expect(r.status).toBe(200);
    expect(await s.app.prisma.idempotencyKey.count({ where: { key } })).toBe(0);
  });
});

describe('IdempotencyStore', () => {
  it('a 5xx releases the key so a retry runs; expired rows are replaced and purged', async () => {
    const store = new IdempotencyStore(s.app, { waitMs: 100 });
    const scope = `t:${randomUUID()}`;
    const c1 = await store.claim(scope, 'k1', 'h');
    expect(c1.kind).toBe('owner');
    expect((await store.claim(scope, 'k1', 'h')).kind).toBe('in_progress');
    await store.finish(c1 as any, 503, { text: '{"error":"Service unavailable"}' });
    expect(await s.app.prisma.idempotencyKey.count({ where: { scope } })).toBe(0);
    const c2 = await store.claim(scope, 'k1', 'h');
    expect(c2.kind).toBe('owner');
    await store.finish(c2 as any, 201, { text: 'done' });
    expect(await store.claim(scope, 'k1', 'h')).toEqual({ kind: 'replay', stored: { status: 201, response: { text: 'done' } } });

    await s.app.prisma.idempotencyKey.update({ where: { scope_key: { scope, key: 'k1' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await store.claim(scope, 'k1', 'other-hash')).kind).toBe('owner');
    await s.app.prisma.idempotencyKey.create({ data: { scope, key: 'old', requestHash: 'h', expiresAt: new Date(Date.now() - 1000) } });
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await s.app.prisma.idempotencyKey.count({ where: { scope, key: 'old' } })).toBe(0);
  });

  it('a waiting duplicate replays the first answer when it lands', async () => {
    const store = new IdempotencyStore(s.app, { waitMs: 3000 });
    const scope = `t:${randomUUID()}`;
    const c1 = await store.claim(scope, 'k', 'h');
    const waiting = store.claim(scope, 'k', 'h');
    setTimeout(() => void store.finish(c1 as any, 200, { text: 'first' }), 200);
    expect(await waiting).toEqual({ kind: 'replay', stored: { status: 200, response: { text: 'first' } } });
  });
});

describe('GraphQL mutations with Idempotency-Key', () => {
  const MUTATION = `mutation R($input: ReceivingReceiveInput!) { receivingReceive(input: $input) { submission { message receiptIds poStatus } userErrors { code message } } }`;
  const gql = async (variables: Record<string, unknown>, key?: string) => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${receiver.token}`, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ query: MUTATION, variables }),
    });
    return { status: res.status, text: await res.text() };
  };
  const input = (poId: number, quantity: number) => ({
    input: { poId, items: [{ itemId: ids.item3, quantity, binId: ids.stageBinId }] },
  });

  it('replays the first result, refuses another request under the key (CONFLICT), runs concurrent duplicates once', async () => {
    const p = await po(40);
    const key = randomUUID();
    const first = await gql(input(p.poId, 3), key);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text).data.receivingReceive.submission.poStatus).toBe('PARTIAL');
    const again = await gql(input(p.poId, 3), key);
    expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
    const other = JSON.parse((await gql(input(p.poId, 4), key)).text);
    expect(other.errors[0]).toMatchObject({ message: 'Idempotency-Key reused with a different request', extensions: { code: 'CONFLICT' } });
    expect(await received(p.poId)).toBe(3);

    const key2 = randomUUID();
    const all = await Promise.all(Array.from({ length: 10 }, () => gql(input(p.poId, 2), key2)));
    expect(new Set(all.map((r) => JSON.stringify(JSON.parse(r.text)))).size).toBe(1);
    expect(await received(p.poId)).toBe(5);
  });

  it('stores a business error and replays it', async () => {
    const p = await po(1);
    const key = randomUUID();
    const first = JSON.parse((await gql(input(p.poId, 9), key)).text);
    expect(first.data.receivingReceive).toEqual({ submission: null, userErrors: [{ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Over-receipt not allowed/) }] });
    const again = JSON.parse((await gql(input(p.poId, 9), key)).text);
    expect(again).toEqual(first);
  });
});
