// graphql-codegen, two targets on the printed schema (schema.graphql):
// - the typed GraphQL client for TypeScript users (src/client, built to dist/client): the client's documents
//   (src/client/operations/*.graphql) and one operation per root field (src/client/operations/generated.graphql,
//   written by scripts/client-operations.ts) -> src/client/generated/. Relative imports end in `.js` so that the
//   compiled client runs under Node's ESM resolution.
// - the documents of the end-to-end specs, written as a dashboard team writes its own (tests/e2e/documents/*.graphql)
//   -> tests/e2e/generated/.
// Neither output is committed: `npm run generate` and `npm run codegen` write them.
import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents as a dashboard consumes them: enums as string unions, scalars as their JSON values. */
const typedDocuments = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    skipTypename: true,
    scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
  },
} as const;

const config: CodegenConfig = {
  schema: 'schema.graphql',
  emitLegacyCommonJSImports: false,
  ignoreNoDocuments: false,
  generates: {
    'src/client/generated/': { ...typedDocuments, documents: ['src/client/operations/**/*.graphql'] },
    'tests/e2e/generated/': { ...typedDocuments, documents: ['tests/e2e/documents/**/*.graphql'] },
  },
  hooks: {},
  silent: true,
};

export default config;
