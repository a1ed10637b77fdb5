import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';
import { createPo } from '../helpers/inbound';
import { dbChecksum } from '../property/db-checksum';

/**
 * Errors never name what the caller may not see: an id of an object in a warehouse the caller cannot access is
 * answered exactly as an unknown id (status and message), over REST and GraphQL. Each row sends the same request
 * twice, once with warehouse B's id and once with an id that does not exist, and compares the two answers.
 */
let s: TestServer;
let token: string;
let A: OutboundWorld;
let B: OutboundWorld;
let ids: { itemId: number; poId: number; soB: { soId: number; soNumber: string } };
const UNKNOWN = 987654;

beforeAll(async () => {
  s = await startTestServer();
  [A, B] = [await createWarehouse(s.app), await createWarehouse(s.app)];
  const item = await createItem(s.app);
  await stock(s.app, { warehouseId: A.warehouseId, itemId: item.itemId, binId: A.bins.STG.binId, onHand: 5 });
  await stock(s.app, { warehouseId: A.warehouseId, itemId: item.itemId, binId: A.bins.P10.binId, onHand: 5 });
  const po = await createPo(s.app, { warehouseId: A.warehouseId, lines: [{ itemId: item.itemId, quantity: 5 }] });
  const soB = await createOrder(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, qty: 1 }] });
  ids = { itemId: item.itemId, poId: po.poId, soB: { soId: soB.soId, soNumber: soB.soNumber } };
  const u = await createUser(s.app, { warehouseIds: [A.warehouseId], allowedFunctions: ['receive', 'putaway', 'pick', 'transfer'] });
  token = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

interface Row {
  name: string;
  /** warehouse B's id for the object in question */
  foreign: () => number;
  rest: (id: number) => { method: string; path: string; body: unknown };
  gql: (id: number) => { query: string; variables: Record<string, unknown> };
  /** the unknown-id answer, with the id the caller sent */
  expected: (id: number) => { status: number; error: string; code: string };
}

const rows: Row[] = [
  {
    name: 'wave-create with an SO of warehouse B',
    foreign: () => ids.soB.soId,
    rest: (id) => ({ method: 'POST', path: '/api/picking/wave-create', body: { so_ids: [id], warehouse_id: A.warehouseId } }),
    gql: (id) => ({
      query: 'mutation($i: PickWaveCreateInput!) { pickWaveCreate(input: $i) { wave { batchId } userErrors { field code message data } } }',
      variables: { i: { soIds: [id], warehouseId: A.warehouseId } },
    }),
    expected: (id) => ({ status: 400, error: `SO not found: ${id}`, code: 'BAD_USER_INPUT' }),
  },
  {
    name: 'receive into a bin of warehouse B',
    foreign: () => B.bins.STG.binId,
    rest: (id) => ({ method: 'POST', path: '/api/receiving/receive', body: { po_id: ids.poId, items: [{ item_id: ids.itemId, quantity: 1, bin_id: id }] } }),
    gql: (id) => ({
      query: 'mutation($i: ReceivingReceiveInput!) { receivingReceive(input: $i) { submission { message } userErrors { field code message data } } }',
      variables: { i: { poId: ids.poId, items: [{ itemId: ids.itemId, quantity: 1, binId: id }] } },
    }),
    expected: (id) => ({ status: 404, error: `Bin ${id} not found`, code: 'NOT_FOUND' }),
  },
  {
    name: 'put-away into a bin of warehouse B',
    foreign: () => B.bins.P10.binId,
    rest: (id) => ({ method: 'POST', path: '/api/putaway/confirm', body: { item_id: ids.itemId, from_bin_id: A.bins.STG.binId, to_bin_id: id, quantity: 1 } }),
    gql: (id) => ({
      query: 'mutation($i: PutawayConfirmInput!) { putawayConfirm(input: $i) { confirmation { message } userErrors { field code message data } } }',
      variables: { i: { itemId: ids.itemId, fromBinId: A.bins.STG.binId, toBinId: id, quantity: 1 } },
    }),
    expected: () => ({ status: 404, error: 'Destination bin not found', code: 'NOT_FOUND' }),
  },
  {
    name: 'bin move into a bin of warehouse B',
    foreign: () => B.bins.P20.binId,
    rest: (id) => ({ method: 'POST', path: '/api/transfers/move', body: { item_id: ids.itemId, from_bin_id: A.bins.P10.binId, to_bin_id: id, quantity: 1 } }),
    gql: (id) => ({
      query: 'mutation($i: InventoryMoveInput!) { inventoryMove(input: $i) { move { message } userErrors { field code message } } }',
      variables: { i: { itemId: ids.itemId, fromBinId: A.bins.P10.binId, toBinId: id, quantity: 1 } },
    }),
    expected: () => ({ status: 404, error: 'Destination bin not found', code: 'NOT_FOUND' }),
  },
];

/**
 * The one failure of a GraphQL answer: its only top-level error (and no data), or the only userError of a
 * mutation payload (and no result).
 */
function failureOf(r: { data?: Record<string, Record<string, unknown>> | null; errors?: { message: string; extensions: { code: string } }[] }) {
  if (r.errors) {
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    return { message: r.errors[0].message, code: r.errors[0].extensions.code };
  }
  const { userErrors, ...result } = Object.values(r.data!)[0] as { userErrors: { message: string; code: string }[] };
  expect(Object.values(result).every((v) => v === null)).toBe(true);
  expect(userErrors).toHaveLength(1);
  return { message: userErrors[0].message, code: userErrors[0].code };
}

const secrets = () => [ids.soB.soNumber, B.bins.STG.binCode, B.bins.P10.binCode, B.bins.P20.binCode, `Outbound ${B.tag}`];

describe('an id of another warehouse reads exactly as an unknown id', () => {
  it.each(rows.map((r) => [r.name, r] as const))('REST: %s', async (_name, row) => {
    const before = await dbChecksum(s.app);
    const answers = [];
    for (const id of [row.foreign(), UNKNOWN]) {
      const req = row.rest(id);
      const r = await s.api(req.method, req.path, { token, body: req.body });
      const e = row.expected(id);
      expect({ status: r.status, body: r.body }).toEqual({ status: e.status, body: { error: e.error } });
      for (const secret of secrets()) expect(r.text).not.toContain(secret);
      answers.push(r.text.replace(String(id), '<id>'));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(await dbChecksum(s.app)).toEqual(before);
  });

  it.each(rows.map((r) => [r.name, r] as const))('GraphQL: %s', async (_name, row) => {
    const before = await dbChecksum(s.app);
    const answers = [];
    for (const id of [row.foreign(), UNKNOWN]) {
      const { query, variables } = row.gql(id);
      const r = await s.gql(query, variables, token);
      const e = row.expected(id);
      expect(failureOf(r)).toEqual({ message: e.error, code: e.code });
      for (const secret of secrets()) expect(JSON.stringify(r)).not.toContain(secret);
      answers.push(JSON.stringify({ ...r, errors: r.errors?.map((x: { message: string; extensions: unknown }) => ({ message: x.message, extensions: x.extensions })) }).replace(String(id), '<id>'));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(await dbChecksum(s.app)).toEqual(before);
  });

  it('an admin (who may see warehouse B) still gets the specific answers', async () => {
    const admin = await s.adminToken();
    const wave = await s.api('POST', '/api/picking/wave-create', { token: admin, body: { so_ids: [ids.soB.soId], warehouse_id: A.warehouseId } });
    expect(wave).toMatchObject({ status: 400, body: { error: `SO ${ids.soB.soNumber} is in a different warehouse` } });
    const move = await s.api('POST', '/api/transfers/move', { token: admin, body: { item_id: ids.itemId, from_bin_id: A.bins.P10.binId, to_bin_id: B.bins.P20.binId, quantity: 1 } });
    expect(move).toMatchObject({ status: 400, body: { error: 'Cross-warehouse moves are not allowed here. Use the admin inter-warehouse transfer.' } });
  });
});
