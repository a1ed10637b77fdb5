// Migrations on a real PostgreSQL server: constraints, audit_log tamper resistance,
// idempotent re-application, concurrent runners, openDatabase() on postgres.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { applyPendingMigrations, migrationChecksum } from '../../src/db/migrations';
import { readMigrationsDir } from '../../src/db/migration-files';
import { seedDemoData } from '../../src/db/seed';
import { pgRunner } from '../../src/db/sql-runner';
import { createTestDatabase } from '../helpers/db';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const dbName = `wms_dbtest_${process.pid}_${Date.now()}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

let pool: pg.Pool;

/**
 * Runs two sealers side by side until every committed row is sealed (a transaction elsewhere on the server can
 * hold the horizon back for a moment); returns how many rows they sealed together.
 */
async function sealAll(p: pg.Pool = pool): Promise<number> {
  const until = Date.now() + 10_000;
  let total = 0;
  for (;;) {
    const runs = await Promise.all([p.query('SELECT audit_log_seal() AS n'), p.query('SELECT audit_log_seal() AS n')]);
    total += runs.reduce((s, r) => s + Number(r.rows[0].n), 0);
    const left = Number((await p.query('SELECT count(*) AS n FROM audit_log_unsealed()')).rows[0].n);
    if (left === 0 || Date.now() > until) return total;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  pool = new pg.Pool({ connectionString: url, max: 8 });
});

afterAll(async () => {
  await pool?.end();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
});

describe('migrations on PostgreSQL', () => {
  it('two concurrent runners apply each migration exactly once, with Prisma bookkeeping', async () => {
    const poolB = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const [a, b] = await Promise.all([
        applyPendingMigrations(pgRunner(pool)),
        applyPendingMigrations(pgRunner(poolB)),
      ]);
      const migrations = await readMigrationsDir();
      expect(a.applied.length + b.applied.length).toBe(migrations.length);
      const { rows } = await pool.query(
        'SELECT id, migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
      for (const [i, r] of rows.entries()) {
        expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(r.checksum).toBe(migrationChecksum(migrations[i]!.sql));
        expect(r.finished_at).toBeInstanceOf(Date);
        expect(r.rolled_back_at).toBeNull();
        expect(r.applied_steps_count).toBe(1);
      }
    } finally {
      await poolB.end();
    }
  });

  it('re-applying is a no-op', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await applyPendingMigrations(pgRunner(client))).applied).toEqual([]);
    } finally {
      await client.end();
    }
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM _prisma_migrations');
    expect(rows[0].n).toBe((await readMigrationsDir()).length);
  });

  it('a failing migration is rolled back, recorded, and retried next time', async () => {
    const failing = [...(await readMigrationsDir()), { name: '29990101000000_broken', sql: 'CREATE TABLE zz_partial (id int);\nSELECT 1/0;' }];
    await expect(applyPendingMigrations(pgRunner(pool), { migrations: failing })).rejects.toThrow(/29990101000000_broken/);
    const { rows } = await pool.query(`SELECT to_regclass('zz_partial') AS t`);
    expect(rows[0].t).toBeNull();
    const rec = await pool.query(`SELECT rolled_back_at, logs FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'`);
    expect(rec.rows[0].rolled_back_at).toBeInstanceOf(Date);
    expect(rec.rows[0].logs).toMatch(/division by zero/);
    // cleanup so that other tests see a clean history (rolled-back rows are ignored anyway)
    await pool.query(`DELETE FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'`);
  });

  it('CHECK constraints reject negative quantities', async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const wh = await c.query(`INSERT INTO warehouses (warehouse_code, warehouse_name) VALUES ('CHK', 'Check') RETURNING warehouse_id`);
      const w = wh.rows[0].warehouse_id;
      const z = await c.query(`INSERT INTO zones (warehouse_id, zone_code, zone_name, zone_type) VALUES ($1, 'Z', 'Z', 'STORAGE') RETURNING zone_id`, [w]);
      const b = await c.query(`INSERT INTO bins (zone_id, warehouse_id, bin_code, bin_barcode) VALUES ($1, $2, 'B', 'B') RETURNING bin_id`, [z.rows[0].zone_id, w]);
      const i = await c.query(`INSERT INTO items (sku, item_name) VALUES ('CHK-1', 'x') RETURNING item_id`);
      const inv = await c.query(
        `INSERT INTO inventory (item_id, bin_id, warehouse_id, quantity_on_hand, quantity_allocated) VALUES ($1, $2, $3, 5, 2) RETURNING inventory_id`,
        [i.rows[0].item_id, b.rows[0].bin_id, w],
      );
      await c.query('COMMIT');
      const id = inv.rows[0].inventory_id;
      await expect(pool.query('UPDATE inventory SET quantity_on_hand = quantity_on_hand - 6 WHERE inventory_id = $1', [id])).rejects.toThrow(
        /violates check constraint "inventory_(quantity_on_hand|allocated_le_on_hand)_check"/,
      );
      await expect(pool.query('UPDATE inventory SET quantity_allocated = -1 WHERE inventory_id = $1', [id])).rejects.toThrow(/check constraint/);
      await expect(pool.query('UPDATE inventory SET quantity_allocated = 6 WHERE inventory_id = $1', [id])).rejects.toThrow(
        /inventory_allocated_le_on_hand_check/,
      );
      await expect(
        pool.query(`INSERT INTO bin_transfers (item_id, from_bin_id, to_bin_id, warehouse_id, quantity, transfer_type) VALUES ($1, $2, $2, $3, 0, 'MOVE')`, [
          i.rows[0].item_id,
          b.rows[0].bin_id,
          w,
        ]),
      ).rejects.toThrow(/bin_transfers_quantity_check/);
      expect((await pool.query('SELECT quantity_on_hand, quantity_allocated FROM inventory WHERE inventory_id = $1', [id])).rows[0]).toEqual({
        quantity_on_hand: 5,
        quantity_allocated: 2,
      });
    } finally {
      c.release();
    }
  });

  it('audit_log is append-only and hash-chained, also under concurrent writers', async () => {
    // 20 concurrent transactions, 2 rows each
    await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query(`INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, details) VALUES ('TEST', 'ITEM', $1, 'u', $2)`, [
            n,
            JSON.stringify({ n, part: 1 }),
          ]);
          await c.query(`INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, details) VALUES ('TEST', 'ITEM', $1, 'u', $2)`, [
            n,
            JSON.stringify({ n, part: 2 }),
          ]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    // one multi-row INSERT (what prisma.auditLog.createMany sends)
    await pool.query(`INSERT INTO audit_log (action_type, details) VALUES ('MULTI', '{"k": 1}'), ('MULTI', '{"k": 2}'), ('MULTI', NULL)`);
    // appended unsealed; its writer cannot place it before the sealed position (out of the sealer's reach)
    await pool.query(`INSERT INTO audit_log (action_type, tx_id) VALUES ('FORGED', 1)`);
    expect(Number((await pool.query(`SELECT tx_id FROM audit_log WHERE action_type = 'FORGED'`)).rows[0].tx_id)).toBeGreaterThan(1);
    const status = async () => (await pool.query('SELECT * FROM audit_log_chain_status()')).rows[0];
    expect(await status()).toMatchObject({ first_broken: null, sealed: '0', unsealed: '44' });
    // the sealers link every committed row once, in (tx_id, log_id) order
    expect(await sealAll()).toBe(44);
    const all = await pool.query(
      'SELECT a.log_id, a.tx_id, c.chain_seq, c.prev_hash, c.row_hash FROM audit_chain c JOIN audit_log a ON a.log_id = c.log_id ORDER BY c.chain_seq',
    );
    expect(all.rows.length).toBe(44);
    expect((await pool.query('SELECT count(*)::int AS n, count(DISTINCT log_id)::int AS d FROM audit_chain')).rows[0]).toEqual({ n: 44, d: 44 });
    expect(all.rows.map((r) => Number(r.chain_seq))).toEqual(Array.from({ length: 44 }, (_, k) => k + 1));
    expect(all.rows[0].prev_hash).toEqual(Buffer.from([0]));
    for (let k = 1; k < all.rows.length; k++) {
      expect(all.rows[k].prev_hash).toEqual(all.rows[k - 1].row_hash);
      const [a, b] = [all.rows[k - 1], all.rows[k]];
      expect(BigInt(a.tx_id) < BigInt(b.tx_id) || (a.tx_id === b.tx_id && BigInt(a.log_id) < BigInt(b.log_id))).toBe(true);
    }
    // the two rows of each concurrent transaction are adjacent in the chain
    const byTx = new Map<string, number[]>();
    all.rows.forEach((r, k) => byTx.set(r.tx_id, [...(byTx.get(r.tx_id) ?? []), k]));
    for (const ks of byTx.values()) expect(ks[ks.length - 1] - ks[0]).toBe(ks.length - 1);
    expect(await status()).toMatchObject({ first_broken: null, sealed: '44', unsealed: '0', oldest_unsealed_at: null });

    const target = all.rows[17].log_id as string;
    await expect(pool.query(`UPDATE audit_log SET user_id = 'evil' WHERE log_id = $1`, [target])).rejects.toThrow(
      'audit_log rows are append-only (V-025 tamper resistance)',
    );
    await expect(pool.query(`DELETE FROM audit_log WHERE log_id = $1`, [target])).rejects.toThrow(
      'audit_log rows are append-only (V-025 tamper resistance)',
    );
    // the chain is append-only too: a sealed row cannot be re-linked, its hashes changed, or its link removed
    const chainAppendOnly = 'audit_chain rows are append-only (V-025 tamper resistance)';
    await expect(pool.query(`UPDATE audit_chain SET chain_seq = 999 WHERE log_id = $1`, [target])).rejects.toThrow(chainAppendOnly);
    await expect(pool.query(`UPDATE audit_chain SET row_hash = '\\x00' WHERE log_id = $1`, [target])).rejects.toThrow(chainAppendOnly);
    await expect(pool.query(`DELETE FROM audit_chain WHERE log_id = $1`, [target])).rejects.toThrow(chainAppendOnly);
    await expect(pool.query(`DELETE FROM audit_chain`)).rejects.toThrow(chainAppendOnly);
    await expect(pool.query(`TRUNCATE audit_chain`)).rejects.toThrow(chainAppendOnly);
    // an unsealed row cannot be changed either
    await pool.query(`INSERT INTO audit_log (action_type, details) VALUES ('LATER', '{"x": 1}')`);
    await expect(pool.query(`UPDATE audit_log SET details = '{"x": 2}' WHERE action_type = 'LATER'`)).rejects.toThrow(/append-only/);
    await sealAll();
    // any isolation level may write audit rows now (no chain head is read at insert)
    const c = await pool.connect();
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await c.query(`INSERT INTO audit_log (action_type) VALUES ('TEST')`);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    await sealAll();
    expect(await status()).toMatchObject({ first_broken: null, sealed: '46', unsealed: '0' });

    // tamper as superuser with the guard trigger disabled: a change is detected at the changed row
    await pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only_trg');
    await pool.query(`UPDATE audit_log SET details = '{"n": 999}' WHERE log_id = $1`, [target]);
    await pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only_trg');
    expect((await pool.query('SELECT audit_log_verify_chain() AS v')).rows[0].v).toBe(String(target));
  });

  it('a deleted sealed row, a deleted or changed chain row are detected; an unsealed tail is reported, not verified', async () => {
    const before = Number((await pool.query('SELECT count(*) AS n FROM audit_log')).rows[0].n);
    // the previous test left a tampered row: start from a fresh chain in a fresh database
    const fresh = await createTestDatabase();
    const p2 = new pg.Pool({ connectionString: fresh.url, max: 3 });
    const verify = async () => (await p2.query('SELECT audit_log_verify_chain() AS v')).rows[0].v as string | null;
    const asSuperuser = async (table: string, sql: string, params: unknown[]) => {
      await p2.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await p2.query(sql, params);
      await p2.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    };
    try {
      for (let k = 0; k < 6; k++) await p2.query(`INSERT INTO audit_log (action_type, details) VALUES ('T', $1)`, [JSON.stringify({ k })]);
      expect(await sealAll(p2)).toBe(6);
      const rows = (await p2.query('SELECT log_id FROM audit_chain ORDER BY chain_seq')).rows.map((r) => r.log_id as string);
      expect(rows.length).toBe(6);
      // a row committed after the last seal: reported as the tail
      await p2.query(`INSERT INTO audit_log (action_type) VALUES ('TAIL')`);
      const st = (await p2.query('SELECT * FROM audit_log_chain_status()')).rows[0];
      expect(st).toMatchObject({ first_broken: null, sealed: '6', unsealed: '1' });
      expect(st.oldest_unsealed_at).toBeInstanceOf(Date);
      // a changed chain row is detected at its row
      const hash = (await p2.query('SELECT row_hash FROM audit_chain WHERE log_id = $1', [rows[4]])).rows[0].row_hash as Buffer;
      await asSuperuser('audit_chain', `UPDATE audit_chain SET row_hash = '\\x00' WHERE log_id = $1`, [rows[4]]);
      expect(await verify()).toBe(rows[4]);
      await asSuperuser('audit_chain', 'UPDATE audit_chain SET row_hash = $2 WHERE log_id = $1', [rows[4], hash]);
      expect(await verify()).toBeNull();
      // a deleted chain row leaves a gap, detected at the row after it
      await asSuperuser('audit_chain', 'DELETE FROM audit_chain WHERE log_id = $1', [rows[3]]);
      expect(await verify()).toBe(rows[4]);
      // a deleted sealed audit row is detected at its own log_id (its chain row stays)
      await asSuperuser('audit_log', 'DELETE FROM audit_log WHERE log_id = $1', [rows[2]]);
      expect(await verify()).toBe(rows[2]);
    } finally {
      await p2.end();
      await fresh.drop();
    }
    expect(Number((await pool.query('SELECT count(*) AS n FROM audit_log')).rows[0].n)).toBe(before);
  });

  it('a row of a transaction that began before a seal and committed after it is sealed, once, in position order', async () => {
    const fresh = await createTestDatabase();
    const p2 = new pg.Pool({ connectionString: fresh.url, max: 4 });
    const seal = async () => Number((await p2.query('SELECT audit_log_seal() AS n')).rows[0].n);
    const chain = async () =>
      (await p2.query('SELECT c.log_id, a.action_type FROM audit_chain c JOIN audit_log a ON a.log_id = c.log_id ORDER BY c.chain_seq')).rows.map(
        (r) => r.action_type as string,
      );
    const late = await p2.connect();
    try {
      await p2.query(`INSERT INTO audit_log (action_type) VALUES ('FIRST')`);
      await late.query('BEGIN');
      await late.query(`INSERT INTO audit_log (action_type) VALUES ('LATE')`);
      await p2.query(`INSERT INTO audit_log (action_type) VALUES ('AFTER')`); // a later transaction, committed first
      // FIRST is final; AFTER waits behind the open transaction (a transaction elsewhere on the server may hold
      // the horizon back for a moment)
      const until = Date.now() + 10_000;
      while ((await chain()).length === 0 && Date.now() < until) {
        await seal();
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await chain()).toEqual(['FIRST']);
      expect(await seal()).toBe(0);
      expect((await p2.query('SELECT * FROM audit_log_chain_status()')).rows[0]).toMatchObject({ first_broken: null, sealed: '1', unsealed: '1' });
      await late.query('COMMIT');
      expect(await sealAll(p2)).toBe(2);
      expect(await chain()).toEqual(['FIRST', 'LATE', 'AFTER']);
      expect(await seal()).toBe(0);
      expect((await p2.query('SELECT count(*)::int AS n, count(DISTINCT log_id)::int AS d FROM audit_chain')).rows[0]).toEqual({ n: 3, d: 3 });
      expect((await p2.query('SELECT * FROM audit_log_chain_status()')).rows[0]).toMatchObject({ first_broken: null, sealed: '3', unsealed: '0' });
    } finally {
      late.release();
      await p2.end();
      await fresh.drop();
    }
  });

  it('the chain sealed in place carries over to audit_chain; the new sealer goes on from there', async () => {
    const name = `wms_dbtest_chain_${process.pid}_${Date.now()}`;
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    const p2 = new pg.Pool({ connectionString: u.toString(), max: 4 });
    const older = await p2.connect();
    const open = await p2.connect();
    try {
      const all = await readMigrationsDir();
      const cut = all.findIndex((m) => m.name === '20261206000002_audit_chain_table');
      expect(cut).toBeGreaterThan(0);
      await applyPendingMigrations(pgRunner(p2), { migrations: all.slice(0, cut) });
      const add = (action: string, c: pg.Pool | pg.PoolClient = p2) => c.query(`INSERT INTO audit_log (action_type) VALUES ($1)`, [action]);
      const oldSeal = () => p2.query('SELECT audit_log_seal() AS n');
      // a transaction older than every row below, still running while the chain moves; it writes its row afterwards
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await add('B');
      await open.query('BEGIN');
      await add('C', open);
      await add('D');
      await oldSeal(); // B, D
      await open.query('COMMIT');
      await oldSeal(); // C: the chain's order is not (tx_id, log_id) order
      await add('E'); // not sealed when the chain moves
      await applyPendingMigrations(pgRunner(p2), { migrations: all });
      const chain = async () =>
        (await p2.query('SELECT a.action_type FROM audit_chain c JOIN audit_log a ON a.log_id = c.log_id ORDER BY c.chain_seq')).rows.map(
          (r) => r.action_type as string,
        );
      expect(await chain()).toEqual(['B', 'D', 'C', 'E']);
      expect((await p2.query('SELECT audit_log_verify_chain() AS v')).rows[0].v).toBeNull();
      await add('OLDER', older);
      await older.query('COMMIT');
      await add('F');
      expect(await sealAll(p2)).toBe(2);
      expect(await chain()).toEqual(['B', 'D', 'C', 'E', 'OLDER', 'F']);
      expect((await p2.query('SELECT * FROM audit_log_chain_status()')).rows[0]).toMatchObject({ first_broken: null, sealed: '6', unsealed: '0' });
      expect(Number((await p2.query('SELECT audit_log_seal() AS n')).rows[0].n)).toBe(0);
    } finally {
      await older.query('ROLLBACK').catch(() => {});
      older.release();
      open.release();
      await p2.end();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });

  it('a seal of many rows appends them to audit_chain in one INSERT', async () => {
    const fresh = await createTestDatabase();
    const p2 = new pg.Pool({ connectionString: fresh.url, max: 3 });
    try {
      await p2.query('CREATE TABLE chain_inserts (n int NOT NULL)');
      await p2.query(`CREATE FUNCTION count_chain_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO chain_inserts VALUES ((SELECT count(*) FROM new_rows)); RETURN NULL; END $$`);
      await p2.query(`CREATE TRIGGER count_chain_insert_trg AFTER INSERT ON audit_chain REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_chain_insert()`);
      await p2.query(`INSERT INTO audit_log (action_type, details) SELECT 'BULK', jsonb_build_object('k', k) FROM generate_series(1, 130) k`);
      expect(await sealAll(p2)).toBe(130);
      expect((await p2.query('SELECT n FROM chain_inserts')).rows).toEqual([{ n: 130 }]);
      expect((await p2.query('SELECT * FROM audit_log_chain_status()')).rows[0]).toMatchObject({ first_broken: null, sealed: '130', unsealed: '0' });
    } finally {
      await p2.end();
      await fresh.drop();
    }
  });

  it('openDatabase(postgres): seed, interactive $transaction and SELECT ... FOR UPDATE', async () => {
    let db: Database | undefined;
    try {
      db = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolMax: 3 });
      expect(db.kind).toBe('postgres');
      expect(await seedDemoData(db.prisma)).toEqual({ seeded: false }); // CHK warehouse exists already
      const item = await db.prisma.item.findUniqueOrThrow({ where: { sku: 'CHK-1' } });
      const after = await db.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ inventory_id: number; quantity_on_hand: number }>>`
          SELECT inventory_id, quantity_on_hand FROM inventory WHERE item_id = ${item.itemId} FOR UPDATE`;
        expect(rows).toHaveLength(1);
        await tx.auditLog.create({ data: { actionType: 'ADJUST', entityType: 'ITEM', entityId: item.itemId, userId: '1', details: { q: -1 } } });
        return tx.inventory.update({ where: { inventoryId: rows[0]!.inventory_id }, data: { quantityOnHand: { decrement: 1 } } });
      });
      expect(after.quantityOnHand).toBe(4);
      // a failing statement rolls the whole interactive transaction back
      await expect(
        db.prisma.$transaction(async (tx) => {
          await tx.inventory.update({ where: { inventoryId: after.inventoryId }, data: { quantityAllocated: 0 } });
          await tx.inventory.update({ where: { inventoryId: after.inventoryId }, data: { quantityOnHand: { decrement: 100 } } });
        }),
      ).rejects.toThrow();
      expect((await db.prisma.inventory.findUniqueOrThrow({ where: { inventoryId: after.inventoryId } })).quantityAllocated).toBe(2);
      const { rows } = await db.sql.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows[0]!.ok).toBe(1);
    } finally {
      await db?.close();
    }
  });

  it('openDatabase fails fast when PostgreSQL is unreachable', async () => {
    const t0 = Date.now();
    await expect(
      openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none', dataDir: '/nonexistent', connectionTimeoutMs: 1000 }),
    ).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
