/**
 * The token check's in-process user cache (src/auth/user-cache.ts) with two server instances on one database, as
 * two processes of one deployment: a user changed anywhere (another instance's API, SQL from another connection
 * such as the admin command line) is refused by every instance within a second; a change through an instance
 * holds on that instance's very next request; without its LISTEN connection an instance serves nothing from memory.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser, sleep } from '../helpers/fixtures';

let a: TestServer;
let b: TestServer;
let sql: pg.Client;

beforeAll(async () => {
  a = await startTestServer({ seed: true });
  b = await startTestServer({ sameDatabaseAs: a });
  sql = new pg.Client({ connectionString: a.app.config.databaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await b?.close();
  await a?.close();
});

const floorUser = () => createUser(a.app, { warehouseIds: [1], allowedFunctions: [...ALL_FUNCTIONS] });

/** Polls `probe` every 20 ms until it gives `expected`; returns the ms it took (fails after 1 s). */
async function within1s(probe: () => Promise<unknown>, expected: unknown): Promise<number> {
  const t0 = Date.now();
  let last: unknown;
  while (Date.now() - t0 < 1000) {
    last = await probe();
    if (JSON.stringify(last) === JSON.stringify(expected)) return Date.now() - t0;
    await sleep(20);
  }
  expect(last).toEqual(expected);
  return Infinity;
}

const me = async (s: TestServer, token: string) => {
  const r = await s.api('GET', '/api/auth/me', { token });
  return { status: r.status, error: r.body?.error ?? null };
};
const OK = { status: 200, error: null };

/**
 * Each instance checks the token and keeps the user. The login before it wrote users (its notification may reach
 * an instance after its first check and rightly drop the entry), so the check is repeated until the entry stays.
 */
async function warm(token: string, userId: number) {
  for (const s of [a, b]) {
    const t0 = Date.now();
    do {
      expect(await me(s, token)).toEqual(OK);
      if (s.app.userCache!.holds(userId)) break;
      await sleep(20);
    } while (Date.now() - t0 < 1000);
    expect(s.app.userCache!.holds(userId)).toBe(true);
  }
}

describe('token check cache across two instances', () => {
  it('holds the users it checked, on each instance', async () => {
    expect(a.app.userCache?.isListening).toBe(true);
    expect(b.app.userCache?.isListening).toBe(true);
    const u = await floorUser();
    const token = await a.login(u.username, u.password);
    await warm(token, u.userId);
  });

  it('a user disabled by SQL from another connection is refused by both instances within a second', async () => {
    const u = await floorUser();
    const token = await a.login(u.username, u.password);
    await warm(token, u.userId);
    await sql.query('UPDATE users SET is_active = false WHERE user_id = $1', [u.userId]);
    const refused = { status: 401, error: 'Unauthorized' };
    const ms = await Promise.all([within1s(() => me(a, token), refused), within1s(() => me(b, token), refused)]);
    expect(ms.every((t) => t < 1000)).toBe(true);
    // and it stays refused (no stale row comes back)
    await sleep(100);
    expect([await me(a, token), await me(b, token)]).toEqual([refused, refused]);
  });

  it('a deleted user is refused by both instances within a second', async () => {
    const u = await floorUser();
    const token = await a.login(u.username, u.password);
    await warm(token, u.userId);
    await sql.query('DELETE FROM users WHERE user_id = $1', [u.userId]);
    const refused = { status: 401, error: 'Unauthorized' };
    await Promise.all([within1s(() => me(a, token), refused), within1s(() => me(b, token), refused)]);
  });

  it('a password changed through instance A refuses older tokens on A at once and on B within a second', async () => {
    const u = await floorUser();
    const token = await a.login(u.username, u.password);
    await warm(token, u.userId);
    await sleep(1100); // the new password_changed_at is a later second than the token's iat
    const cp = await a.api('POST', '/api/auth/change-password', { token, body: { current_password: u.password, new_password: 'Changed-pw-1' } });
    expect(cp.status).toBe(200);
    const refused = { status: 401, error: 'Token invalidated by password change' };
    expect(await me(a, token)).toEqual(refused);
    await within1s(() => me(b, token), refused);
    const fresh = await b.login(u.username, 'Changed-pw-1');
    expect([await me(a, fresh), await me(b, fresh)]).toEqual([OK, OK]);
  });

  it('an admin demoted through instance B loses admin paths on A within a second', async () => {
    const boss = await createUser(a.app, { role: 'ADMIN' });
    const token = await a.login(boss.username, boss.password);
    const admin = await b.adminToken();
    const users = async (s: TestServer) => (await s.api('GET', '/api/admin/users', { token })).status;
    expect([await users(a), await users(b)]).toEqual([200, 200]);
    const put = await b.api('PUT', `/api/admin/users/${boss.userId}`, { token: admin, body: { role: 'USER' } });
    expect(put.status).toBe(200);
    expect(await users(b)).toBe(403);
    await within1s(() => users(a), 403);
    const stored = await sql.query('SELECT role FROM users WHERE user_id = $1', [boss.userId]);
    expect(stored.rows[0].role).toBe('USER');
  });

  it('a change made through an instance holds on its very next request', async () => {
    const u = await floorUser();
    const token = await a.login(u.username, u.password);
    await warm(token, u.userId);
    await a.app.prisma.user.update({ where: { userId: u.userId }, data: { isActive: false } });
    expect(await me(a, token)).toEqual({ status: 401, error: 'Unauthorized' });
    await within1s(() => me(b, token), { status: 401, error: 'Unauthorized' });
  });

  it('serves nothing from memory while its LISTEN connection is down, and caches again once it is back', async () => {
    const u = await floorUser();
    const token = await a.login(u.username, u.password);
    await warm(token, u.userId);
    const killed = await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN wms_users'`,
    );
    expect(killed.rowCount).toBe(2); // one per instance
    const t0 = Date.now();
    while (a.app.userCache!.isListening && Date.now() - t0 < 2000) await sleep(5);
    expect(a.app.userCache!.isListening).toBe(false);
    expect(a.app.userCache!.holds(u.userId)).toBe(false);
    // a change while A hears nothing: A still refuses, because it reads the row on every request now
    await sql.query('UPDATE users SET is_active = false WHERE user_id = $1', [u.userId]);
    expect(await me(a, token)).toEqual({ status: 401, error: 'Unauthorized' });
    await sql.query('UPDATE users SET is_active = true WHERE user_id = $1', [u.userId]);
    // back within about a second (retry), then caching again
    const t1 = Date.now();
    while (!(a.app.userCache!.isListening && b.app.userCache!.isListening) && Date.now() - t1 < 5000) await sleep(20);
    expect([a.app.userCache!.isListening, b.app.userCache!.isListening]).toEqual([true, true]);
    await warm(token, u.userId);
  });
});
