import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
const config = parse(readFileSync('electron-builder.yml', 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

describe('electron-builder.yml', () => {
  it('is valid against the schema electron-builder ships', () => {
    const validate = validator();
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a broken file', () => {
    const validate = validator();
    expect(validate({ ...config, appId: 42, mac: { target: 'not-a-target-object', bogus: true } })).toBe(false);
  });

  it('names the app and builds dmg, nsis, AppImage and deb', () => {
    expect(config.appId).toBe('org.lanyard.desktop');
    expect(config.productName).toBe('Lanyard');
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg']);
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('points at icons that exist', () => {
    for (const platform of ['mac', 'win', 'linux']) expect(existsSync(config[platform].icon)).toBe(true);
  });
});
