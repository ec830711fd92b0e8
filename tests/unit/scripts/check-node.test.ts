import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeBin, repoRoot } from '../../support/project-copy';

const script = join(repoRoot, 'scripts', 'check-node.sh');
const bash = spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
const fakeDirs: string[] = [];

function checkWith(path: string) {
  return spawnSync(bash, [script], { encoding: 'utf8', env: { ...process.env, PATH: path } });
}

function checkWithNode(version: string) {
  const dir = fakeBin({ node: `echo ${version}` });
  fakeDirs.push(dir);
  return checkWith([dir, process.env.PATH].join(delimiter));
}

/** scripts/check-node.sh, which run.sh and test.sh call before anything uses npm. */
describe('check-node.sh', () => {
  afterAll(() => fakeDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses Debian’s Node 18 in one line that says what to install', () => {
    const result = checkWithNode('v18.19.0');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Lanyard needs Node.js 20.19 or newer (found v18.19.0): install it from nodejs.org or your package manager, then run this again.\n',
    );
  });

  it('refuses 20.18 and accepts 20.19 and later majors', () => {
    expect(checkWithNode('v20.18.3').status).not.toBe(0);
    expect(checkWithNode('v20.19.0').status).toBe(0);
    expect(checkWithNode('v22.1.0').status).toBe(0);
    expect(checkWithNode('v100.0.0').status).toBe(0);
  });

  it('passes with the real node', () => {
    const result = checkWith([dirname(process.execPath), process.env.PATH].join(delimiter));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('says so when there is no node at all', () => {
    const result = checkWith('/nonexistent');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/^Lanyard needs Node\.js 20\.19 or newer \(no node found on PATH\): install it .*\n$/);
  });

  it('checks the same minimum as package.json engines', () => {
    const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe('>=20.19');
    const source = readFileSync(script, 'utf8');
    expect(source).toContain('required_major=20');
    expect(source).toContain('required_minor=19');
  });

  it('is called by run.sh and test.sh before anything else runs npm', () => {
    for (const name of ['run.sh', 'test.sh']) {
      const lines = readFileSync(join(repoRoot, 'scripts', name), 'utf8').split('\n');
      const check = lines.indexOf('bash scripts/check-node.sh');
      expect(check, name).toBeGreaterThan(0);
      expect(lines.slice(0, check).some((line) => /\bnpm\b|install-/.test(line) && !line.startsWith('#')), name).toBe(false);
    }
  });
});
