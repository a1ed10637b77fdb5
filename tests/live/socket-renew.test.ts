// A signed-in user's graphql-ws socket takes a renewed token (liveSocketRenew over that socket) and keeps its
// subscriptions past the old token's expiry; without it the socket closes with 4401 (tests/live/live.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { craftToken, createUser } from '../helpers/fixtures';
import { recordEvents } from '../../src/events/outbox';
import { connect, FEED, sleep, subscribe, until, type WsConn } from './helpers';

const RENEW = 'mutation R($t: String!) { liveSocketRenew(input: { token: $t }) { renewal { expiresAt } userErrors { field code message } } }';

let s: TestServer;
let adminId: number;
const conns: WsConn[] = [];
const open = (token: string) => {
  const c = connect(s.url, token);
  conns.push(c);
  return c;
};
const shortToken = (seconds: number) =>
  craftToken({ user_id: adminId, username: 'admin', role: 'ADMIN', warehouse_id: null, warehouse_ids: [] }, { expiresIn: seconds });

/** One query or mutation over the socket: its single result. */
function run(conn: WsConn, query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve, reject) => {
    let result: { data?: any; errors?: any[] } | undefined;
    conn.client.subscribe(
      { query, variables },
      { next: (r: any) => (result = r), error: (e: any) => (Array.isArray(e) ? resolve({ errors: e }) : reject(e)), complete: () => resolve(result ?? {}) },
    );
  });
}

async function emit(topic: string) {
  await s.app.prisma.$transaction(async (tx) => recordEvents(tx as never, { topic, warehouseId: null, payload: { t: topic } }));
}

beforeAll(async () => {
  s = await startTestServer();
  adminId = (await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).userId;
});
afterAll(async () => {
  await Promise.allSettled(conns.map((c) => c.dispose()));
  await s?.close();
});

describe('liveSocketRenew', () => {
  it('keeps the subscriptions open past the old expiry, with no event lost', async () => {
    const fresh = await s.adminToken();
    const firstExp = Date.now() + 6000;
    const conn = open(shortToken(6));
    const feed = subscribe(conn, FEED, {}, (d) => d.activityFeed);
    await sleep(300);
    await emit('renew.before');
    await feed.waitFor(1);

    const r = await run(conn, RENEW, { t: fresh });
    expect(r.errors).toBeUndefined();
    const expiresAt = new Date(r.data.liveSocketRenew.renewal.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);

    await until(() => Date.now() > firstExp + 500, 10_000); // past the first token's exp
    expect(conn.closes).toEqual([]);
    await emit('renew.after');
    await feed.waitFor(2);
    expect(feed.values.map((e) => e.topic)).toEqual(['renew.before', 'renew.after']);
    // a subscription started now on that socket runs with the renewed token
    const later = subscribe(conn, FEED, {}, (d) => d.activityFeed);
    await sleep(200);
    await emit('renew.later');
    await later.waitFor(1);
    expect(later.errors).toEqual([]);
    expect(conn.closes).toEqual([]);
  });

  it('refuses another user\'s token, an invalid one, and HTTP; the socket then still closes at the old expiry', async () => {
    // everything slow (bcrypt logins) before the short token starts running
    const other = await createUser(s.app, { role: 'ADMIN' });
    const otherToken = await s.login(other.username, other.password);
    const adminToken = await s.adminToken();
    const conn = open(shortToken(5));
    subscribe(conn, FEED, {}, (d) => d.activityFeed);

    expect((await run(conn, RENEW, { t: otherToken })).errors?.[0]).toMatchObject({
      message: 'The new token must be for the same user', extensions: { code: 'FORBIDDEN' },
    });
    expect((await run(conn, RENEW, { t: 'not-a-token' })).errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const http = await s.gql(RENEW, { t: adminToken }, adminToken);
    expect(http.errors).toBeUndefined();
    expect(http.data.liveSocketRenew).toEqual({
      renewal: null,
      userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'liveSocketRenew works over a graphql-ws socket only: HTTP requests send their token with each request' }],
    });

    await until(() => conn.closes.length > 0, 10_000, () => 'close');
    expect(conn.closes[0].code).toBe(4401);
  });
});
