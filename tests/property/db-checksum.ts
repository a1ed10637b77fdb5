import type { AppServices } from '../../src/app';

/** Tables whose rows change without the request doing any work (login counters, the idempotency store). */
// audit_chain: the background sealer appends to it whatever the requests do
export const CHECKSUM_EXCLUDED = new Set(['login_attempts', 'idempotency_keys', '_prisma_migrations', 'audit_chain']);

/** md5 of every application table's rows (ordered), one string per table; equal before/after = nothing changed. */
export async function dbChecksum(app: AppServices): Promise<Record<string, string>> {
  const { rows: tables } = await app.db.sql.query<{ t: string }>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const names = tables.map((r) => r.t).filter((t) => !CHECKSUM_EXCLUDED.has(t));
  const sql = names
    .map((t) => `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`)
    .join(' UNION ALL ');
  const { rows } = await app.db.sql.query<{ t: string; h: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}
