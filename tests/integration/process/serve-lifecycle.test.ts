import { spawn, spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminApi, createDataDir, freePort, start, stopAll } from '../../support/serve-process';

/** The built headless server as a real process: health, UI, token, clean stop, kill -9. */
describe('npm run serve', () => {
  afterAll(() => stopAll());

  const devicePorts = async () => ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-port', String(await freePort())];

  it('answers health without a token, serves the UI, and refuses admin calls without the token', async () => {
    const server = await start({ args: await devicePorts() });
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, version: expect.any(String) });
    const ui = await fetch(`${server.url}/`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await ui.text()).toContain('<div id="root">');
    expect((await fetch(`${server.url}/api/settings`)).status).toBe(401);
    expect((await adminApi(server).get('/api/settings')).status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('generates the admin token once, mode 0600, and prints it at first start only', async () => {
    const dataDir = await createDataDir();
    const args = await devicePorts();
    const first = await start({ dataDir, args, env: { LANYARD_ADMIN_TOKEN: '' } });
    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    expect(token.length).toBeGreaterThanOrEqual(24);
    expect((await stat(join(dataDir, 'admin-token'))).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(token);
    expect((await adminApi({ url: first.url, token }).get('/api/settings')).status).toBe(200);
    await first.stop();
    const second = await start({ dataDir, args, env: { LANYARD_ADMIN_TOKEN: '' } });
    expect((await readFile(join(dataDir, 'admin-token'), 'utf8')).trim()).toBe(token);
    expect(second.output()).not.toContain(token);
    await second.stop();
  });

  it('keeps a change made just before SIGTERM', async () => {
    const dataDir = await createDataDir();
    const args = await devicePorts();
    const server = await start({ dataDir, args });
    const changed = await adminApi(server).patch('/api/settings', { helpdesk: { phone: '+44 20 7946 0000' } });
    expect(changed.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('stopped cleanly');
    const again = await start({ dataDir, args });
    expect((await adminApi(again).get('/api/settings')).body.helpdesk.phone).toBe('+44 20 7946 0000');
    await again.stop();
  });

  it('has a change on disk when the call returns, even if killed -9 right after', async () => {
    const dataDir = await createDataDir();
    const args = await devicePorts();
    const server = await start({ dataDir, args });
    const changed = await adminApi(server).patch('/api/settings', { organization: { name: 'Survives kill -9' } });
    expect(changed.status).toBe(200);
    await server.kill9();
    const again = await start({ dataDir, args });
    expect((await adminApi(again).get('/api/settings')).body.organization.name).toBe('Survives kill -9');
    await again.stop();
  });

  it('refuses to start on a damaged data file, changing nothing, and says so', async () => {
    const dataDir = await createDataDir();
    await writeFile(join(dataDir, 'lanyard.json'), '{"schemaVersion":1,');
    const result = spawnSync(process.execPath, ['out/main/serve.js', '--data-dir', dataDir, '--admin-port', '0', ...(await devicePorts())], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/could not import its older data file .*lanyard\.json: it is not valid JSON.*Nothing was changed/s);
    expect(await readFile(join(dataDir, 'lanyard.json'), 'utf8')).toBe('{"schemaVersion":1,');
  });

  it('npm start says in one line that Electron is missing here and runs the headless server instead', async () => {
    const dataDir = await createDataDir();
    const child = spawn(process.execPath, ['scripts/start.mjs', '--data-dir', dataDir, '--admin-port', '0', ...(await devicePorts())], {
      env: { ...process.env, LANYARD_ADMIN_TOKEN: 'start-test-token-0123456789', LANYARD_DEVICE_BIND: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await expect.poll(() => output, { timeout: 20_000 }).toMatch(/is running: admin UI and API at http:\/\/127\.0\.0\.1:\d+/);
    expect(output.split('\n')[0]).toBe('Electron binary not installed here: running the headless server instead (open the admin URL below in a browser).');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad option with a usage message and exit code 2', () => {
    const result = spawnSync(process.execPath, ['out/main/serve.js', '--mdm-port', 'http'], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--mdm-port');
  });
});
