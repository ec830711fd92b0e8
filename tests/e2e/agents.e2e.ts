import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCommand, runAgent, stopAllAgents } from '../support/agent-process';
import { launchBrowser, navigateTo, openPage } from '../support/browser';
import { completeSetup, freePort, start, stopAll } from '../support/serve-process';

const keepalive = 2;

/**
 * A PC's life in the browser: the invitation shows the agent command; the
 * reference agent enrols with it, shows up online, goes offline when killed,
 * gets a file from the library, and unenrols with its acknowledgement.
 */
describe('agents in the browser', () => {
  let browser: Browser;
  let folder: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    folder = await mkdtemp(join(tmpdir(), 'lanyard-e2e-agent-'));
  });
  afterAll(async () => {
    await stopAllAgents();
    await browser?.close();
    await stopAll();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('enrols a PC from the invitation page and manages it live', async () => {
    const server = await start({
      args: ['--public-host', '127.0.0.1', '--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-port', String(await freePort()), '--agent-keepalive', String(keepalive)],
    });
    await completeSetup(server, 'Agent Office');
    const { page, messages, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await navigateTo(page, 'Invitations');
      await page.getByLabel('Label').fill('Reception PC');
      await page.getByRole('button', { name: /Create invitation/ }).click();
      const command = await page.getByLabel('Agent command').inputValue();
      expect(command).toMatch(/^lanyard-agent enroll 'https:\/\/127\.0\.0\.1:\d+\/enroll\/[\w-]+#sha256=[0-9a-f]{64}'$/);

      // The PC runs the command it was shown.
      const stateDir = join(folder, 'pc');
      const link = /'([^']+)'/.exec(command)![1]!;
      const enrolled = agentCommand(['enroll', link, '--state-dir', stateDir, '--serial', 'E2E-PC-1']);
      expect(enrolled.status, enrolled.stderr).toBe(0);
      const agentId = JSON.parse(await readFile(join(stateDir, 'enrollment.json'), 'utf8')).agentId as string;
      let agent = runAgent(stateDir);

      await navigateTo(page, 'Devices');
      const row = page.locator(`tr[data-device-id="${agentId}"]`);
      await row.getByText('Online').waitFor();
      expect(await row.innerText()).toContain('Lanyard agent');
      await agent.kill9();
      await row.getByText('Offline').waitFor({ timeout: 1.5 * keepalive * 1000 + 2_000 });
      agent = runAgent(stateDir);
      await row.getByText('Online').waitFor();

      // Upload to the library, then deploy from the PC's page.
      const bytes = randomBytes(20_000);
      const upload = join(folder, 'handbook.pdf');
      await writeFile(upload, bytes);
      await navigateTo(page, 'Files');
      await page.getByLabel('Upload a file').setInputFiles(upload);
      await page.locator('tr', { hasText: 'handbook.pdf' }).waitFor();

      await navigateTo(page, 'Devices');
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'Inventory' }).waitFor();
      // Only the agent's commands: no Apple MDM actions on a PC.
      expect(await page.getByRole('button', { name: 'Enable lost mode…' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Deploy file…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('File').selectOption({ label: 'handbook.pdf' });
      await dialog.getByLabel('Where, inside the managed folder').fill('docs/handbook.pdf');
      await dialog.getByRole('button', { name: 'Deploy file' }).click();
      const history = page.locator('section', { has: page.getByRole('heading', { name: 'Command queue and history' }) });
      await history.locator('tr[data-status="done"]', { hasText: 'Deploy handbook.pdf' }).waitFor().catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await history.innerText()}\n${agent.output()}`);
      });
      expect(Buffer.compare(await readFile(join(stateDir, 'managed', 'docs', 'handbook.pdf')), bytes)).toBe(0);

      // Unenrol: the PC shows Unenrolling until the agent acknowledges, then it is gone.
      await page.getByRole('button', { name: 'Unenrol…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Unenrol' }).click();
      expect(await agent.exited).toBe(0);
      await page.getByText('This device was just removed from management').waitFor();
      await expect(stat(join(stateDir, 'enrollment.json'))).rejects.toThrow(/ENOENT/);
      await navigateTo(page, 'Devices');
      expect(await page.locator(`tr[data-device-id="${agentId}"]`).count()).toBe(0);
      expect(messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
    } finally {
      await close();
      await server.stop();
    }
  }, 120_000);
});
