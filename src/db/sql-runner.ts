// A tiny raw-SQL interface shared by the migration runner, health checks and tests,
// with adapters for node-postgres (Client or Pool) and PGlite.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { statementName } from './statement-names';

export interface SqlRunner {
  /** One statement, optional $1.. parameters. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** One or more statements separated by `;`, no parameters. */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` on a single dedicated connection (needed for session state such as
   * BEGIN/COMMIT or session advisory locks). Runners that are already a single
   * connection just call `fn(this)`.
   */
  session<T>(fn: (conn: SqlRunner) => Promise<T>): Promise<T>;
}

type PgQueryable = Pick<pg.ClientBase, 'query'>;

function fromPgQueryable(client: PgQueryable): SqlRunner {
  const runner: SqlRunner = {
    async query(text, params) {
      // parameterised statements are prepared once per connection, as on the rest of the pool (statement-names.ts)
      const named = params && params.length > 0 ? statementName(text) : undefined;
      const res = await client.query(named ? { name: named, text, values: params } : { text, values: params });
      return { rows: res.rows };
    },
    async exec(text) {
      // no parameters -> simple query protocol, which accepts several statements
      await client.query(text);
    },
    session: (fn) => fn(runner),
  };
  return runner;
}

/** Adapter for a node-postgres `Client` (one connection) or `Pool`. */
export function pgRunner(clientOrPool: pg.Client | pg.Pool): SqlRunner {
  const isPool = typeof (clientOrPool as pg.Pool).connect === 'function' && 'totalCount' in clientOrPool;
  if (!isPool) return fromPgQueryable(clientOrPool as pg.Client);
  const pool = clientOrPool as pg.Pool;
  const base = fromPgQueryable(pool);
  return {
    query: base.query,
    exec: base.exec,
    async session(fn) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        return await fn(fromPgQueryable(client));
      } catch (err) {
        broken = err;
        throw err;
      } finally {
        // a failed session may have left a transaction or lock behind: discard it
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}

/** Adapter for PGlite (a single connection; queries are serialised by PGlite). */
export function pgliteRunner(db: PGlite): SqlRunner {
  const runner: SqlRunner = {
    async query<T>(text: string, params?: unknown[]) {
      const res = await db.query<T>(text, params);
      return { rows: res.rows };
    },
    async exec(text) {
      await db.exec(text);
    },
    session: (fn) => fn(runner),
  };
  return runner;
}
