import { defineConfig } from 'vitest/config';
import pkg from '../../package.json' with { type: 'json' };

/** `npm run bench`: prints figures; nothing here asserts a speed. */
export default defineConfig({
  define: { __LANYARD_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['tests/bench/**/*.bench-run.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
