import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import pkg from '../../package.json' with { type: 'json' };

/**
 * End-to-end: the built headless server (`npm run build` first) driven by
 * Chromium. One file at a time, since each starts servers and a browser.
 */
export default defineConfig({
  define: { __LANYARD_VERSION__: JSON.stringify(pkg.version) },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
