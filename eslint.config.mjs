// ESLint (flat config): typescript-eslint's recommended rules on the TypeScript, no formatting rules
// (prettier owns layout: eslint-config-prettier turns the overlapping ones off). `npm run lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'reports/**', 'appPackage/build/**', 'bot/public/**', '.gen/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Reported, not fatal: a leftover import should not stop CI before the tests run.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `typeof import('x')` stays allowed: it types a lazy require (bot/telemetry.ts).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Input clean-up strips control characters on purpose (bot/pipeline.ts).
      'no-control-regex': 'off',
      // Style only: a redundant escape is harmless; reported, never fatal.
      'no-useless-escape': 'warn',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  prettier,
);
