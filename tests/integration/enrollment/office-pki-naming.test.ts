import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authed, bodyOf, startTestCore } from '../../support/test-core';

describe('the office CA carries the organization name', () => {
  let env: Awaited<ReturnType<typeof startTestCore>>;
  beforeAll(async () => {
    env = await startTestCore();
  });
  afterAll(() => env.stop());

  const pki = async () => bodyOf(await fetch(`${env.url}/api/pki`, authed()));
  const rename = (name: string) => fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: JSON.stringify({ organization: { name } }) }));

  it('is made again under the name the wizard gives, while nothing was issued from it', async () => {
    expect((await pki()).ca.subject).toContain('O=Test Office');
    await rename('Ünïcode Dental Practice');
    await expect.poll(async () => (await pki()).ca.subject).toContain('O=Ünïcode Dental Practice');
    expect((await pki()).tls.coversPublicHost).toBe(true);
  });

  it('is kept once an invitation exists, so devices never lose trust', async () => {
    await fetch(`${env.url}/api/invitations`, authed({ method: 'POST', body: '{}' }));
    const before = (await pki()).ca.sha256;
    await rename('Another Name');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await pki()).ca.sha256).toBe(before);
  });
});
