// graphql-codegen: the typed GraphQL client for TypeScript users (src/client, built to dist/client).
// Input: the printed schema (schema.graphql), the client's documents (src/client/operations/*.graphql) and one
// operation per root field (src/client/operations/generated.graphql, written by scripts/client-operations.ts).
// Output: src/client/generated/ (not committed: `npm run generate` and `npm run codegen` write it). Relative
// imports end in `.js` so that the compiled client runs under Node's ESM resolution.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/client/operations/**/*.graphql'],
  emitLegacyCommonJSImports: false,
  ignoreNoDocuments: false,
  generates: {
    'src/client/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
  hooks: {},
  silent: true,
};

export default config;
