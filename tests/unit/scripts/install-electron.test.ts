import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/serve-process';
import { copyProject, envWithout, fakeElectronBinary, networkBlocker } from '../../support/project-copy';

const fallback = /^electron: could not get the Electron binary \(.+\); Lanyard will run as the headless server\.$/m;
const scratch = mkdtempSync(join(tmpdir(), 'lanyard-electron-installer-'));
const marker = join(scratch, 'installer-ran');

/** A stand-in for electron's installer: records that it ran, then runs `body`. */
function standIn(name: string, body: string): string {
  const file = join(scratch, name);
  writeFileSync(file, `#!/bin/sh\ntouch "${marker}"\n${body}\n`, { mode: 0o755 });
  return file;
}

function installElectron(projectDir: string, env: NodeJS.ProcessEnv, prefix: string[] = []) {
  rmSync(marker, { force: true });
  const [command, ...args] = [...prefix, 'bash', join(projectDir, 'scripts', 'install-electron.sh')];
  return spawnSync(command!, args, { encoding: 'utf8', env, timeout: 60_000 });
}

/** scripts/install-electron.sh: the Electron-binary step of install-deps.sh. */
describe('install-electron.sh', () => {
  let project: ReturnType<typeof copyProject>;
  let offline: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = copyProject();
    // No way out: a mirror on a closed loopback port and an empty download cache
    // (and no network at all below, where unshare is allowed).
    offline = envWithout(['ELECTRON_SKIP_BINARY_DOWNLOAD', 'LANYARD_ELECTRON_INSTALLER', 'LANYARD_ELECTRON_TIME_LIMIT'], {
      ELECTRON_MIRROR: `http://127.0.0.1:${await freePort()}/`,
      electron_config_cache: mkdtempSync(join(scratch, 'cache-')),
    });
  });
  afterAll(() => {
    project.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('without a network runs electron’s own installer, exits 0 and prints the one-line fallback', () => {
    const result = installElectron(project.dir, offline, networkBlocker() ?? []);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(fallback);
    expect(result.stdout).not.toContain('    at '); // the installer's stack trace stays out
    expect(result.stderr).toBe('');
    expect(existsSync(join(project.dir, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });

  it('reports success when the installer succeeds', () => {
    const result = installElectron(project.dir, { ...offline, LANYARD_ELECTRON_INSTALLER: standIn('ok.sh', 'echo downloaded') });
    expect(result.status).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(result.stdout).toContain('electron: installed; npm start opens the desktop app.');
    expect(result.stdout).not.toMatch(fallback);
  });

  it('falls back with the installer’s error when it fails', () => {
    const result = installElectron(project.dir, {
      ...offline,
      LANYARD_ELECTRON_INSTALLER: standIn('fails.sh', 'echo "RequestError: getaddrinfo ENOTFOUND github.com" >&2; echo "    at somewhere" >&2; exit 1'),
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('electron: could not get the Electron binary (RequestError: getaddrinfo ENOTFOUND github.com); Lanyard will run as the headless server.');
    expect(result.stdout).not.toContain('somewhere');
  });

  it('stops an installer that takes longer than the time limit, and falls back', () => {
    const started = Date.now();
    const result = installElectron(project.dir, {
      ...offline,
      LANYARD_ELECTRON_INSTALLER: standIn('hangs.sh', 'exec sleep 300'),
      LANYARD_ELECTRON_TIME_LIMIT: '1',
    });
    expect(result.status).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(result.stdout).toContain('electron: could not get the Electron binary (no download within 1 s); Lanyard will run as the headless server.');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('does not try when ELECTRON_SKIP_BINARY_DOWNLOAD is set (as CI sets it)', () => {
    const result = installElectron(project.dir, { ...offline, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', LANYARD_ELECTRON_INSTALLER: standIn('skipped.sh', 'exit 0') });
    expect(result.status).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(result.stdout).toBe('electron: ELECTRON_SKIP_BINARY_DOWNLOAD is set, not downloading the Electron binary.\n');
  });

  it('does not run the installer when the binary is already there', () => {
    const installed = copyProject();
    try {
      fakeElectronBinary(installed.dir);
      const result = installElectron(installed.dir, offline);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('electron: binary already installed.\n');
    } finally {
      installed.remove();
    }
  });
});
