import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// One clock (issue 11): the app reads the time from the clock given to buildApp, never from the machine.
const machineClock = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take `now` from the app clock (request.now, app.clock), not Date.now().' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take `now` from the app clock (request.now, app.clock), not new Date().' },
];
const machineClockFiles = ['src/shared/clock.ts', 'src/cli/**', 'src/demo/**', 'src/demo.ts'];
// Transactions go through write() only, which waits for the lock without blocking (seed-bulk takes the lock itself).
const onlyWriteUnits = { selector: "CallExpression[callee.property.name='transaction']", message: 'Write through write(), writeWhenFree() or writeIfFree() in src/db/write.ts.' };

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
    // failure would go nowhere.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  // no-restricted-syntax is one rule: a later block replaces an earlier one's list, so each block below lists all it forbids.
  {
    files: ['src/**/*.ts'],
    ignores: [...machineClockFiles, 'src/db/write.ts', 'src/cli/seed-bulk.ts'],
    rules: { 'no-restricted-syntax': ['error', ...machineClock, onlyWriteUnits] },
  },
  {
    files: machineClockFiles,
    ignores: ['src/cli/seed-bulk.ts'],
    rules: { 'no-restricted-syntax': ['error', onlyWriteUnits] },
  },
  {
    files: ['src/db/write.ts'],
    rules: { 'no-restricted-syntax': ['error', ...machineClock] },
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
