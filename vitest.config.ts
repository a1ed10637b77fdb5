import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The floor paths of the scanners (receiving, put-away, lookups, picking, packing, shipping, counts, moves,
 * transfers) and a smoke pass of every other REST path run a second time on the embedded PGlite database of the
 * default start (project `pglite`), so it cannot drift from PostgreSQL.
 */
const ON_PGLITE = [
  'tests/rest/inbound-receiving.test.ts',
  'tests/rest/inbound-putaway.test.ts',
  'tests/rest/inbound-lookup.test.ts',
  'tests/rest/outbound-picking.test.ts',
  'tests/rest/outbound-packing-shipping.test.ts',
  'tests/rest/outbound-flow.test.ts',
  'tests/rest/inventory-counts.test.ts',
  'tests/rest/inventory-adjustments.test.ts',
  'tests/rest/inventory-transfers.test.ts',
  'tests/smoke/rest-routes.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; Node (and the libraries) load the CJS one, so must our sources,
    // or types from two realms meet ("Cannot use GraphQLObjectType from another module or realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Each test file gets its own database cloned from a migrated template, so files run in parallel.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'postgres', include: ['tests/**/*.test.ts'] } },
      // PGlite's WASM start alone takes seconds of CPU per file: more room for beforeAll on a busy machine.
      { extends: true, test: { name: 'pglite', include: ON_PGLITE, env: { TEST_DB: 'pglite' }, hookTimeout: 120_000 } },
    ],
  },
});
