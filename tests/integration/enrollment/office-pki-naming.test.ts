import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEvent } from '../../support/events';
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
    // pki.changed is the last thing the core does when it applies new settings.
    const remade = waitForEvent(env.core.events, 'pki.changed', (status) => status.ca?.subject.includes('O=Ünïcode Dental Practice') === true);
    await rename('Ünïcode Dental Practice');
    await remade;
    expect((await pki()).ca.subject).toContain('O=Ünïcode Dental Practice');
    expect((await pki()).tls.coversPublicHost).toBe(true);
  });

  it('is kept once an invitation exists, so devices never lose trust', async () => {
    await fetch(`${env.url}/api/invitations`, authed({ method: 'POST', body: '{}' }));
    const before = (await pki()).ca.sha256;
    // The core applies new settings in the background; it announces the system status once it has
    // decided about the CA (and made it again if it had to) and reconfigured the servers.
    const applied = waitForEvent(env.core.events, 'system.status');
    await rename('Another Name');
    await applied;
    expect((await pki()).ca.sha256).toBe(before);
  });
});
