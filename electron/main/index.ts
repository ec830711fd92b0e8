import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDesktopApp } from './desktop-app';

const outMain = dirname(fileURLToPath(import.meta.url));

runDesktopApp({ outDir: join(outMain, '..'), resourcesDir: join(outMain, '..', '..', 'resources') }).catch((error: Error) => {
  console.error(`Lanyard failed to start: ${error.stack ?? error.message}`);
  process.exit(1);
});
