// ESLint: TypeScript rules everywhere, React hook rules in the renderer. The import-boundary
// rules between layers are dependency-cruiser's (.dependency-cruiser.cjs), also in `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.data/**', 'test-results/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      // An underscore marks a deliberately unused binding (e.g. a field split off a rest object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Typed shapes from zod and JSON are narrowed where used; `any` stays visible in review.
      '@typescript-eslint/no-explicit-any': 'error',
      // Comments must say why, not point at tracker numbers that mean nothing to a newcomer.
      'no-warning-comments': 'off',
      // One native SQLite module is built (the cipher build; without a key it is plain SQLite).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'better-sqlite3', message: "Use 'better-sqlite3-multiple-ciphers' (the only SQLite module installed)." }] },
      ],
    },
  },
  { files: ['scripts/**/*.mjs', '*.mjs'], languageOptions: { globals: globals.node } },
  // A migration runs against the schema of its own time, not today's typed one: Kysely's
  // documented migration signature is Kysely<any>.
  {
    files: ['server/db/migrations/**/*.ts', 'server/db/renumbered-migrations.ts', 'server/db/migrate.ts', 'server/db/migration-runner.ts', 'electron/services/cache/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Tests and benches poke at untyped JSON and library internals on purpose.
  { files: ['tests/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
