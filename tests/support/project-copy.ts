import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const skipped = new Set(['.git', 'node_modules', 'out', 'dist', 'test-results', 'coverage', '.data']);

/**
 * A throwaway copy of the repository whose node_modules links to the installed
 * packages, except `electron`, which is a private copy without its binary: the
 * scripts under test may run electron's installer there without touching the
 * shared install. The lock file is dated in the past so install-deps.sh sees the
 * dependencies as installed (it never runs `npm ci` in the copy).
 */
export function copyProject(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-project-'));
  cpSync(repoRoot, dir, { recursive: true, filter: (source) => source === repoRoot || !skipped.has(basename(source)) || !isTopLevel(source) });
  const installed = realpathSync(join(repoRoot, 'node_modules'));
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(installed)) {
    if (entry !== 'electron') symlinkSync(join(installed, entry), join(dir, 'node_modules', entry));
  }
  cpSync(join(installed, 'electron'), join(dir, 'node_modules', 'electron'), {
    recursive: true,
    filter: (source) => !['dist', 'path.txt'].includes(basename(source)) || resolve(source, '..') !== join(installed, 'electron'),
  });
  const past = new Date('2000-01-01T00:00:00Z');
  utimesSync(join(dir, 'package-lock.json'), past, past);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function isTopLevel(source: string): boolean {
  return resolve(source, '..') === repoRoot;
}

/** Makes the copy's electron package look installed (binary, version, path.txt), as its installer leaves it. */
export function fakeElectronBinary(projectDir: string): void {
  const electron = join(projectDir, 'node_modules', 'electron');
  const version = JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: electron, encoding: 'utf8' }).stdout);
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'dist', 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(electron, 'dist', 'version'), version);
  writeFileSync(join(electron, 'path.txt'), 'electron');
}

/** A directory of small executables, e.g. { node: 'echo v18.19.0' }, to put first on PATH. */
export function fakeBin(commands: Record<string, string>, links: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-fake-bin-'));
  for (const [name, body] of Object.entries(commands)) writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  for (const name of links) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (!found) throw new Error(`${name} not found on PATH`);
    symlinkSync(found, join(dir, name));
  }
  return dir;
}

/** The environment without ELECTRON_SKIP_BINARY_DOWNLOAD (CI sets it) plus the given variables. */
export function envWithout(names: string[], extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return { ...env, ...extra };
}

/** `unshare -n` (no network at all) where this process may use it, e.g. as root; null otherwise. */
export function networkBlocker(): string[] | null {
  return spawnSync('unshare', ['-n', 'true']).status === 0 ? ['unshare', '-n'] : null;
}
