// Applies prisma/migrations/* with the same bookkeeping as `prisma migrate deploy`
// (table `_prisma_migrations`), so the standard Prisma CLI can take over a database
// migrated by this code and vice versa. Works on PostgreSQL and PGlite.
import { createHash, randomUUID } from 'node:crypto';
import { MIGRATIONS_DIR } from './paths';
import { readMigrationsDir, type MigrationDirEntry } from './migration-files';
import type { SqlRunner } from './sql-runner';

export type { SqlRunner } from './sql-runner';
export { pgRunner, pgliteRunner } from './sql-runner';

/** Exactly the table Prisma's schema engine creates. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Session advisory lock key shared by every process running migrations ('WMIG'). */
const MIGRATION_LOCK_KEY = 1464682823;

export interface ApplyMigrationsOptions {
  /** defaults to <repo>/prisma/migrations */
  migrationsDir?: string;
  /** pre-loaded migrations (overrides migrationsDir) */
  migrations?: MigrationDirEntry[];
  log?: (msg: string) => void;
}

export interface ApplyMigrationsResult {
  /** names of the migrations applied by this call, in order */
  applied: string[];
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
  logs: string | null;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Applies every migration folder not yet recorded as finished in `_prisma_migrations`,
 * in name order, each in its own transaction. Safe to call concurrently from several
 * processes (session advisory lock); a no-op when everything is applied.
 *
 * A failing migration is rolled back completely, recorded with `rolled_back_at` set
 * and its error in `logs`, and a MigrationError is thrown; the next call retries it.
 * A migration recorded as failed but not rolled back (e.g. by the Prisma CLI) blocks,
 * like `prisma migrate deploy` (error P3009): resolve it first.
 */
export async function applyPendingMigrations(
  sql: SqlRunner,
  opts: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const log = opts.log ?? (() => {});
  const migrations = opts.migrations ?? (await readMigrationsDir(opts.migrationsDir ?? MIGRATIONS_DIR));

  return sql.session(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await conn.exec(CREATE_MIGRATIONS_TABLE);
      const { rows } = await conn.query<MigrationRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at',
      );
      const finished = new Map<string, MigrationRow>();
      for (const row of rows) {
        if (row.rolled_back_at !== null) continue;
        if (row.finished_at === null) {
          throw new MigrationError(
            `Migration ${row.migration_name} failed earlier and was not rolled back (Prisma P3009). ` +
              `Fix the database, then mark it with \`prisma migrate resolve\`. Logs: ${row.logs ?? ''}`,
            row.migration_name,
          );
        }
        finished.set(row.migration_name, row);
      }

      const applied: string[] = [];
      for (const m of migrations) {
        const checksum = migrationChecksum(m.sql);
        const done = finished.get(m.name);
        if (done) {
          if (done.checksum !== checksum) {
            log(`warning: migration ${m.name} was modified after it was applied (checksum mismatch)`);
          }
          continue;
        }
        const id = randomUUID();
        log(`applying migration ${m.name}`);
        try {
          await conn.exec('BEGIN');
          await conn.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
            [id, checksum, m.name],
          );
          await conn.exec(m.sql);
          await conn.query(
            'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
            [id],
          );
          await conn.exec('COMMIT');
        } catch (err) {
          await conn.exec('ROLLBACK').catch(() => {});
          const message = err instanceof Error ? err.message : String(err);
          await conn
            .query(
              'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, rolled_back_at, applied_steps_count) VALUES ($1, $2, $3, $4, now(), now(), 0)',
              [id, checksum, m.name, message],
            )
            .catch(() => {});
          throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${message}`, m.name, err);
        }
        applied.push(m.name);
      }
      if (applied.length) log(`applied ${applied.length} migration(s)`);
      return { applied };
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  });
}

/** Names of migrations in the folder that are not applied yet (read-only). */
export async function pendingMigrations(sql: SqlRunner, opts: { migrationsDir?: string } = {}): Promise<string[]> {
  const migrations = await readMigrationsDir(opts.migrationsDir ?? MIGRATIONS_DIR);
  const { rows: exists } = await sql.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists[0]?.t) return migrations.map((m) => m.name);
  const { rows } = await sql.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}
