// Prisma 7 configuration. The datasource URL lives here (not in schema.prisma).
// Only the standard CLI's migrate/introspect commands need it; `prisma generate`
// (scripts/prisma-generate.mjs) and the project's own migration tooling
// (scripts/migrate-deploy.ts, scripts/migration-create.ts) do not.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx scripts/seed.ts',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wms',
  },
});
