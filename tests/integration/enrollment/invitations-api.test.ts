import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../support/device-http';
import { authed, bodyOf, startTestCore } from '../../support/test-core';
import { storedText, tempDir } from '../../support/core-fixtures';

describe('invitations over the admin API', () => {
  let env: Awaited<ReturnType<typeof startTestCore>>;
  let scratch: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    env = await startTestCore();
    scratch = await tempDir();
  });
  afterAll(async () => {
    await env.stop();
    await scratch.remove();
  });

  const create = (body: object) => fetch(`${env.url}/api/invitations`, authed({ method: 'POST', body: JSON.stringify(body) }));

  it('creates a single-use invitation valid for 7 days by default', async () => {
    const before = Date.now();
    const response = await create({});
    expect(response.status).toBe(201);
    const invitation = await bodyOf(response);
    expect(invitation).toMatchObject({ status: 'pending', maxUses: 1, uses: 0 });
    for (const key of ['id', 'url', 'profileUrl', 'trustProfileUrl', 'expiresAt', 'status']) expect(invitation).toHaveProperty(key);
    const days = (Date.parse(invitation.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    expect(invitation.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${env.httpPort}/enroll/[A-Za-z0-9_-]{43}$`));
    expect(invitation.profileUrl).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${env.mdmPort}/enroll/[A-Za-z0-9_-]{43}/enroll\\.mobileconfig$`));
  });

  it('stores the token only hashed and sealed, never in clear', async () => {
    const invitation = await bodyOf(await create({ label: 'Front desk iPad' }));
    const token = invitation.url.split('/').at(-1);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    await env.core.store.flush();
    const onDisk = await storedText(env.core.options.dataDir);
    expect(onDisk).not.toContain(token);
    expect(onDisk).toContain('Front desk iPad');
  });

  it('creates a reusable office invitation with a use limit and a custom expiry', async () => {
    const invitation = await bodyOf(await create({ label: 'Office', email: 'boss@acme.test', expiresInDays: 30, maxUses: 25 }));
    expect(invitation).toMatchObject({ label: 'Office', email: 'boss@acme.test', maxUses: 25 });
    const listed = await bodyOf(await fetch(`${env.url}/api/invitations`, authed()));
    expect(listed.map((i: { id: string }) => i.id)).toContain(invitation.id);
  });

  it.each([
    [{ expiresInDays: 0 }, 'expiresInDays'],
    [{ maxUses: -1 }, 'maxUses'],
    [{ email: 'nope' }, 'email'],
    [{ token: 'x' }, ''],
  ])('refuses %j with a 400 naming the field', async (body, field) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    const error = await bodyOf(response);
    if (field) expect(error.field).toBe(field);
    else expect(error.message).toMatch(/token/);
  });

  it('gets and revokes an invitation, and answers 404 for an unknown id', async () => {
    const invitation = await bodyOf(await create({ label: 'To revoke' }));
    expect((await bodyOf(await fetch(`${env.url}/api/invitations/${invitation.id}`, authed()))).status).toBe('pending');
    const revoked = await fetch(`${env.url}/api/invitations/${invitation.id}`, authed({ method: 'DELETE' }));
    expect(revoked.status).toBe(200);
    expect((await bodyOf(revoked)).status).toBe('revoked');
    const missing = await fetch(`${env.url}/api/invitations/no-such-id`, authed());
    expect(missing.status).toBe(404);
    const log = await bodyOf(await fetch(`${env.url}/api/activity?subjectId=${invitation.id}`, authed()));
    expect(log.items.map((e: { message: string }) => e.message)).toEqual(['Revoked invitation "To revoke" (admin API)', expect.stringMatching(/^Created invitation "To revoke" \(single use/)]);
  });

  it('serves a QR PNG that zbarimg decodes to exactly the invitation URL', async () => {
    const invitation = await bodyOf(await create({ label: 'QR' }));
    const png = await fetch(`${env.url}/api/invitations/${invitation.id}/qr.png`, authed());
    expect(png.headers.get('content-type')).toBe('image/png');
    const file = join(scratch.path, 'qr.png');
    await writeFile(file, Buffer.from(await png.arrayBuffer()));
    const { stdout } = await run('zbarimg', ['--nodbus', '-q', '--raw', file]);
    expect(stdout.trim()).toBe(invitation.url);
  });

  it('serves a QR SVG that decodes to the same URL once rendered', async () => {
    const invitation = await bodyOf(await create({ label: 'SVG' }));
    const svg = await fetch(`${env.url}/api/invitations/${invitation.id}/qr.svg`, authed());
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const svgFile = join(scratch.path, 'qr.svg');
    const pngFile = join(scratch.path, 'qr-from-svg.png');
    await writeFile(svgFile, Buffer.from(await svg.arrayBuffer()));
    await run('rsvg-convert', ['-w', '400', '-b', 'white', svgFile, '-o', pngFile]);
    const { stdout } = await run('zbarimg', ['--nodbus', '-q', '--raw', pngFile]);
    expect(stdout.trim()).toBe(invitation.url);
  });
});
