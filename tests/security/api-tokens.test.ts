// Read-only API tokens for wall-boards (issue 19): created, listed and revoked by an admin, the secret shown once and
// stored hashed, scoped to warehouses, reading and subscribing only (no mutation, no REST write), usable on HTTP,
// graphql-ws and SSE, revocation effective within a second on every instance (two servers on one database).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { createPo, floorUser, secondWarehouse, seeded } from '../helpers/inbound';
import type { RunningServer } from '../../src/server';
import { connect, DASH, FEED, sleep, startSiblingServer, subscribe, until, type WsConn } from '../live/helpers';

let s: TestServer;
let b: RunningServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seeded>>;
let otherWarehouse: number;
const conns: WsConn[] = [];
const open = (url: string, token: string) => {
  const c = connect(url, token);
  conns.push(c);
  return c;
};

const CREATE = `mutation C($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) {
  created { token apiToken { tokenId name tokenPrefix warehouseIds status createdBy expiresAt revokedAt } } userErrors { field code message } } }`;
const REVOKE = `mutation R($id: Int!) { apiTokenRevoke(input: { tokenId: $id }) { apiToken { tokenId status revokedAt revokedBy } userErrors { code message } } }`;
/** The refusal's code: a top-level error (variables GraphQL cannot coerce) or the payload's first userError. */
const refusalCode = (r: any, field: string) => r.errors?.[0]?.extensions?.code ?? r.data?.[field]?.userErrors?.[0]?.code;
const LIST = `query L($all: Boolean) { apiTokens(includeRevoked: $all) { tokenId name tokenPrefix warehouseIds status } }`;
const DASHBOARD_Q = `query D($w: Int) { dashboard(warehouseId: $w) { openPos pendingReceipts totalBins } }`;

async function createToken(input: Record<string, unknown>) {
  const r = await s.gql(CREATE, { input }, admin);
  expect(r.errors).toBeUndefined();
  expect(r.data.apiTokenCreate.userErrors).toEqual([]);
  return r.data.apiTokenCreate.created as { token: string; apiToken: { tokenId: number; tokenPrefix: string; status: string } };
}

async function auditRows(action: string, tokenId: number) {
  return s.app.prisma.auditLog.findMany({ where: { actionType: action, entityId: tokenId, entityType: 'API_TOKEN' } });
}

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  b = await startSiblingServer(s);
  admin = await s.adminToken();
  ids = await seeded(s.app);
  otherWarehouse = (await secondWarehouse(s.app)).warehouseId;
});
afterAll(async () => {
  await Promise.allSettled(conns.map((c) => c.dispose()));
  await b?.close();
  await s?.close();
});

describe('management (admin only)', () => {
  it('creates a token shown once, stores only its SHA-256, lists it without the secret, audits the creation', async () => {
    const { token, apiToken } = await createToken({ name: 'Dock wall-board', warehouseIds: [ids.warehouseId] });
    expect(token).toMatch(/^wms_ro_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'Dock wall-board', warehouseIds: [ids.warehouseId], status: 'ACTIVE', createdBy: 'admin', expiresAt: null, revokedAt: null });
    expect(token.startsWith(apiToken.tokenPrefix)).toBe(true);

    const row = await s.app.prisma.apiToken.findUniqueOrThrow({ where: { tokenId: apiToken.tokenId } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token.slice(7));

    const list = await s.gql(LIST, {}, admin);
    expect(list.data.apiTokens).toContainEqual({ tokenId: apiToken.tokenId, name: 'Dock wall-board', tokenPrefix: apiToken.tokenPrefix, warehouseIds: [ids.warehouseId], status: 'ACTIVE' });
    expect(JSON.stringify(list)).not.toContain(token.slice(7));

    const audits = await auditRows('API_TOKEN_CREATE', apiToken.tokenId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ userId: 'admin', details: { name: 'Dock wall-board', token_prefix: apiToken.tokenPrefix, warehouse_ids: [ids.warehouseId], expires_at: null } });
    expect(JSON.stringify(audits[0].details)).not.toContain(token.slice(7));
  });

  it('refuses bad input with a coded error and writes nothing', async () => {
    const before = await s.app.prisma.apiToken.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '', warehouseIds: [ids.warehouseId] }, 'BAD_USER_INPUT'],
      [{ name: 'x', warehouseIds: [] }, 'BAD_USER_INPUT'],
      [{ name: 'x', warehouseIds: [999999] }, 'BAD_USER_INPUT'],
      [{ name: 'x', warehouseIds: [ids.warehouseId], expiresAt: '2001-01-01T00:00:00Z' }, 'BAD_USER_INPUT'],
      [{ name: 'x', warehouseIds: [ids.warehouseId], expiresAt: 'not a date' }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) {
      const r = await s.gql(CREATE, { input }, admin);
      expect(refusalCode(r, 'apiTokenCreate'), JSON.stringify(input)).toBe(code);
    }
    expect(await s.app.prisma.apiToken.count()).toBe(before);
  });

  it('is refused to a non-admin user and to a token', async () => {
    const user = await floorUser(s, [ids.warehouseId], ['receive']);
    const { token } = await createToken({ name: 'probe', warehouseIds: [ids.warehouseId] });
    for (const t of [user.token, token]) {
      expect((await s.gql(LIST, {}, t)).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await s.gql(CREATE, { input: { name: 'y', warehouseIds: [ids.warehouseId] } }, t)).errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('reading with a token', () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await createToken({ name: 'reader', warehouseIds: [ids.warehouseId] }));
  });

  it('reads the dashboard of its warehouse over GraphQL and REST, the same figures an admin gets', async () => {
    const mine = await s.gql(DASHBOARD_Q, { w: ids.warehouseId }, token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data).toEqual((await s.gql(DASHBOARD_Q, { w: ids.warehouseId }, admin)).data);

    const rest = await s.api('GET', `/api/admin/dashboard?warehouse_id=${ids.warehouseId}`, { token });
    expect(rest.status).toBe(200);
    expect(rest.body).toEqual((await s.api('GET', `/api/admin/dashboard?warehouse_id=${ids.warehouseId}`, { token: admin })).body);
  });

  it('is refused the dashboard of another warehouse or of all, and the admin-only reads', async () => {
    for (const [w, message] of [[otherWarehouse, 'Access denied for this warehouse'], [null, 'Forbidden']] as const) {
      const r = await s.gql(DASHBOARD_Q, { w }, token);
      expect(r.errors[0]).toMatchObject({ message, extensions: { code: 'FORBIDDEN' } });
      expect(r.data).toBeNull();
    }
    expect(await s.api('GET', `/api/admin/dashboard?warehouse_id=${otherWarehouse}`, { token })).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await s.api('GET', '/api/admin/dashboard', { token })).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await s.api('GET', '/api/admin/users', { token })).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect((await s.gql('{ auditLog(first: 1) { edges { node { logId } } } users(first: 1) { edges { node { username } } } }', {}, token)).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('reads floor views of its warehouse only', async () => {
    const r = await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token });
    expect(r.status).toBe(200);
    expect(await s.api('GET', `/api/putaway/pending/${otherWarehouse}`, { token })).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
  });

  it('no mutation passes, whatever the field, and nothing is written', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 5 }] });
    const receipts = await s.app.prisma.itemReceipt.count();
    const receive = await s.gql(
      `mutation { receivingReceive(input: { poId: ${po.poId}, items: [{ itemId: ${ids.item3}, quantity: 1, binId: ${ids.stageBinId} }] }) { submission { poStatus } userErrors { code } } }`,
      {}, token,
    );
    expect(receive.errors).toEqual([expect.objectContaining({ message: 'This token is read-only', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(receive.data ?? null).toBeNull();
    // also fields whose own rule would let any signed-in caller through
    for (const m of ['mutation { refreshToken { session { token } } }', 'mutation { changePassword(input: { currentPassword: "a", newPassword: "b" }) { userErrors { code } } }', 'mutation { liveSocketRenew(input: { token: "x" }) { renewal { expiresAt } } }']) {
      expect((await s.gql(m, {}, token)).errors[0], m).toMatchObject({ message: 'This token is read-only', extensions: { code: 'FORBIDDEN' } });
    }

    const rest = await s.api('POST', '/api/receiving/receive', {
      token,
      body: { po_id: po.poId, warehouse_id: ids.warehouseId, items: [{ item_id: ids.item3, quantity: 1, bin_id: ids.stageBinId }] },
    });
    expect(rest).toMatchObject({ status: 403, body: { error: 'This token is read-only' } });
    expect(await s.api('PUT', '/api/admin/settings', { token, body: { settings: { require_packing: 'false' } } })).toMatchObject({ status: 403, body: { error: 'This token is read-only' } });
    expect(await s.api('POST', '/api/auth/refresh', { token })).toMatchObject({ status: 403, body: { error: 'This token is read-only' } });
    expect(await s.app.prisma.itemReceipt.count()).toBe(receipts);
    expect((await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: po.poId } })).status).toBe('OPEN');
  });

  it('a malformed or unknown wms_ro_ token is 401, never taken for a JWT', async () => {
    for (const t of ['wms_ro_short', `wms_ro_${'A'.repeat(43)}`]) {
      expect(await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token: t })).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
      expect((await s.gql(DASHBOARD_Q, { w: ids.warehouseId }, t)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('expiry', () => {
  it('a token never expires unless given an expiry; with one it is refused afterwards', async () => {
    const expiresAt = Date.now() + 4000;
    const { token, apiToken } = await createToken({ name: 'short', warehouseIds: [ids.warehouseId], expiresAt: new Date(expiresAt).toISOString() });
    expect(apiToken.status).toBe('ACTIVE');
    expect((await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token })).status).toBe(200);
    await sleep(expiresAt - Date.now() + 200);
    expect(await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token })).toMatchObject({ status: 401, body: { error: 'Token expired' } });
    const listed = (await s.gql(LIST, {}, admin)).data.apiTokens.find((t: { tokenId: number }) => t.tokenId === apiToken.tokenId);
    expect(listed.status).toBe('EXPIRED');
  });
});

describe('subscriptions and revocation on every instance', () => {
  it('subscribes over graphql-ws and SSE on instance B; a revocation through instance A ends both within a second', async () => {
    const { token, apiToken } = await createToken({ name: 'revoked soon', warehouseIds: [ids.warehouseId] });
    const conn = open(b.url, token);
    const dash = subscribe(conn, DASH, { w: ids.warehouseId }, (d) => d.dashboardStats);
    const feed = subscribe(conn, FEED, { w: ids.warehouseId }, (d) => d.activityFeed);
    await dash.waitFor(1);
    // no mutation over the socket either
    const write = subscribe(conn, `mutation { settingsUpdate(input: { settings: { require_packing: "false" } }) { settings { key } } }`);
    expect((await write.waitError())[0]).toMatchObject({ message: 'This token is read-only', extensions: { code: 'FORBIDDEN' } });

    // an event of its warehouse reaches it; another warehouse's feed is refused
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 5 }] });
    const receiver = await floorUser(s, [ids.warehouseId], ['receive']);
    const r = await s.api('POST', '/api/receiving/receive', {
      token: receiver.token,
      body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 2, bin_id: ids.stageBinId }] },
    });
    expect(r.status).toBe(200);
    const [event] = await feed.waitFor(1);
    expect(event).toMatchObject({ topic: 'receiving.received', warehouseId: ids.warehouseId });
    const other = subscribe(open(b.url, token), FEED, { w: otherWarehouse });
    expect((await other.waitError())[0]).toMatchObject({ message: 'Access denied for this warehouse' });

    // SSE on instance B with the same token
    const ctrl = new AbortController();
    const res = await fetch(`${b.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DASH, variables: { w: ids.warehouseId } }),
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let sse = '';
    while (!sse.includes('"dashboardStats"')) sse += new TextDecoder().decode((await reader.read()).value);
    let sseEnded = false;
    const sseDone = (async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        sse += new TextDecoder().decode(chunk.value);
      }
      sseEnded = true;
    })().catch(() => {});

    await sleep(300);
    expect(conn.closes).toEqual([]);
    const rev = await s.gql(REVOKE, { id: apiToken.tokenId }, admin);
    const revokedAt = Date.now(); // committed
    expect(rev.data.apiTokenRevoke.apiToken).toMatchObject({ tokenId: apiToken.tokenId, status: 'REVOKED', revokedBy: 'admin' });
    // instance B hears it through LISTEN/NOTIFY (the periodic re-check is 15 s here)
    await until(() => conn.closes.length > 0 && sseEnded, 1000, () => `closes ${JSON.stringify(conn.closes)}, sse ended ${sseEnded}`);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect(conn.closes[0].code).toBe(4401);
    expect(sse).toContain('Token revoked');
    ctrl.abort();
    await sseDone;

    // HTTP on both instances, at once
    for (const url of [s.url, b.url]) {
      const h = await fetch(`${url}/api/putaway/pending/${ids.warehouseId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(h.status).toBe(401);
      expect(await h.json()).toEqual({ error: 'Token revoked' });
    }
    expect(await auditRows('API_TOKEN_REVOKE', apiToken.tokenId)).toEqual([expect.objectContaining({ userId: 'admin', details: { name: 'revoked soon', token_prefix: apiToken.tokenPrefix } })]);

    // listed only with includeRevoked; a second revocation changes nothing and is not audited again
    expect((await s.gql(LIST, {}, admin)).data.apiTokens.map((t: { tokenId: number }) => t.tokenId)).not.toContain(apiToken.tokenId);
    expect((await s.gql(LIST, { all: true }, admin)).data.apiTokens.find((t: { tokenId: number }) => t.tokenId === apiToken.tokenId).status).toBe('REVOKED');
    expect((await s.gql(REVOKE, { id: apiToken.tokenId }, admin)).data.apiTokenRevoke.apiToken.status).toBe('REVOKED');
    expect(await auditRows('API_TOKEN_REVOKE', apiToken.tokenId)).toHaveLength(1);
    expect((await s.gql(REVOKE, { id: 999999 }, admin)).data.apiTokenRevoke).toEqual({ apiToken: null, userErrors: [{ code: 'NOT_FOUND', message: 'API token not found' }] });
    const zero = await s.gql(`mutation { apiTokenRevoke(input: { tokenId: 0 }) { apiToken { tokenId } userErrors { field code message } } }`, {}, admin);
    expect(zero.data.apiTokenRevoke).toEqual({ apiToken: null, userErrors: [{ field: ['input', 'tokenId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' }] });
  });

  it('a non-admin user still cannot subscribe to the dashboard', async () => {
    const u = await createUser(s.app, { warehouseIds: [ids.warehouseId], allowedFunctions: ['pick'] });
    const t = await s.login(u.username, u.password);
    const sub = subscribe(open(b.url, t), DASH, { w: ids.warehouseId });
    expect((await sub.waitError())[0]).toMatchObject({ message: 'Forbidden' });
  });
});
