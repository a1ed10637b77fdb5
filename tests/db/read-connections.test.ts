import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ReadConnections } from '../../src/db/read-connections';
import { createTestDatabase } from '../helpers/db';
import { urlFor } from '../helpers/pg';

// Database.reads on shared pipelined connections (src/db/read-connections.ts): concurrent reads each get their
// own answer, a failing statement fails alone, a lost connection is replaced, and a read sees every commit made
// before it was issued.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let writer: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  writer = new pg.Client({ connectionString: db.url });
  await writer.connect();
  await writer.query(`CREATE TABLE rc_t (id int PRIMARY KEY, v int NOT NULL)`);
  await writer.query(`INSERT INTO rc_t SELECT g, g * 10 FROM generate_series(1, 200) g`);
});
afterAll(async () => {
  await writer?.end();
  await db?.drop();
});

const backendsOf = async (name: string) =>
  (await writer.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name])).rows.map((r) => r.pid);

describe('read connections', () => {
  it('answer many concurrent reads, each with its own rows, on at most `size` connections', async () => {
    const reads = new ReadConnections({ connectionString: db.url, size: 2 });
    try {
      const ids = Array.from({ length: 200 }, (_, k) => k + 1);
      const rows = await Promise.all(ids.map((id) => reads.query<{ id: number; v: number }>('SELECT id, v FROM rc_t WHERE id = $1', [id])));
      expect(rows.map((r) => r[0])).toEqual(ids.map((id) => ({ id, v: id * 10 })));
      expect((await backendsOf(db.name)).length).toBe(2);
    } finally {
      await reads.close();
    }
  });

  it('fail only the statement that fails; the others sent with it answer', async () => {
    const reads = new ReadConnections({ connectionString: db.url, size: 1 });
    try {
      const [a, bad, b] = await Promise.allSettled([
        reads.query<{ v: number }>('SELECT v FROM rc_t WHERE id = $1', [1]),
        reads.query('SELECT 1 / $1::int AS x', [0]),
        reads.query<{ v: number }>('SELECT v FROM rc_t WHERE id = $1', [2]),
      ]);
      expect(a).toEqual({ status: 'fulfilled', value: [{ v: 10 }] });
      expect(bad.status).toBe('rejected');
      expect(String((bad as PromiseRejectedResult).reason)).toMatch(/division by zero/);
      expect(b).toEqual({ status: 'fulfilled', value: [{ v: 20 }] });
      expect(await reads.query('SELECT v FROM rc_t WHERE id = $1', [3])).toEqual([{ v: 30 }]);
    } finally {
      await reads.close();
    }
  });

  it('see a commit made just before the read, on a connection that already served the row', async () => {
    const reads = new ReadConnections({ connectionString: db.url, size: 1 });
    try {
      expect(await reads.query('SELECT v FROM rc_t WHERE id = $1', [5])).toEqual([{ v: 50 }]);
      await writer.query('UPDATE rc_t SET v = 51 WHERE id = 5');
      expect(await reads.query('SELECT v FROM rc_t WHERE id = $1', [5])).toEqual([{ v: 51 }]);
    } finally {
      await reads.close();
    }
  });

  it('replace a connection that was lost', async () => {
    const logged: string[] = [];
    const reads = new ReadConnections({ connectionString: db.url, size: 1, log: (m) => logged.push(m) });
    try {
      expect(await reads.query('SELECT v FROM rc_t WHERE id = $1', [7])).toEqual([{ v: 70 }]);
      const [pid] = await backendsOf(db.name);
      await writer.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect.poll(() => logged.length).toBeGreaterThan(0);
      expect(await reads.query('SELECT v FROM rc_t WHERE id = $1', [8])).toEqual([{ v: 80 }]);
      expect(await backendsOf(db.name)).not.toContain(pid);
    } finally {
      await reads.close();
    }
  });

  it('refuse reads once closed, and fail reads when the server cannot be reached', async () => {
    const reads = new ReadConnections({ connectionString: db.url, size: 1 });
    await reads.close();
    await expect(reads.query('SELECT 1', [])).rejects.toThrow(/closed/);
    const nowhere = new ReadConnections({ connectionString: urlFor(`${db.name}_missing`), size: 1 });
    try {
      await expect(nowhere.query('SELECT 1', [])).rejects.toThrow(/does not exist/);
    } finally {
      await nowhere.close();
    }
  });
});
