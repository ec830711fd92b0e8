import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentEnrollRequest, agentKeepaliveSeconds, agentProtocolVersion, type AgentEnrollResponse } from '../../../contract/agent-protocol';
import type { ActivityLog } from '../activity/activity-log';
import { fleetOnEnrolment } from '../fleets/fleet-membership';
import type { DeviceRouter } from '../device-server/device-router';
import { send } from '../device-server/respond';
import { deviceSummary } from '../devices/device-views';
import type { TaskQueue } from '../devices/task-queue';
import type { EventBus } from '../events/event-bus';
import { BodyTooLargeError, readBody } from '../http/read-body';
import { refusalFor, subjectOf, type InvitationService } from '../invitations/invitation-service';
import type { Logger } from '../logger';
import type { LanyardStore } from '../store/lanyard-store';
import type { StoredDevice, StoredInvitation } from '../store/schema';
import type { AgentLoginStore } from './agent-login-store';
import type { BrokerAccounts } from './agent-transport';

export interface AgentEnrollmentOptions {
  store: LanyardStore;
  invitations: InvitationService;
  logins: AgentLoginStore;
  accounts: BrokerAccounts;
  queue: TaskQueue;
  activity: ActivityLog;
  events: EventBus;
  logger: Logger;
  /** The broker agents connect to (its URL, and the CA its certificate chains to, null for the system's), or why none is running. */
  broker(): { url: string; caPem: string | null } | { off: string };
  caCertificatePem(): string;
  /** The MQTT keepalive agents are given (30 s by default). */
  keepaliveSeconds?: number;
  now?: () => Date;
}

const maxRequestBytes = 16 * 1024;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `POST /agent/enroll`: an agent trades one use of an invitation for its
 * own MQTT login. Needs no Apple push certificate. The same serial number
 * enrolling again keeps its device (and history) and gets a new login; the
 * old one stops working.
 */
export class AgentEnrollment {
  constructor(private readonly options: AgentEnrollmentOptions) {}

  register(router: DeviceRouter): void {
    router.register({ methods: ['POST'], path: '/agent/enroll', secureOnly: true, handle: ({ request, response }) => this.handle(request, response) });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const enrolled = await this.enroll(await this.readRequest(request));
      send(response, 201, 'application/json', JSON.stringify(enrolled), { 'cache-control': 'no-store' });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      send(response, error.status, 'application/json', JSON.stringify({ error: { code: error.code, message: error.message } }), { 'cache-control': 'no-store' });
    }
  }

  private async readRequest(request: IncomingMessage): Promise<AgentEnrollRequest> {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new Refusal(415, 'bad_request', 'send the enrolment as JSON with "Content-Type: application/json"');
    let body: Buffer;
    try {
      body = await readBody(request, maxRequestBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new Refusal(413, 'bad_request', error.message);
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new Refusal(400, 'bad_request', `the body is not JSON: ${(error as Error).message}`);
    }
    const parsed = AgentEnrollRequest.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Refusal(400, 'bad_request', `${issue?.path.join('.') || 'the body'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  private async enroll(request: AgentEnrollRequest): Promise<AgentEnrollResponse> {
    const { invitations, logins, accounts, store, events, queue } = this.options;
    const invitation = await this.usableInvitation(request);
    const broker = this.options.broker();
    if ('off' in broker) {
      await invitations.log(invitation, 'error', 'Agent enrolment refused', `Agent ${request.hostname} (${request.serial}) refused: ${broker.off}`);
      throw new Refusal(503, 'unavailable', broker.off);
    }
    const previousLogin = logins.bySerial(request.serial);
    const previous = previousLogin ? (store.collection('devices').get(previousLogin.agentId) ?? null) : null;
    const agentId = previous?.id ?? randomUUID();
    const now = (this.options.now ?? (() => new Date()))();
    const login = logins.prepare({ agentId, serial: request.serial }, now);
    const fleetId = fleetOnEnrolment(store, invitation.id, previous?.fleetId);
    await accounts.add(login.issued, fleetId).catch(async (error: Error) => {
      await invitations.log(invitation, 'error', 'Agent enrolment failed', `Agent ${request.hostname} (${request.serial}): the MQTT broker did not take its login (${error.message})`);
      throw new Refusal(503, 'unavailable', `the MQTT broker did not take the agent's login: ${error.message}`);
    });
    const replaced = logins.previous({ agentId, serial: request.serial });
    const device = agentDevice(agentId, request, invitation, previous, fleetId, now);
    await store.update((tx) => {
      logins.putIn(tx, login.record);
      tx.put('devices', device);
      // A new enrolment starts clean: what was queued for the agent's previous installation is not sent to this one.
      queue.clearIn(tx, agentId, 'cancelled: the agent enrolled again');
      invitations.countEnrollment(invitation.id, tx);
      this.options.activity.appendTo(tx, {
        actor: 'device',
        action: 'Agent enrolled',
        outcome: 'ok',
        message: `Agent ${request.hostname} (${request.os.name} ${request.os.version}, serial ${request.serial}) enrolled${previous ? ' again; its previous login no longer works' : ''}`,
        subject: subjectOf(invitation),
      });
    });
    for (const old of replaced) await accounts.remove(old.username).catch((error: Error) => this.options.logger.warn(`agent ${agentId}: could not remove its previous broker login: ${error.message}`));
    events.emit('devices.changed', deviceSummary(device, queue));
    const live = invitations.byId(invitation.id);
    if (live) void invitations.get(live.id).then((view) => events.emit('invitations.changed', view), () => undefined);
    return {
      agentId,
      protocolVersion: agentProtocolVersion,
      mqtt: { url: broker.url, clientId: `lanyard-agent-${agentId}`, username: login.issued.username, password: login.issued.password, topicRoot: login.issued.topicRoot, keepaliveSeconds: this.options.keepaliveSeconds ?? agentKeepaliveSeconds, caCertificatePem: broker.caPem },
      caCertificatePem: this.options.caCertificatePem(),
    };
  }

  private async usableInvitation(request: AgentEnrollRequest): Promise<StoredInvitation> {
    const { invitations, activity } = this.options;
    const invitation = invitations.byToken(request.invitation);
    if (!invitation) {
      await activity.record({ actor: 'device', action: 'Unknown invitation', outcome: 'error', message: `Agent ${request.hostname} (${request.serial}) tried to enrol with an unknown invitation` });
      throw new Refusal(404, 'not_found', 'this invitation is not valid: the link may be mistyped or incomplete');
    }
    const status = invitations.status(invitation);
    if (status !== 'pending') {
      const reason = refusalFor(status);
      await invitations.log(invitation, 'error', 'Invitation refused', `Agent ${request.hostname} (${request.serial}) tried to enrol, refused: ${reason}`);
      throw new Refusal(410, status, reason);
    }
    return invitation;
  }
}

/** Maps an agent's OS name onto the platforms Lanyard shows. */
export function platformOfOs(name: string): StoredDevice['platform'] {
  const lower = name.toLowerCase();
  if (lower.includes('windows') || lower === 'win32') return 'windows';
  if (lower.includes('mac') || lower === 'darwin') return 'macos';
  if (lower.includes('linux') || ['debian', 'ubuntu', 'fedora'].some((d) => lower.includes(d))) return 'linux';
  return 'unknown';
}

function agentDevice(agentId: string, request: AgentEnrollRequest, invitation: StoredInvitation, previous: StoredDevice | null, fleetId: string, now: Date): StoredDevice {
  const at = now.toISOString();
  return {
    id: agentId,
    channel: 'agent',
    udid: agentId,
    invitationId: invitation.id,
    fleetId,
    platform: platformOfOs(request.os.name),
    enrollmentStatus: 'enrolled',
    certificateSha256: '',
    name: request.hostname,
    serialNumber: request.serial,
    model: '',
    modelName: request.os.name,
    productName: '',
    osVersion: request.os.version,
    buildVersion: '',
    supervised: null,
    authenticatedAt: at,
    enrolledAt: at,
    checkedOutAt: null,
    removedAt: null,
    lastSeenAt: at,
    tokenUpdates: 0,
    push: null,
    sealedUnlockToken: null,
    sealedBootstrapToken: null,
    information: {},
    security: null,
    profiles: null,
    apps: null,
    location: null,
    inventoryAt: previous?.inventoryAt ?? null,
    agent: {
      hostname: request.hostname,
      osName: request.os.name,
      agentVersion: request.agentVersion ?? '',
      user: request.user ?? previous?.agent?.user ?? null,
      online: false,
      onlineChangedAt: null,
      unenrollRequestedAt: null,
      inventory: previous?.agent?.inventory ?? null,
    },
  };
}
