// Loader for Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm), used for
// schema diffs (migration creation, drift check) without the native engine binary.
// See /work/shared/notes/prisma-offline.md.
//
// The package entry imports a `.wasm` file as an ES module, which Node 20 refuses, so
// the module is instantiated by hand here. The engine talks to the database through a
// driver adapter factory; we always give it an in-memory PGlite (its shadow database is
// another in-memory PGlite created by pglite-prisma-adapter), so no server is needed.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';

type SchemaEngineBg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

let bgPromise: Promise<SchemaEngineBg> | undefined;

async function loadWasmBindings(): Promise<SchemaEngineBg> {
  const require = createRequire(import.meta.url);
  const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as SchemaEngineBg & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, {
    './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

function bindings(): Promise<SchemaEngineBg> {
  bgPromise ??= loadWasmBindings().catch((err) => {
    bgPromise = undefined;
    throw err;
  });
  return bgPromise;
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** the in-memory PGlite the engine is connected to */
  pglite: PGlite;
  close(): Promise<void>;
}

/** Opens a schema engine connected to a fresh in-memory PGlite. */
export async function openSchemaEngine(schemaText?: string, log?: (msg: string) => void): Promise<EngineHandle> {
  const bg = await bindings();
  const pglite = new PGlite();
  await pglite.waitReady;
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const datamodel = schemaText ?? (await readFile(SCHEMA_PATH, 'utf8'));
  const engine = (await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', datamodel]] },
    (msg: string) => log?.(msg),
    factory,
  )) as SchemaEngine;
  return {
    engine,
    pglite,
    async close() {
      try {
        engine.free();
      } finally {
        await pglite.close();
      }
    },
  };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * SQL script that takes a database to the Prisma schema (`schemaText`, default
 * prisma/schema.prisma), or '' when there is nothing to do. `from`:
 * - 'empty': an empty database (used to create the first migration);
 * - 'migrations': a fresh in-memory PGlite with every migration of `migrationsDir`
 *   applied by our own runner (src/db/migrations.ts), i.e. exactly what a real
 *   database gets, hand-written SQL included.
 */
export async function diffToSchema(
  from: 'empty' | 'migrations',
  opts: { schemaText?: string; migrationsDir?: string; log?: (msg: string) => void } = {},
): Promise<string> {
  const schemaText = opts.schemaText ?? (await readFile(SCHEMA_PATH, 'utf8'));
  const handle = await openSchemaEngine(schemaText, opts.log);
  try {
    const to = { tag: 'schemaDatamodel' as const, files: [{ path: SCHEMA_PATH, content: schemaText }] };
    let result;
    if (from === 'empty') {
      result = await handle.engine.diff({ from: { tag: 'empty' }, to, script: true, exitCode: null, filters: NO_FILTERS });
    } else {
      // imported lazily: migrations.ts must not depend on this module
      const { applyPendingMigrations } = await import('./migrations');
      const { pgliteRunner } = await import('./sql-runner');
      await applyPendingMigrations(pgliteRunner(handle.pglite), { migrationsDir: opts.migrationsDir ?? MIGRATIONS_DIR });
      // 'schemaDatasource' = the database the engine is connected to (our PGlite);
      // the engine ignores its own _prisma_migrations table.
      result = await handle.engine.diff({
        from: { tag: 'schemaDatasource', files: to.files, configDir: dirname(SCHEMA_PATH) },
        to,
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      });
    }
    return normaliseScript(result.stdout ?? '');
  } finally {
    await handle.close();
  }
}

/** The engine prints "-- This is an empty migration." for no difference. */
export function normaliseScript(script: string): string {
  const trimmed = script.trim();
  if (trimmed === '' || /^--\s*This is an empty migration\.?$/i.test(trimmed)) return '';
  return trimmed + '\n';
}
