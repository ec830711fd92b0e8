import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Only the Electron shell may import `electron`; everything else must run on plain Node or in the browser. */
export const electronImportBan = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron: keep logic in the Electron-free core.' }],
      patterns: [{ group: ['electron/*'], message: 'Only electron/main and electron/preload may import electron.' }],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'agent/dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      ...electronImportBan,
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['tests/unit/shell/**/*.ts', 'tests/support/electron-mock.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
