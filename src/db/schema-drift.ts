// Drift check: do the committed migrations produce exactly the database that
// prisma/schema.prisma describes? Used by tests/db/migrations-drift.test.ts and
// scripts/migration-create.ts.
import { diffToSchema } from './schema-engine';

export interface SchemaDriftResult {
  /** true when schema.prisma and the migrations disagree */
  drift: boolean;
  /** SQL that would bring the migrated database to schema.prisma ('' when no drift) */
  script: string;
}

/**
 * Applies every migration to a fresh in-memory PGlite and diffs it against the Prisma
 * schema with the WebAssembly schema engine. Takes a few seconds (wasm compile).
 */
export async function checkSchemaDrift(
  opts: { schemaText?: string; migrationsDir?: string; log?: (msg: string) => void } = {},
): Promise<SchemaDriftResult> {
  const script = await diffToSchema('migrations', opts);
  return { drift: script !== '', script };
}
