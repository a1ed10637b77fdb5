// Opens the application database: PostgreSQL (DATABASE_URL, via @prisma/adapter-pg)
// or embedded PGlite persisted under <dataDir>/pglite (via pglite-prisma-adapter).
// Pending migrations are applied before the client is returned.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { applyPendingMigrations } from './migrations';
import { SESSION_OPTIONS } from './session-settings';
import { statementName } from './statement-names';
import { pipelinedClientClass } from './pg-client';
import { ReadConnections } from './read-connections';
import { pgRunner, pgliteRunner, type SqlRunner } from './sql-runner';
import { runSqlTransaction, sqlClient, type SqlTransactionOptions, type SqlTx } from './sql-tx';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite is used */
  databaseUrl?: string;
  /** PGlite data lives in `<dataDir>/pglite`; `memory://` gives a throw-away in-memory DB */
  dataDir: string;
  /** PostgreSQL pool size (default 10) */
  poolMax?: number;
  /** ms to wait for a PostgreSQL connection before failing (default 5000) */
  connectionTimeoutMs?: number;
  /** apply pending migrations before returning (default true) */
  migrate?: boolean;
  log?: (msg: string) => void;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** raw SQL access (health checks, migrations, tests) */
  sql: SqlRunner;
  /**
   * One read-only statement outside any transaction, straight on the driver (PostgreSQL: on connections shared by
   * the concurrent reads, src/db/read-connections.ts; PGlite: through the client, which serialises it with open
   * transactions). For the hottest reads (token check,
   * barcode lookups). Columns come back as node-postgres gives them: int4/float8 numbers, json parsed,
   * timestamptz Date; select a `date` as ::text.
   */
  reads: ReadQuery;
  /**
   * A transaction of raw statements with the ORM's raw-query semantics (src/db/sql-tx.ts). PostgreSQL: straight on
   * a pooled connection, without the ORM's interactive-transaction machinery (~0.6 ms of CPU per transaction);
   * PGlite: through the ORM. Use src/db/tx.ts withSqlTransaction (journal, retries) rather than this.
   */
  sqlTransaction<T>(fn: (tx: SqlTx) => Promise<T>, opts: SqlTransactionOptions): Promise<T>;
  /** Raw statements outside any transaction with the ORM's raw-query semantics; PostgreSQL: straight on the pool. */
  raw: SqlTx;
  /**
   * Calls `fn` when this process sends a statement that changes users (UPDATE/DELETE/TRUNCATE users), as it is
   * sent and again when it has run: the token check's cache (src/auth/user-cache.ts) forgets what it holds.
   * PostgreSQL only (PGlite has no cache). Returns the unsubscribe function.
   */
  onUsersWrite(fn: () => void): () => void;
  close(): Promise<void>;
}

// UPDATE users / DELETE FROM users / TRUNCATE users, as Prisma ("public"."users") or raw SQL writes them.
const WRITES_USERS = /\b(?:update|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(?:"?public"?\s*\.\s*)?"?users\b"?(?![\w.])/i;

export type ReadQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const log = opts.log ?? (() => {});
  const db = opts.databaseUrl ? await openPostgres(opts, log) : await openPglite(opts, log);
  try {
    if (opts.migrate !== false) await applyPendingMigrations(db.sql, { log });
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

async function openPostgres(opts: OpenDatabaseOptions, log: (msg: string) => void): Promise<Database> {
  const usersWritten = new Set<() => void>();
  const Client = pipelinedClientClass({
    onUsersWrite: {
      active: () => usersWritten.size > 0,
      test: (text) => text.includes('users') && WRITES_USERS.test(text),
      notify: () => {
        for (const fn of usersWritten) fn();
      },
    },
    log,
  });
  const pool = new pg.Pool({
    Client,
    connectionString: opts.databaseUrl,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    options: SESSION_OPTIONS,
  });
  // an idle client dying (e.g. PG restart) must not crash the process
  pool.on('error', (err) => log(`postgres pool error: ${err.message}`));
  pool.on('release', (_err, client) => (client as unknown as { reset(): void }).reset());
  const adapter = new PrismaPg(pool, {
    onPoolError: (err) => log(`postgres pool error: ${err.message}`),
    onConnectionError: (err) => log(`postgres connection error: ${err.message}`),
    // BEGIN/COMMIT and other statements without parameters stay on the simple protocol
    // (undefined, which the adapter passes on as pg's "unnamed", is outside its declared type)
    statementNameGenerator: ((query: { sql: string; args: unknown[] }) =>
      query.args.length > 0 ? statementName(query.sql) : undefined) as unknown as (query: { sql: string }) => string,
  });
  const prisma = new PrismaClient({ adapter });
  const readers = new ReadConnections({ connectionString: opts.databaseUrl!, connectionTimeoutMs: opts.connectionTimeoutMs, log });
  readers.connectAll();
  let closed = false;
  return {
    prisma,
    kind: 'postgres',
    sql: pgRunner(pool),
    reads: (text, params) => readers.query(text, params),
    sqlTransaction: (fn, txOpts) => runSqlTransaction(pool, fn, txOpts),
    raw: sqlClient(pool),
    onUsersWrite(fn) {
      usersWritten.add(fn);
      return () => void usersWritten.delete(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect().catch(() => {});
      await readers.close();
      await pool.end();
    },
  };
}

async function openPglite(opts: OpenDatabaseOptions, log: (msg: string) => void): Promise<Database> {
  let location: string;
  if (opts.dataDir.startsWith('memory://')) {
    location = opts.dataDir;
  } else {
    location = join(resolve(opts.dataDir), 'pglite');
    mkdirSync(location, { recursive: true });
  }
  log(`using embedded PGlite at ${location}`);
  const pglite = new PGlite(location);
  await pglite.waitReady;
  await pglite.exec(`SET TimeZone TO 'UTC'`);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closed = false;
  return {
    prisma,
    kind: 'pglite',
    sql: pgliteRunner(pglite),
    reads: (text, params) => prisma.$queryRawUnsafe(text, ...(params ?? [])),
    sqlTransaction: (fn, txOpts) => prisma.$transaction((tx) => fn(tx), { isolationLevel: txOpts.isolationLevel, timeout: txOpts.timeoutMs, maxWait: 10_000 }),
    raw: prisma,
    onUsersWrite: () => () => {},
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect().catch(() => {});
      await pglite.close();
    },
  };
}
