// Reading the prisma/migrations folder (layout of `prisma migrate`).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from './paths';

export interface MigrationDirEntry {
  /** folder name, e.g. 20260101000000_init */
  name: string;
  sql: string;
}

/** Reads prisma/migrations (folders containing migration.sql), sorted by name. */
export async function readMigrationsDir(dir = MIGRATIONS_DIR): Promise<MigrationDirEntry[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: MigrationDirEntry[] = [];
  for (const name of entries.sort()) {
    try {
      out.push({ name, sql: await readFile(join(dir, name, 'migration.sql'), 'utf8') });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw err;
    }
  }
  return out;
}
