/**
 * Counts the SQL statements the application sends to PostgreSQL, by wrapping `pg.Client.prototype.query`
 * (the driver under @prisma/adapter-pg: pool queries and transaction clients both end up there).
 * Clients of the benchmark's own pools are marked with `markOwn` and counted apart, so data setup
 * and the direct-SQL face never inflate the application's figure.
 */
import pg from 'pg';

const OWN = Symbol.for('wms.bench.own');
const counts = new Map<string, number>();
let installed = false;

export function installQueryCounter(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const kind = (this as unknown as Record<symbol, string | undefined>)[OWN] ?? 'app';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return original.apply(this, args);
  };
}

/** Marks a client (or every client a pool connects) as the benchmark's own, counted under `kind`. */
export function markOwn(target: pg.Client | pg.Pool, kind: string): void {
  if (target instanceof pg.Pool) target.on('connect', (c) => markOwn(c, kind));
  else (target as unknown as Record<symbol, string>)[OWN] = kind;
}

/** Statements sent so far by clients of `kind` ('app': every unmarked client, i.e. the application). */
export const statements = (kind = 'app') => counts.get(kind) ?? 0;
