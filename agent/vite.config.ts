import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// One self-contained file (mqtt and zod inside), so a PC needs nothing but Node 20 and this file.
export default defineConfig({
  logLevel: 'warn',
  define: { __AGENT_VERSION__: JSON.stringify(pkg.version) },
  ssr: { noExternal: true },
  build: {
    ssr: resolve(import.meta.dirname, 'src/cli.ts'),
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'lanyard-agent.mjs', banner: '#!/usr/bin/env node' } },
  },
});
