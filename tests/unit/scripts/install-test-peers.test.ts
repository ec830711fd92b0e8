import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeBin, repoRoot } from '../../support/project-copy';

const script = join(repoRoot, 'scripts', 'install-test-peers.sh');
const bash = spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
const fakeDirs: string[] = [];
const notInstalled = 'exit 1';

/**
 * Runs the script with only fake commands on PATH (so the machine's own sudo
 * is not found) and LANYARD_TEST_PEERS_DRY_RUN, which prints the apt-get
 * commands instead of running them; the fake apt-get fails if called at all.
 */
function peers(fakes: { uid: number; sudo?: boolean; aptGet?: boolean; dpkgQuery?: string }) {
  const commands: Record<string, string> = { id: `echo ${fakes.uid}`, 'dpkg-query': fakes.dpkgQuery ?? notInstalled };
  if (fakes.sudo) commands.sudo = 'echo "fake sudo must not run in a dry run" >&2; exit 3';
  if (fakes.aptGet ?? true) commands['apt-get'] = 'echo "fake apt-get must not run in a dry run" >&2; exit 3';
  const dir = fakeBin(commands, ['grep']);
  fakeDirs.push(dir);
  return spawnSync(bash, [script], { encoding: 'utf8', env: { ...process.env, PATH: dir, LANYARD_TEST_PEERS_DRY_RUN: '1' } });
}

describe('install-test-peers.sh', () => {
  afterAll(() => fakeDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('as root runs apt-get itself, without sudo', () => {
    const result = peers({ uid: 0, sudo: true });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('test peers: would run: apt-get update -qq\n');
    expect(result.stdout).toMatch(/would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium .*postgresql\n/);
    expect(result.stdout).not.toContain('sudo');
  });

  it('as another user runs apt-get through sudo, keeping DEBIAN_FRONTEND', () => {
    const result = peers({ uid: 1000, sudo: true });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('test peers: would run: sudo apt-get update -qq\n');
    expect(result.stdout).toContain('would run: sudo env DEBIAN_FRONTEND=noninteractive apt-get install');
  });

  it('as another user without sudo fails in one line that says what to do', () => {
    const result = peers({ uid: 1000, sudo: false });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^test peers: installing chromium .* needs root, and sudo is not installed: run this as root/);
  });

  it('does nothing when everything is installed, whoever runs it', () => {
    const result = peers({ uid: 1000, sudo: false, dpkgQuery: 'printf "install ok installed"' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('test peers: all installed\n');
  });

  it('says what to install by hand where there is no apt-get', () => {
    const result = peers({ uid: 0, aptGet: false });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^test peers: apt-get not found .*: chromium openssl/);
  });

  it('installs what the tests and the coming MQTT and PostgreSQL work use, and no X server', () => {
    const list = /^packages=\((.*)\)$/m.exec(readFileSync(script, 'utf8'))?.[1]?.split(' ');
    expect(list).toEqual(['chromium', 'openssl', 'scep', 'libplist-utils', 'zbar-tools', 'librsvg2-bin', 'mosquitto', 'mosquitto-clients', 'postgresql']);
  });
});
