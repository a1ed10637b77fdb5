import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../src/db/paths';

/** The server all database tests use: TEST_DATABASE_URL, else the machine's local PostgreSQL. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Template name changes whenever a migration changes, so stale templates are never reused. */
export function templateName(): string {
  const h = createHash('sha256');
  for (const dir of readdirSync(MIGRATIONS_DIR).filter((d) => !d.endsWith('.toml')).sort()) {
    h.update(dir);
    h.update(readFileSync(join(MIGRATIONS_DIR, dir, 'migration.sql')));
  }
  return `wms_tpl_${h.digest('hex').slice(0, 16)}`;
}

export async function withAdminClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
