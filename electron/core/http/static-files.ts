import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Strict policy for the served UI: only this origin's scripts, styles and API. */
export const uiContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves the built renderer; unknown paths without an extension get index.html (client routing). */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    relative = '/';
  }
  const resolved = normalize(join(root, relative));
  const inside = resolved === root || resolved.startsWith(root.endsWith(sep) ? root : root + sep);
  let file = inside ? resolved : join(root, 'index.html');
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    if (extname(relative) && info === null) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The Lanyard UI has not been built. Run "npm run build".');
    return;
  }
  const isHtml = file.endsWith('.html');
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': isHtml ? 'no-store' : 'public, max-age=3600',
    ...(isHtml ? { 'content-security-policy': uiContentSecurityPolicy } : {}),
  });
  createReadStream(file).pipe(response);
}
