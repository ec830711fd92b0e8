import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser';
import { postgresForTests } from '../support/postgres-server';
import { completeSetup, freePort, start, stopAll } from '../support/serve-process';

/** The Overview says where the records are and how long history is kept. */
describe('overview: records and history', () => {
  let browser: Browser;
  // Hooks run last-registered first: the servers stop before their database.
  const postgres = postgresForTests();
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  async function storageCard(env: NodeJS.ProcessEnv = {}) {
    const server = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0'], env });
    await completeSetup(server, 'Storage Office');
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      const card = page.locator('section', { has: page.getByRole('heading', { name: 'Records and history' }) });
      await card.waitFor();
      return { text: await card.innerText(), dataDir: server.dataDir };
    } finally {
      await close();
      await server.stop();
    }
  }

  it('shows the data folder, the record counts and the retention limits', async () => {
    const { text, dataDir } = await storageCard();
    expect(text).toContain('Data folder (embedded journal)');
    expect(text).toContain(`${dataDir}/store`);
    expect(text).toMatch(/\d+ devices, \d+ commands, [\d,]+ activity entries/);
    expect(text).toContain('Keeps the newest 20,000 entries');
    expect(text).toContain('The latest 200 finished commands per device, each for 90 days after it finished');
  });

  it('shows the PostgreSQL database, without its password, when Lanyard runs on one', async () => {
    const url = await postgres().createDatabase();
    const withPassword = url.replace('postgres://lanyard@', 'postgres://lanyard:not-shown@');
    const { text } = await storageCard({ LANYARD_DATABASE_URL: withPassword });
    expect(text).toContain('PostgreSQL');
    expect(text).toContain(url);
    expect(text).not.toContain('not-shown');
  });
});
