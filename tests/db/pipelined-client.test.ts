import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATEMENT, pipelinedClientClass } from '../../src/db/pg-client';
import { withTransaction } from '../../src/db/tx';
import { createTestDatabase } from '../helpers/db';
import { startTestServer, type TestServer } from '../helpers/server';

// The application's pg client (src/db/pg-client.ts): BEGIN goes out with the transaction's first statement,
// COMMIT with its final one, concurrent statements on one connection are pipelined.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
let s: TestServer;
const logged: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2, Client: pipelinedClientClass({ log: (m) => logged.push(m) }) });
  pool.on('release', (_err, client) => (client as unknown as { reset(): void }).reset());
  await pool.query(`CREATE TABLE pc (id int PRIMARY KEY, v int NOT NULL CHECK (v >= 0))`);
  s = await startTestServer();
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
  await s?.close();
});

/** Counts the socket writes (round trips) of `client` while `fn` runs. */
async function writesOf<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const stream = (client as unknown as { connection: { stream: Record<'_write' | '_writev', (...a: unknown[]) => unknown> } }).connection.stream;
  const saved = { _write: stream._write, _writev: stream._writev };
  let writes = 0;
  for (const m of ['_write', '_writev'] as const) {
    stream[m] = (...a: unknown[]) => {
      writes++;
      return saved[m].apply(stream, a);
    };
  }
  try {
    return { result: await fn(), writes };
  } finally {
    Object.assign(stream, saved);
  }
}

const rows = async () => (await pool.query<{ id: number; v: number }>('SELECT id, v FROM pc ORDER BY id')).rows;
const backendTx = async (c: pg.PoolClient) => (await c.query<{ s: string }>(`SELECT (pg_current_xact_id_if_assigned() IS NOT NULL)::text AS s`)).rows[0].s;

describe('pipelined pg client', () => {
  it('sends BEGIN with the first statement and COMMIT with the final one: one round trip each way', async () => {
    await pool.query('TRUNCATE pc');
    const c = await pool.connect();
    try {
      const { writes } = await writesOf(c, async () => {
        await c.query('BEGIN');
        await c.query('INSERT INTO pc (id, v) VALUES ($1, $2)', [1, 10]);
        await c.query(`${FINAL_STATEMENT} INSERT INTO pc (id, v) VALUES ($1, $2)`, [2, 20]);
        expect((await c.query('COMMIT')).command).toBe('COMMIT'); // answered by the client
      });
      expect(writes).toBe(2);
      // the connection is outside any transaction again
      expect(await backendTx(c)).toBe('false');
    } finally {
      c.release();
    }
    expect(await rows()).toEqual([
      { id: 1, v: 10 },
      { id: 2, v: 20 },
    ]);
  });

  it('a failing final statement rolls the whole transaction back and fails; the ORM ROLLBACK after it is answered locally', async () => {
    await pool.query('TRUNCATE pc');
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('INSERT INTO pc (id, v) VALUES ($1, $2)', [1, 10]);
      await expect(c.query(`${FINAL_STATEMENT} UPDATE pc SET v = v - $1 WHERE id = 1`, [11])).rejects.toThrow(/check constraint/);
      const { writes, result } = await writesOf(c, () => c.query('ROLLBACK'));
      expect([writes, result.command]).toEqual([0, 'ROLLBACK']);
      // the next transaction on the same connection works
      await c.query('BEGIN');
      await c.query(`${FINAL_STATEMENT} INSERT INTO pc (id, v) VALUES ($1, $2)`, [3, 30]);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    expect(await rows()).toEqual([{ id: 3, v: 30 }]);
  });

  it('refuses a statement after the final one (it would run outside the transaction)', async () => {
    await pool.query('TRUNCATE pc');
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`${FINAL_STATEMENT} INSERT INTO pc (id, v) VALUES ($1, $2)`, [1, 1]);
      await expect(c.query('INSERT INTO pc (id, v) VALUES ($1, $2)', [2, 2])).rejects.toThrow('statement after the final statement');
      await c.query('ROLLBACK');
      expect(logged.at(-1)).toMatch(/committed with its final statement was then rolled back/);
    } finally {
      c.release();
    }
    expect(await rows()).toEqual([{ id: 1, v: 1 }]);
  });

  it('sends nothing for an empty transaction, and a client released before its first statement starts clean', async () => {
    const c = await pool.connect();
    try {
      const { writes } = await writesOf(c, async () => {
        await c.query('BEGIN');
        await c.query('COMMIT');
        await c.query('BEGIN');
        await c.query('ROLLBACK');
      });
      expect(writes).toBe(0);
      await c.query('BEGIN'); // and released without COMMIT or ROLLBACK
    } finally {
      c.release();
    }
    // the same connection (the pool keeps at most two, the other idle or new): no BEGIN left over for its next user
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    try {
      for (const d of clients) expect(await backendTx(d)).toBe('false');
    } finally {
      for (const d of clients) d.release();
    }
  });

  it('pipelines statements sent at once on one connection, without pg deprecation warnings, in order', async () => {
    await pool.query('TRUNCATE pc');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const { writes, result } = await writesOf(c, () =>
        Promise.all([1, 2, 3, 4].map((id) => c.query<{ n: number }>('INSERT INTO pc (id, v) VALUES ($1, $1) RETURNING (SELECT count(*)::int FROM pc) AS n', [id]))),
      );
      await c.query('COMMIT');
      // each insert sees the ones before it: they ran one after the other, in the order sent
      expect(result.map((r) => r.rows[0].n)).toEqual([0, 1, 2, 3]);
      expect(writes).toBeLessThanOrEqual(4);
    } finally {
      c.release();
      await new Promise((r) => setImmediate(r));
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
    expect((await rows()).length).toBe(4);
  });

  it('through Prisma and withTransaction: the journal statement carries the COMMIT, an ORM include inside a transaction runs', async () => {
    const p = s.app.prisma;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const found = await withTransaction(p, async (tx, journal) => {
        journal.audit({ actionType: 'TEST', entityType: 'TEST', entityId: 1, userId: 'pipelined', warehouseId: null, details: {} });
        await tx.warehouse.create({ data: { warehouseCode: 'PIPE', warehouseName: 'Pipelined', zones: { create: [{ zoneCode: 'Z1', zoneName: 'Z1', zoneType: 'STORAGE' }] } } });
        // relation loads the ORM sends concurrently on the transaction's connection
        return tx.warehouse.findUniqueOrThrow({ where: { warehouseCode: 'PIPE' }, include: { zones: true, bins: true, users: true } });
      });
      expect([found.zones.length, found.bins.length, found.users.length]).toEqual([1, 0, 0]);
    } finally {
      await new Promise((r) => setImmediate(r));
      process.off('warning', onWarning);
    }
    expect(await p.auditLog.count({ where: { userId: 'pipelined' } })).toBe(1);
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
  });
});
