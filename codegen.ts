// graphql-codegen: the typed GraphQL client for TypeScript users (src/client).
// Input: the printed schema (schema.graphql) and the client's documents (src/client/operations/*.graphql).
// Output: src/client/generated/ (not committed: `npm run generate` and `npm run codegen` write it).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/client/operations/**/*.graphql'],
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
