import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path given by Lanyard, inside the managed folder; anything that would leave it is refused. */
export function insideManaged(managedDir: string, path: string): string {
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.split(/[\\/]/).includes('..')) throw new Error(`"${path}" is not a path inside the managed folder`);
  const full = resolve(managedDir, path);
  const rel = relative(resolve(managedDir), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`"${path}" is not a path inside the managed folder`);
  return full;
}

export interface Download {
  url: string;
  sha256: string;
  size: number;
  destination: string;
}

/**
 * Downloads a file into the managed folder: into `.partial/<sha256>` first
 * (resumed with Range when a previous try was cut off), checked against the
 * size and SHA-256 the task gave, then renamed into place, so the
 * destination is either the old file or the whole new one.
 */
export async function deployFile(managedDir: string, download: Download, caPem: string): Promise<string> {
  const target = insideManaged(managedDir, download.destination);
  const partialDir = join(managedDir, '.partial');
  await mkdir(partialDir, { recursive: true });
  const partial = join(partialDir, download.sha256);
  let have = await stat(partial).then((s) => s.size, () => 0);
  if (have > download.size) {
    await rm(partial, { force: true });
    have = 0;
  }
  if (have < download.size) await fetchInto(download.url, partial, have, caPem);
  const digest = await sha256Of(partial);
  const size = (await stat(partial)).size;
  if (size !== download.size || digest !== download.sha256) {
    await rm(partial, { force: true });
    throw new Error(`the downloaded file does not match: ${size} bytes with SHA-256 ${digest.slice(0, 12)}…, expected ${download.size} bytes with ${download.sha256.slice(0, 12)}…`);
  }
  await mkdir(dirname(target), { recursive: true });
  await rename(partial, target);
  return `${download.size} bytes written to ${relative(managedDir, target).split(sep).join('/')}, SHA-256 checked`;
}

export async function removeFile(managedDir: string, path: string): Promise<string> {
  const target = insideManaged(managedDir, path);
  const existed = await stat(target).then(() => true, () => false);
  await rm(target, { recursive: true, force: true });
  return existed ? `removed ${path}` : `${path} was not there`;
}

function fetchInto(url: string, path: string, from: number, caPem: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { ca: caPem, timeout: 60_000, headers: from > 0 ? { range: `bytes=${from}-` } : {} }, (response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200 && status !== 206) {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => reject(new Error(`download refused (${status}): ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`)));
        return;
      }
      // A server that ignored the Range sends the whole file: start again.
      const file = createWriteStream(path, { flags: status === 206 ? 'a' : 'w', mode: 0o600 });
      response.pipe(file);
      file.on('finish', () => resolvePromise());
      file.on('error', reject);
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('the download stalled for 60 s')));
    req.on('error', reject);
    req.end();
  });
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return hash.digest('hex');
}
