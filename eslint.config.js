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
    // One clock (issue 11): the app reads the time from the clock given to buildApp, never from the machine.
    files: ['src/**/*.ts'],
    ignores: ['src/shared/clock.ts', 'src/cli/**', 'src/demo/**', 'src/demo.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take `now` from the app clock (request.now, app.clock), not Date.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take `now` from the app clock (request.now, app.clock), not new Date().' },
      ],
    },
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
