import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/serve-process';
import { copyProject, envWithout } from '../../support/project-copy';

const readyLine = /Lanyard \S+ is running: admin UI and API at (http:\/\/\S+)/;

/** Resolves with the first match of `pattern` in what the process prints; rejects if it exits first. */
function waitFor(child: ChildProcess, output: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output());
      if (match) {
        child.stdout?.off('data', check);
        child.off('exit', exited);
        resolve(match);
      }
    };
    const exited = (code: number | null) => reject(new Error(`exited (${code}) before printing ${pattern}:\n${output()}`));
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

/** `bash scripts/run.sh` in a copy of the project, with the dependencies installed but no way to download Electron. */
describe('bash scripts/run.sh without internet', () => {
  const project = copyProject();
  const dataDir = mkdtempSync(join(tmpdir(), 'lanyard-run-offline-'));
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child?.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    project.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tries for the Electron binary, says in one line it runs headless, and serves the admin API', async () => {
    const env = envWithout(['ELECTRON_SKIP_BINARY_DOWNLOAD', 'LANYARD_ELECTRON_INSTALLER', 'LANYARD_ELECTRON_TIME_LIMIT'], {
      ELECTRON_MIRROR: `http://127.0.0.1:${await freePort()}/`,
      electron_config_cache: mkdtempSync(join(dataDir, 'electron-cache-')),
      LANYARD_ADMIN_TOKEN: 'run-offline-token-0123456789',
      LANYARD_DEVICE_BIND: '127.0.0.1',
    });
    const args = ['--data-dir', join(dataDir, 'data'), '--admin-port', '0', '--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-port', String(await freePort())];
    let output = '';
    child = spawn('bash', [join(project.dir, 'scripts', 'run.sh'), ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));

    const [, url] = await waitFor(child, () => output, readyLine);
    expect(output).toMatch(/^electron: could not get the Electron binary \(.+\); Lanyard will run as the headless server\.$/m);
    expect(output).toContain('Electron binary not installed here: running the headless server instead (open the admin URL below in a browser).');
    expect(output).not.toMatch(/npm (error|ERR)|^\s+at /m);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true });
  }, 120_000);
});
