// npm run db:seed
// Opens the database from env (DATABASE_URL, or PGlite under DATA_DIR, default ./data),
// applies pending migrations, seeds demo data (only into a database without any
// warehouse) and, when ADMIN_USERNAME and ADMIN_PASSWORD are set, the first admin.
import { openDatabase } from '../src/db/client';
import { ensureAdminUser, seedDemoData } from '../src/db/seed';

async function main() {
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || './data',
    poolMax: 2,
    log: (m) => console.log(m),
  });
  try {
    const { seeded } = await seedDemoData(db.prisma);
    console.log(seeded ? 'demo data seeded' : 'demo data skipped (a warehouse already exists)');
    const username = process.env.ADMIN_USERNAME;
    const password = process.env.ADMIN_PASSWORD;
    if (username && password) {
      const created = await ensureAdminUser(db.prisma, { username, password });
      console.log(created ? `admin user ${username} created` : 'admin user skipped (an ADMIN already exists)');
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
