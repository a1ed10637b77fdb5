/**
 * Defects of issue 10 (docs/legacy-differences/reliability.md) that had no test of their own, each checked
 * where the fix lives, and one found while checking them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '../../src/graphql/error-mapping';
import { dbChecksum } from '../property/db-checksum';
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

/** The error a statement really raises through the server's Prisma client and PostgreSQL driver adapter. */
async function driverError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('the statement did not fail');
}

describe('client data that PostgreSQL refuses is a 400 "Invalid value", not a 500', () => {
  it('out-of-range numbers (22003), as the driver adapter reports them', async () => {
    const e = await driverError(() => s.app.prisma.$queryRaw`SELECT (2147483647::int + ${1}::int) AS n`);
    expect(String((e as Error).message)).toMatch(/out of range/i);
    expect(toAppError(e)).toMatchObject({ status: 400, message: 'Invalid value' });
    const numeric = await driverError(() => s.app.prisma.$queryRaw`SELECT ${'123456789012'}::numeric(10, 2) AS n`);
    expect(String((numeric as Error).message)).toMatch(/overflow/i);
    expect(toAppError(numeric)).toMatchObject({ status: 400, message: 'Invalid value' });
  });

  it('NUL bytes (22021), as the driver adapter reports them', async () => {
    const e = await driverError(() => s.app.prisma.$queryRaw`SELECT ${'a\u0000b'}::text AS t`);
    expect(String((e as Error).message)).toMatch(/0x00/);
    expect(toAppError(e)).toMatchObject({ status: 400, message: 'Invalid value' });
  });

  it('a genuine server fault stays a 500 and a lost connection a 503', () => {
    expect(toAppError(new Error('something broke'))).toMatchObject({ status: 500 });
    expect(toAppError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503 });
  });
});

describe('found while checking issue 10', () => {
  // GET /api/admin/users, /purchase-orders and /sales-orders passed ?page= to the GraphQL Int variable unclamped:
  // 2147483648 would fail GraphQL Int coercion (a 500 at the REST adapter); parsePage clamps it (an empty page).
  it('?page beyond 32 bits is never a 500 on the admin list paths (users, purchase orders, sales orders)', async () => {
    const before = await dbChecksum(s.app);
    for (const path of ['/api/admin/users', '/api/admin/purchase-orders', '/api/admin/sales-orders', '/api/admin/items']) {
      for (const page of ['2147483648', '99999999999999999999']) {
        const r = await s.api('GET', `${path}?page=${page}&per_page=100`, { token: admin });
        expect(r.status, `${path}?page=${page}: ${r.text.slice(0, 120)}`).toBeLessThan(500);
      }
    }
    expect(await dbChecksum(s.app)).toEqual(before);
  });
});
