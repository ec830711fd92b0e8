import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { bodyOf } from '../../support/test-core';

/** A push certificate replaced by one with another topic cuts off the devices enrolled under the old one: the status counts them for the dashboard's alert. */
describe('a push topic change', () => {
  let env: MdmEnv;
  beforeAll(async () => {
    env = await startMdmEnv();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('counts the enrolled devices whose token is for the old topic', async () => {
    await env.enrollDevice({ name: 'Old topic iPad' });
    const status = async () => bodyOf(await env.api('/api/push-certificate'));
    expect((await status()).devicesOnOtherTopic).toBe(0);
    const renewal = env.pushPki.issueClientCertificate();
    const imported = await env.api('/api/push-certificate', { method: 'PUT', body: JSON.stringify({ certificatePem: renewal.certificatePem, privateKeyPem: renewal.privateKeyPem }) });
    expect(imported.status).toBe(200);
    expect(await status()).toMatchObject({ topic: renewal.topic, devicesOnOtherTopic: 1 });
  });
});
