// npm run db:migrate
// Applies pending migrations (prisma/migrations) to DATABASE_URL, or to the embedded
// PGlite under DATA_DIR (default ./data) when DATABASE_URL is unset. Same bookkeeping
// as `prisma migrate deploy` (_prisma_migrations).
import { openDatabase } from '../src/db/client';
import { applyPendingMigrations } from '../src/db/migrations';

async function main() {
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || './data',
    migrate: false,
    poolMax: 1,
  });
  try {
    const { applied } = await applyPendingMigrations(db.sql, { log: (m) => console.log(m) });
    console.log(applied.length ? `${db.kind}: ${applied.length} migration(s) applied` : `${db.kind}: database is up to date`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
