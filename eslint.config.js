import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'static/vendor/', 'drizzle/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Writes are asynchronous (src/db/write.ts): one not awaited would answer the user before it is saved, and its
    // failure would go nowhere. Transactions go through write() only, which waits for the lock without blocking.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='transaction']", message: 'Write through write(), writeWhenFree() or writeIfFree() in src/db/write.ts.' },
      ],
    },
  },
  {
    files: ['src/db/write.ts', 'src/cli/seed-bulk.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['static/js/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', window: 'readonly', HTMLInputElement: 'readonly', htmx: 'readonly' } },
  },
  {
    files: ['src/cli/**', 'src/demo.ts', 'src/server.ts', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
