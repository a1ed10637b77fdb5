// Public entry point of the data layer: the generated client and the database opener. Migrations, seed and
// runners are imported from their own files.
export * from '../generated/prisma/client';
export { PrismaClient, Prisma } from '../generated/prisma/client';
export { openDatabase, type Database } from './client';
export { type SqlRunner } from './sql-runner';
