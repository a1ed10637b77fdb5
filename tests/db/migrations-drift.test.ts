// schema.prisma and prisma/migrations must describe the same database. If this fails,
// run `npm run db:migration:create -- <name>` and commit the new migration.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH } from '../../src/db/paths';
import { checkSchemaDrift } from '../../src/db/schema-drift';

describe('schema drift', () => {
  it('migrations applied to a fresh PGlite match prisma/schema.prisma', async () => {
    const result = await checkSchemaDrift();
    expect(result.script, `schema.prisma has changes without a migration:\n${result.script}`).toBe('');
    expect(result.drift).toBe(false);
  }, 60_000);

  it('detects a schema change that has no migration', async () => {
    const edited = readFileSync(SCHEMA_PATH, 'utf8').replace(
      /(model Warehouse \{\n)/,
      '$1  driftProbe String? @map("drift_probe") @db.VarChar(5)\n',
    );
    const result = await checkSchemaDrift({ schemaText: edited });
    expect(result.drift).toBe(true);
    expect(result.script).toContain('"drift_probe"');
  }, 60_000);
});
