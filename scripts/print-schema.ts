/** Prints the Pothos schema (sorted) to schema.graphql; `--check` exits 1 when the file is stale. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { printableSchema } from '../src/graphql/schema';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');
const text = `${printSchema(printableSchema())}\n`;
if (process.argv.includes('--check')) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current !== text) {
    process.stderr.write('schema.graphql is stale: run npm run schema:print\n');
    process.exit(1);
  }
} else if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
  writeFileSync(file, text);
}
