import { createHash, X509Certificate } from 'node:crypto';
import { AgentEnrollError, AgentEnrollResponse } from '../../contract/agent-protocol';
import { postJson } from './http';
import { collectInventory, machineSerial } from './inventory';
import { readInvitationLink } from './invitation-link';
import { fetchPinnedCa } from './pinned-tls';
import type { AgentState, Enrollment } from './state';

export interface EnrollOptions {
  link: string;
  caSha256?: string;
  serial?: string;
  version: string;
  log(line: string): void;
}

/** Enrols this machine: checks the server against the link's pin, trades the invitation for a login, and keeps it in the state folder. */
export async function enroll(state: AgentState, options: EnrollOptions): Promise<Enrollment> {
  const link = readInvitationLink(options.link, options.caSha256);
  options.log(`checking ${link.server} against the office CA fingerprint ${link.caSha256.slice(0, 16)}…`);
  const caPem = await fetchPinnedCa(link.server, link.caSha256);
  const inventory = await collectInventory(options.version);
  const serial = options.serial ?? (await machineSerial());
  const user = await state.user();
  const { status, json } = await postJson(
    `${link.server}/agent/enroll`,
    { invitation: link.token, serial, hostname: inventory.hostname, os: inventory.os, agentVersion: options.version, ...(user ? { user } : {}) },
    caPem,
  );
  if (status !== 201) {
    const refused = AgentEnrollError.safeParse(json);
    throw new Error(`Lanyard refused the enrolment (${status}): ${refused.success ? refused.data.error.message : 'unexpected answer'}`);
  }
  const parsed = AgentEnrollResponse.safeParse(json);
  if (!parsed.success) throw new Error(`Lanyard's answer is not an enrolment: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const given = createHash('sha256').update(new X509Certificate(parsed.data.caCertificatePem).raw).digest('hex');
  if (given !== link.caSha256) throw new Error('Lanyard answered with a CA that does not match the link; not enrolled');
  const enrollment: Enrollment = { ...parsed.data, server: link.server, serial, enrolledAt: new Date().toISOString() };
  await state.saveEnrollment(enrollment);
  options.log(`enrolled as agent ${enrollment.agentId}; start it with: lanyard-agent run --state-dir ${state.dir}`);
  return enrollment;
}
