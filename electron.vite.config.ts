import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import pkg from './package.json' with { type: 'json' };

const define = { __LANYARD_VERSION__: JSON.stringify(pkg.version) };

// One build for the three targets: main (Node, ESM), preload (one CommonJS
// bundle so it loads in a sandboxed window) and the React renderer.
export default defineConfig({
  main: {
    define,
    build: {
      // Maps for stack traces (node --enable-source-maps) and for the bench's CPU profiles.
      sourcemap: true,
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          serve: resolve('electron/serve.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
