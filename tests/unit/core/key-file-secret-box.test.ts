import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../../electron/core/secrets/key-file-secret-box';
import { storedText, tempDir } from '../../support/core-fixtures';
import { startTestCore } from '../../support/test-core';

describe('secrets at rest in headless mode', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  afterAll(() => Promise.all(dirs.map((d) => d.remove())));

  it('seals with a key file only its owner can read, and opens again after a restart', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const path = join(dir.path, 'secret.key');
    const sealed = await (await KeyFileSecretBox.open(path)).seal(Buffer.from('-----BEGIN PRIVATE KEY-----'));
    expect(sealed).not.toContain('PRIVATE KEY');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await (await KeyFileSecretBox.open(path)).open(sealed)).toString()).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('refuses a tampered secret or one sealed elsewhere', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const box = await KeyFileSecretBox.open(join(dir.path, 'secret.key'));
    const sealed = await box.seal(Buffer.from('secret'));
    const tampered = `${sealed.slice(0, -4)}AAA=`;
    await expect(box.open(tampered)).rejects.toThrow();
    await expect(box.open('ss1:abcd')).rejects.toThrow(/not sealed with the key file/);
    const other = await KeyFileSecretBox.open(join(dir.path, 'other.key'));
    await expect(other.open(sealed)).rejects.toThrow();
  });

  it('keeps no private key in clear in the data file', async () => {
    const env = await startTestCore();
    await env.core.store.flush();
    const data = await storedText(env.core.options.dataDir);
    expect(data).toContain('BEGIN CERTIFICATE');
    expect(data).not.toMatch(/PRIVATE KEY/);
    await env.stop();
  });
});
