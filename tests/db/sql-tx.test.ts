import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/db';
import { withSqlTransaction } from '../../src/db/tx';
import { FINAL_STATEMENT } from '../../src/db/pg-client';
import { startTestServer, type TestServer } from '../helpers/server';

// Raw statements on the driver (src/db/sql-tx.ts) give what the ORM's $queryRaw gives, and withSqlTransaction
// commits, rolls back and times out like withTransaction.
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  await s.app.db.sql.exec(`CREATE TABLE IF NOT EXISTS sqltx_t (id int PRIMARY KEY, v int NOT NULL CHECK (v >= 0))`);
});
afterAll(async () => {
  await s?.close();
});

const postgres = () => s.app.db.kind === 'postgres';

describe('raw statements on the driver', () => {
  it('read every column type as the ORM does (BigInt, Decimal, Dates, JSON, arrays, NULL)', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const query = Prisma.sql`
      SELECT 1::int2 AS i2, 2::int4 AS i4, 9007199254740993::int8 AS i8, count(*) AS n, 1.5::float4 AS f4, 2.25::float8 AS f8,
             12.340::numeric(10,3) AS num, '$5.10'::money AS cash, true AS b, 'x'::text AS t, 'y'::varchar AS vc, 'z'::char(2) AS bp,
             '2026-03-04'::date AS d, '05:06:07.5'::time AS tm, '05:06:07+02'::timetz AS tmz,
             '2026-03-04 05:06:07.123'::timestamp AS ts, ${at}::timestamptz AS tstz, '{"a":[1,{"b":null}]}'::json AS j,
             '{"k":"v"}'::jsonb AS jb, '\\x0102ff'::bytea AS by, '11111111-2222-3333-4444-555555555555'::uuid AS u,
             ARRAY[1,2]::int4[] AS ia, ARRAY[3,NULL]::int8[] AS la, ARRAY['a',NULL]::text[] AS ta, ARRAY[1.5,NULL]::numeric[] AS na,
             ARRAY['2026-01-02'::date] AS da, ARRAY[${at}::timestamptz] AS tsa, ARRAY[true,false] AS ba, ARRAY['{"x":1}'::jsonb] AS ja,
             NULL::int AS nul, NULL::timestamptz AS nts,
             ${at} AS p_date, ${12n} AS p_big, ${new Prisma.Decimal('1.25')} AS p_dec, ${{ a: 1 }}::jsonb AS p_obj,
             ${[1, 2]}::int[] AS p_arr, ${[at]}::timestamptz[] AS p_dates, ${'txt'} AS p_str, ${true} AS p_bool, ${2.5} AS p_num, ${null}::int AS p_null,
             ${at}::timestamp AS p_ts, ${at}::date AS p_d
      FROM (VALUES (1)) v(x)`;
    const orm = await s.app.prisma.$queryRaw<Record<string, unknown>[]>(query);
    const driver = await s.app.db.raw.$queryRaw<Record<string, unknown>[]>(query);
    expect(driver).toEqual(orm);
    expect(Object.keys(driver[0])).toEqual(Object.keys(orm[0]));
    // the types themselves, not only equal values
    for (const [k, v] of Object.entries(orm[0])) {
      const d = driver[0][k];
      expect([k, Object.prototype.toString.call(d), typeof d, d?.constructor?.name]).toEqual([k, Object.prototype.toString.call(v), typeof v, v?.constructor?.name]);
    }
    if (postgres()) {
      expect(driver[0]).toMatchObject({ i8: 9007199254740993n, n: 1n, tstz: at, p_big: '12', p_ts: new Date('2026-03-04T05:06:07.089Z') });
      expect(driver[0].num).toBeInstanceOf(Prisma.Decimal);
    }
  });

  it('$executeRaw answers the rows changed; a template call takes its values as parameters', async () => {
    await s.app.db.raw.$executeRaw`DELETE FROM sqltx_t`;
    expect(await s.app.db.raw.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${1}, ${5}), (${2}, ${6})`).toBe(2);
    expect(await s.app.db.raw.$queryRaw`SELECT id, v FROM sqltx_t WHERE v > ${5}`).toEqual([{ id: 2, v: 6 }]);
  });
});

describe('withSqlTransaction', () => {
  const rows = () => s.app.db.raw.$queryRaw<{ id: number; v: number }[]>`SELECT id, v FROM sqltx_t ORDER BY id`;

  it('commits the work and its journal (the final statement carries the COMMIT)', async () => {
    await s.app.db.raw.$executeRaw`DELETE FROM sqltx_t`;
    const out = await withSqlTransaction(s.app.db, async (tx, journal) => {
      await tx.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${1}, ${1})`;
      journal.change(Prisma.sql`UPDATE sqltx_t SET v = v + ${1} WHERE id = ${1}`);
      journal.event({ topic: 'test.sqltx', warehouseId: null, payload: { n: 1 } });
      journal.audit({ actionType: 'TEST', entityType: 'TEST', entityId: 1, userId: 'sqltx-commit', warehouseId: null, details: {} });
      return 'done';
    });
    expect(out).toBe('done');
    expect(await rows()).toEqual([{ id: 1, v: 2 }]);
    expect(await s.app.prisma.auditLog.count({ where: { userId: 'sqltx-commit' } })).toBe(1);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'test.sqltx' } })).toBe(1);
  });

  it('rolls back when the work throws, and when the final statement fails; the connection stays usable', async () => {
    await s.app.db.raw.$executeRaw`DELETE FROM sqltx_t`;
    await expect(
      withSqlTransaction(s.app.db, async (tx) => {
        await tx.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${1}, ${1})`;
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // the CHECK fails in the journal's final statement (the one sent with COMMIT): nothing of the work stays
    const failed = await withSqlTransaction(s.app.db, async (tx, journal) => {
      await tx.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${2}, ${1})`;
      journal.change(Prisma.sql`UPDATE sqltx_t SET v = v - ${5} WHERE id = ${2}`);
      journal.audit({ actionType: 'TEST', entityType: 'TEST', entityId: 1, userId: 'sqltx-rollback', warehouseId: null, details: {} });
    }).catch((e: unknown) => e);
    expect((failed as { code?: string }).code ?? (failed as { meta?: { code?: string } }).meta?.code).toBeDefined();
    expect(await rows()).toEqual([]);
    expect(await s.app.prisma.auditLog.count({ where: { userId: 'sqltx-rollback' } })).toBe(0);
    for (let i = 0; i < 12; i++) await withSqlTransaction(s.app.db, (tx) => tx.$queryRaw`SELECT ${i}::int AS i`);
  });

  it('a database error keeps its SQL state (the error mapping reads it)', async () => {
    await s.app.db.raw.$executeRaw`DELETE FROM sqltx_t`;
    const e = await withSqlTransaction(s.app.db, (tx) => tx.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${1}, ${-1})`).catch((err: unknown) => err);
    const { toAppError } = await import('../../src/graphql/error-mapping');
    expect(toAppError(e).message).toBe('Insufficient quantity');
  });

  it('refuses statements past the timeout and rolls back (P2028)', async () => {
    await s.app.db.raw.$executeRaw`DELETE FROM sqltx_t`;
    const e = await withSqlTransaction(
      s.app.db,
      async (tx) => {
        await tx.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${1}, ${1})`;
        await new Promise((r) => setTimeout(r, 120));
        await tx.$executeRaw`INSERT INTO sqltx_t (id, v) VALUES (${2}, ${1})`;
      },
      { timeoutMs: 50 },
    ).catch((err: unknown) => err);
    expect(postgres() ? (e as { code?: string }).code : 'P2028').toBe('P2028');
    expect(await rows()).toEqual([]);
  });

  it('the final statement mark works through it (COMMIT rides with it)', async () => {
    await s.app.db.raw.$executeRaw`DELETE FROM sqltx_t`;
    await withSqlTransaction(s.app.db, async (tx) => {
      await tx.$executeRaw`${Prisma.raw(FINAL_STATEMENT)} INSERT INTO sqltx_t (id, v) VALUES (${7}, ${7})`;
    });
    expect(await rows()).toEqual([{ id: 7, v: 7 }]);
  });
});
