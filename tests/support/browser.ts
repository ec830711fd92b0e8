import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with nothing that phones home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.LANYARD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console messages and uncaught page errors, in order, for assertions and failure messages. */
  messages: string[];
  close(): Promise<void>;
}

/**
 * A page in a fresh context (no storage shared with other tests), 1280x800
 * unless told otherwise. Closing it also closes the browser's connections
 * to the server.
 */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }, options: BrowserContextOptions = {}): Promise<TestPage> {
  const context = await browser.newContext({ viewport, ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (message: ConsoleMessage) => messages.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  return { context, page, messages, close: () => context.close() };
}

/** Polls until check() returns true; for conditions a locator cannot express. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Follows a link in the app's main navigation and waits for the page's h1 (the link's text unless told). */
export async function navigateTo(page: Page, link: string, heading = link): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}
