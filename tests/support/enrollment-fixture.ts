import type { CoreOptions } from '../../electron/core/lanyard-core';
import { createTestPushPki, type TestPushPki } from './test-push-pki';
import { authed, bodyOf, startTestCore } from './test-core';

export type EnrollmentEnv = Awaited<ReturnType<typeof startEnrollmentEnv>>;

/** A running core with an organization, helpdesk and (optionally) an Apple push certificate. */
export async function startEnrollmentEnv(options: { withPush?: boolean; organization?: string; pushPki?: TestPushPki; core?: Partial<CoreOptions> } = {}) {
  const env = await startTestCore(options.core);
  const api = (path: string, init?: RequestInit) => fetch(`${env.url}${path}`, authed(init));
  await api('/api/settings', {
    method: 'PATCH',
    body: JSON.stringify({
      organization: { name: options.organization ?? 'Café Ünïcode ✓ Office' },
      helpdesk: { name: 'IT Desk', phone: '+1 555 0100', email: 'it@office.test', website: 'https://help.office.test' },
    }),
  });
  const pushPki = options.pushPki ?? createTestPushPki();
  if (options.withPush !== false) {
    const response = await api('/api/push-certificate', { method: 'PUT', body: JSON.stringify({ certificatePem: pushPki.client.certificatePem, privateKeyPem: pushPki.client.privateKeyPem }) });
    if (response.status !== 200) throw new Error(`push certificate import failed: ${JSON.stringify(await bodyOf(response))}`);
  }
  const caPem = env.core.enrollment.pki.caCertificatePem();
  const invite = async (body: object = {}) => bodyOf(await api('/api/invitations', { method: 'POST', body: JSON.stringify(body) }));
  return { ...env, api, caPem, pushPki, invite };
}
