import pg from 'pg';
import { applyPendingMigrations, pgRunner } from '../../src/db/migrations';
import { templateName, urlFor, withAdminClient } from './pg';

/** Creates (once per migration set) a migrated template database that every test file clones. */
export default async function setup() {
  const name = templateName();
  await withAdminClient(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(7301)');
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE "${name}_building"`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}_building"`);
        await admin.query(`CREATE DATABASE "${name}_building"`);
      });
      const client = new pg.Client({ connectionString: urlFor(`${name}_building`) });
      await client.connect();
      try {
        await applyPendingMigrations(pgRunner(client));
      } finally {
        await client.end();
      }
      await admin.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(7301)');
    }
  });
  // Old test databases of crashed runs are dropped so they do not pile up.
  await withAdminClient(async (admin) => {
    const old = await admin.query(
      `SELECT datname FROM pg_database WHERE datname LIKE 'wms_t_%' AND datname < $1`,
      [`wms_t_${Date.now() - 6 * 3600 * 1000}`],
    );
    for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => {});
  });
}
