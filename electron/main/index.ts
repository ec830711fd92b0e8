import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { runDesktopApp } from './desktop-app';

const outMain = dirname(fileURLToPath(import.meta.url));
// Packaged, resources/ is copied next to the asar (electron-builder.yml extraResources).
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(outMain, '..', '..', 'resources');

runDesktopApp({ outDir: join(outMain, '..'), resourcesDir }).catch((error: Error) => {
  console.error(`Lanyard failed to start: ${error.stack ?? error.message}`);
  process.exit(1);
});
