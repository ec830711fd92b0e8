import { join } from 'node:path';
import { build } from 'vite';

/**
 * Bundles a TypeScript entry into one self-contained `.mjs` file in `outDir`,
 * so a test can run it as a child process on plain Node. Returns its path.
 */
export async function bundleScript(entry: string, outDir: string, name: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: { ssr: entry, outDir, emptyOutDir: false, target: 'node20', rollupOptions: { output: { format: 'es', entryFileNames: `${name}.mjs` } } },
  });
  return join(outDir, `${name}.mjs`);
}
