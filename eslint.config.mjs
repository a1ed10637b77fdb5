// Lint (`npm run lint`): the recommended rules of ESLint and typescript-eslint, nothing stylistic.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['src/generated/**', 'src/client/generated/**', 'tests/e2e/generated/**', 'node_modules/**', 'data/**', 'bench/results/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
    rules: {
      // `_name` marks a parameter a callback signature requires but the body does not read.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests and benchmarks read untyped JSON answers (`r.body.entries[0].details`); typing each one would only
    // restate the assertion next to it.
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The shield plugin extends Pothos' types the way Pothos plugins must: declaration merging into its global
    // PothosSchemaTypes namespace; graphql-shield's middleware generator is generic over resolver types it never checks.
    files: ['src/auth/shield.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-namespace': 'off' },
  },
  {
    // The list helper (src/graphql/lists.ts) and its users are generic over every model's Prisma where/orderBy
    // and Pothos enum refs, which share no nameable type. To be typed when the helper gets per-model generics.
    files: ['src/graphql/lists.ts', 'src/*/*.lists.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
