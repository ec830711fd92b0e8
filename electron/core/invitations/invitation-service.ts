import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../../../contract/errors';
import type { CreateInvitationInput, Invitation } from '../../../contract/enrollment-models';
import { defaultFleetId } from '../../../contract/fleet-models';
import type { ActivityLog, NewActivity } from '../activity/activity-log';
import type { SecretBox } from '../secrets/secret-box';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';
import type { StoredInvitation } from '../store/schema';

export type InvitationStatus = Invitation['status'];

/** Where invitation links point; changes with the settings. */
export interface InvitationUrls {
  landing(token: string): string;
  trustProfile(token: string): string;
  enrollmentProfile(token: string): string;
  /** The link an agent enrols with: the HTTPS landing page plus `#sha256=<office CA digest>`. */
  agent(token: string): string;
}

/** A device beyond this many extra certificates per allowed use is refused (retries after failed installs are fine). */
const certificateAllowancePerUse = 3;

/**
 * Invitations: the only way a device joins. The token (256 random bits) is
 * looked up by its SHA-256; a sealed copy lets the admin show the QR code
 * again. Every step a device takes is logged against the invitation.
 */
export class InvitationService {
  constructor(
    private readonly store: LanyardStore,
    private readonly secrets: SecretBox,
    private readonly activity: ActivityLog,
    private readonly urls: () => InvitationUrls,
    private readonly blockedReason: () => string | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: z.output<typeof CreateInvitationInput>): Promise<{ invitation: Invitation; token: string }> {
    if (input.fleetId !== undefined && !this.store.collection('fleets').get(input.fleetId)) throw new ApiError('bad_request', `no fleet with id ${input.fleetId}`, 'fleetId');
    const token = randomBytes(32).toString('base64url');
    const created = this.now();
    const stored: StoredInvitation = {
      id: randomUUID(),
      tokenHash: hashToken(token),
      sealedToken: await this.secrets.seal(Buffer.from(token)),
      label: input.label,
      userName: input.userName,
      email: input.email,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      maxUses: input.maxUses,
      uses: 0,
      certificatesIssued: 0,
      revokedAt: null,
      fleetId: input.fleetId === undefined || input.fleetId === defaultFleetId ? null : input.fleetId,
    };
    await this.store.update((tx) => tx.put('invitations', stored));
    return { invitation: this.view(stored, token), token };
  }

  async list(): Promise<Invitation[]> {
    const all = [...this.store.collection('invitations').values()].reverse();
    return Promise.all(all.map(async (stored) => this.view(stored, await this.tokenOf(stored))));
  }

  async get(id: string): Promise<Invitation> {
    const stored = this.find(id);
    return this.view(stored, await this.tokenOf(stored));
  }

  async token(id: string): Promise<string> {
    return this.tokenOf(this.find(id));
  }

  async revoke(id: string): Promise<Invitation> {
    const stored = this.find(id);
    if (stored.revokedAt === null) {
      await this.store.update((tx) => tx.put('invitations', { ...stored, revokedAt: this.now().toISOString() }));
    }
    return this.get(id);
  }

  status(stored: StoredInvitation): InvitationStatus {
    if (stored.revokedAt) return 'revoked';
    if (stored.uses >= stored.maxUses) return 'used';
    if (new Date(stored.expiresAt) <= this.now()) return 'expired';
    return 'pending';
  }

  /** The invitation a device presents its token for, with its status; null for an unknown token. */
  byToken(token: string): StoredInvitation | null {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const hash = hashToken(token);
    return this.store.collection('invitations').by('tokenHash', hash) ?? null;
  }

  byId(id: string): StoredInvitation | null {
    return this.store.collection('invitations').get(id) ?? null;
  }

  /** Why a device may not get a certificate now, or null when it may. */
  certificateRefusal(stored: StoredInvitation): string | null {
    const status = this.status(stored);
    if (status !== 'pending') return refusalFor(status);
    if (stored.certificatesIssued >= stored.maxUses * certificateAllowancePerUse) return 'too many certificates were already issued for this invitation';
    return null;
  }

  /** Counts a certificate, logging it in the same write. */
  countCertificate(stored: StoredInvitation, tx: LanyardTransaction, activity: NewActivity): void {
    const live = this.byId(stored.id);
    if (live) tx.put('invitations', { ...live, certificatesIssued: live.certificatesIssued + 1 });
    this.activity.appendTo(tx, activity);
  }

  /** Counts a completed enrollment (the device's first TokenUpdate), inside the caller's change. */
  countEnrollment(invitationId: string, tx: LanyardTransaction): void {
    const live = this.byId(invitationId);
    if (live) tx.put('invitations', { ...live, uses: live.uses + 1 });
  }

  /** Logs a step a device took with this invitation. */
  log(stored: StoredInvitation, outcome: NewActivity['outcome'], action: string, message: string): Promise<unknown> {
    return this.activity.record({ actor: 'device', action, outcome, message, subject: subjectOf(stored) });
  }

  private find(id: string): StoredInvitation {
    const stored = this.byId(id);
    if (!stored) throw new ApiError('not_found', `no invitation with id ${id}`, 'id');
    return stored;
  }

  private async tokenOf(stored: StoredInvitation): Promise<string> {
    return (await this.secrets.open(stored.sealedToken)).toString();
  }

  /** The links of an invitation, from the token a device presented (no need to unseal it again). */
  urlsFor(token: string): Pick<Invitation, 'url' | 'trustProfileUrl' | 'profileUrl' | 'agentUrl' | 'agentCommand'> {
    const urls = this.urls();
    const agentUrl = urls.agent(token);
    return { url: urls.landing(token), trustProfileUrl: urls.trustProfile(token), profileUrl: urls.enrollmentProfile(token), agentUrl, agentCommand: `lanyard-agent enroll '${agentUrl}'` };
  }

  private view(stored: StoredInvitation, token: string): Invitation {
    return {
      id: stored.id,
      label: stored.label,
      userName: stored.userName,
      email: stored.email,
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
      maxUses: stored.maxUses,
      uses: stored.uses,
      certificatesIssued: stored.certificatesIssued,
      status: this.status(stored),
      ...this.urlsFor(token),
      revokedAt: stored.revokedAt,
      fleetId: stored.fleetId ?? defaultFleetId,
      blockedReason: this.blockedReason(),
    };
  }
}

export function subjectOf(stored: StoredInvitation): { type: string; id: string; label: string } {
  return { type: 'invitation', id: stored.id, label: stored.label || stored.userName || stored.email || `invitation ${stored.id.slice(0, 8)}` };
}

export function refusalFor(status: InvitationStatus): string {
  switch (status) {
    case 'revoked':
      return 'this invitation was revoked';
    case 'used':
      return 'this invitation has been used up';
    case 'expired':
      return 'this invitation has expired';
    default:
      return '';
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
