#!/usr/bin/env node
// Runs `prisma generate` on a machine without access to Prisma's binary host.
//
// The CLI insists on locating a native schema engine before generating, but never
// runs it for `generate`; we point PRISMA_SCHEMA_ENGINE_BINARY at a dummy
// executable (created here, under node_modules/.cache) so no download is attempted.
// Works on a fresh clone: no postinstall hook needed. Quiet on success; prints the
// CLI output and exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const cacheDir = join(root, 'node_modules', '.cache', 'prisma-offline');
const dummy = join(cacheDir, process.platform === 'win32' ? 'schema-engine.cmd' : 'schema-engine');
if (!existsSync(dummy)) {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(
    dummy,
    process.platform === 'win32'
      ? '@echo schema-engine dummy (see scripts/prisma-generate.mjs) 1>&2\r\n@exit /b 1\r\n'
      : '#!/bin/sh\necho "schema-engine dummy (see scripts/prisma-generate.mjs): use the wasm tooling in scripts/" >&2\nexit 1\n',
  );
  chmodSync(dummy, 0o755);
}

const cli = require.resolve('prisma/build/index.js');
const verbose = process.argv.includes('--verbose');
const result = spawnSync(
  process.execPath,
  [cli, 'generate', '--schema', join(root, 'prisma', 'schema.prisma'), '--no-hints'],
  {
    cwd: root,
    env: {
      ...process.env,
      // generator providers (prisma-pothos-types) are looked up on PATH, like under `npm run`
      PATH: [join(root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
      PRISMA_SCHEMA_ENGINE_BINARY: dummy,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      PRISMA_DISABLE_WARNINGS: process.env.PRISMA_DISABLE_WARNINGS ?? '1',
    },
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
  },
);

if (result.error) {
  console.error(`prisma generate could not start: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  if (!verbose) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
  }
  console.error(`prisma generate failed (exit ${result.status})`);
  process.exit(result.status ?? 1);
}
