// Public entry point of the data layer. Import from 'src/db' (no file extensions).
export * from '../generated/prisma/client';
export { PrismaClient, Prisma } from '../generated/prisma/client';
export { openDatabase, type Database, type OpenDatabaseOptions, type ReadQuery } from './client';
export { pgRunner, pgliteRunner, type SqlRunner } from './sql-runner';
export {
  applyPendingMigrations,
  pendingMigrations,
  migrationChecksum,
  MigrationError,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
} from './migrations';
export { seedDemoData, ensureAdminUser, ensureDefaultSettings, DEFAULT_SETTINGS } from './seed';
