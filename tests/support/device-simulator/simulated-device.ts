import { randomBytes, randomUUID } from 'node:crypto';
import { authenticateMessage, checkOutMessage, tokenUpdateMessage } from './check-in-messages';
import { runCommandSession, type ConnectLog } from './command-session';
import { CommandScript, type ScriptedStatus } from './command-script';
import { executeCommand } from './commands/command-dispatcher';
import { createDeviceFacts, type DeviceFacts, type Platform } from './device-facts';
import type { DeviceIdentity } from './device-identity';
import { createDeviceState, installedProfileFrom, type DeviceContext, type DeviceState } from './device-state';
import { readEnrollmentProfile, type EnrollmentProfile } from './enrollment-profile-reader';
import type { HttpResult } from './https-request';
import { MdmTransport, type MdmChannel, type SignatureMode } from './mdm-transport';
import { pemToDer, splitPemCertificates } from './pem';
import { identityFromPkcs12 } from './pkcs12-identity';
import { encodePlist, type PlistValue } from './plist-codec';
import { PushWaker, type ApnsPushSource } from './push-waker';
import { enrollWithScep, type ScepEnrollment } from './scep-client';
import { decodeMobileconfig } from './signed-profile';
import type { ScepCipher } from './scep-messages';

export interface SimulatedDeviceOptions {
  platform: Platform;
  supervised?: boolean;
  udid?: string;
  serialNumber?: string;
  name?: string;
  model?: string;
  osVersion?: string;
  /** The CA the device trusts for the profile signer and the server's TLS certificate (beside the profile's own root). */
  trustedCaPem: string;
  /** Safety stop for a server that never ends a session (default 500 commands). */
  maxCommandsPerSession?: number;
  /** Per-request HTTP timeout (default 30 s). */
  timeoutMs?: number;
}

/** The server refused an enrollment check-in: a real device aborts the profile install. */
export class EnrollmentRejected extends Error {
  constructor(
    readonly step: 'Authenticate' | 'TokenUpdate',
    readonly response: HttpResult,
  ) {
    super(`${step} was answered with HTTP ${response.status}`);
    this.name = 'EnrollmentRejected';
  }
}

export interface EnrollResult {
  profile: EnrollmentProfile;
  identity: DeviceIdentity;
  /** Present when the identity came from SCEP. */
  scep: ScepEnrollment | undefined;
  authenticate: HttpResult;
  tokenUpdate: HttpResult;
}

export interface RawRequest {
  channel: MdmChannel;
  body: Buffer;
  contentType?: string;
  signature?: SignatureMode;
}

/** An iPhone, iPad or Mac that enrolls in an Apple MDM server and answers its commands like a real device. */
export class SimulatedDevice {
  readonly platform: Platform;
  readonly supervised: boolean;
  readonly facts: DeviceFacts;
  readonly state: DeviceState;
  /** Every command-channel session, oldest first (including those started by pushes). */
  readonly sessions: ConnectLog[] = [];
  /** Set when the server answered 401 (or 403 unrecognized.device), after CheckOut, or after EraseDevice. */
  unenrolled = false;
  erased = false;

  private readonly options: SimulatedDeviceOptions;
  private readonly script = new CommandScript();
  private enrollment: { profile: EnrollmentProfile; transport: MdmTransport } | undefined;
  private ownIdentity: DeviceIdentity | undefined;
  private borrowedIdentity: DeviceIdentity | undefined;
  private token = Buffer.alloc(0);
  private magic = '';
  private unlock: Buffer | undefined;
  private tokenUpdated = false;
  private sessionQueue: Promise<unknown> = Promise.resolve();
  private waker: PushWaker | undefined;

  constructor(options: SimulatedDeviceOptions) {
    this.options = options;
    this.platform = options.platform;
    this.supervised = options.supervised ?? false;
    this.facts = createDeviceFacts(options);
    this.state = createDeviceState(this.facts);
  }

  get udid(): string {
    return this.facts.udid;
  }

  get serialNumber(): string {
    return this.facts.serialNumber;
  }

  get name(): string {
    return this.facts.deviceName;
  }

  /** The APNs token sent in TokenUpdate, hex. */
  get pushToken(): string {
    return this.token.toString('hex');
  }

  get pushMagic(): string {
    return this.magic;
  }

  get unlockToken(): Buffer | undefined {
    return this.unlock;
  }

  get enrolled(): boolean {
    return this.tokenUpdated && !this.unenrolled;
  }

  get profile(): EnrollmentProfile | undefined {
    return this.enrollment?.profile;
  }

  /** The identity requests are signed with: the device's own, or the one lent by withIdentity. */
  get identity(): DeviceIdentity {
    const identity = this.borrowedIdentity ?? this.ownIdentity;
    if (!identity) throw new Error('the device has no identity yet: call enroll() first');
    return identity;
  }

  /** Installs the profile: verify it, get the identity (SCEP or PKCS#12), then Authenticate and TokenUpdate. */
  async enroll(profileBytes: Uint8Array, options: { scepCipher?: ScepCipher; /** A pre-generated key for SCEP (see key-pool.ts) instead of a fresh one. */ privateKeyPem?: string } = {}): Promise<EnrollResult> {
    const profile = await readEnrollmentProfile(profileBytes, { trustedCaPem: this.options.trustedCaPem });
    const ca = uniquePems([profile.rootCaPem, ...splitPemCertificates(this.options.trustedCaPem)]);
    let scep: ScepEnrollment | undefined;
    if (profile.identity.kind === 'scep') {
      const { url, challenge, subject, keySize, keyUsage } = profile.identity;
      scep = await enrollWithScep({
        url,
        challenge,
        subject: subject.length > 0 ? subject : [[['CN', this.udid]]],
        keySize: Math.max(keySize, 2048),
        keyUsage,
        ca,
        ...(options.scepCipher ? { cipher: options.scepCipher } : {}),
        ...(options.privateKeyPem ? { privateKeyPem: options.privateKeyPem } : {}),
        ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
      });
      this.ownIdentity = scep.identity;
    } else {
      this.ownIdentity = identityFromPkcs12(profile.identity.p12, profile.identity.password);
    }
    this.enrollment?.transport.close();
    const transport = new MdmTransport({
      checkInUrl: profile.mdm.checkInUrl,
      serverUrl: profile.mdm.serverUrl,
      ca,
      signMessage: profile.mdm.signMessage,
      identity: () => this.identity,
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    this.enrollment = { profile, transport };
    this.unenrolled = false;
    this.erased = false;
    this.tokenUpdated = false;
    const authenticate = await this.sendCheckin(authenticateMessage(this.facts, profile.mdm.topic));
    if (authenticate.status !== 200) throw new EnrollmentRejected('Authenticate', authenticate);
    this.token = randomBytes(32);
    this.magic = randomUUID().toUpperCase();
    this.unlock = this.platform !== 'macos' && (profile.mdm.accessRights & 4) !== 0 ? randomBytes(256) : undefined;
    const tokenUpdate = await this.sendTokenUpdate();
    if (tokenUpdate.status !== 200) throw new EnrollmentRejected('TokenUpdate', tokenUpdate);
    this.tokenUpdated = true;
    const record = installedProfileFrom(profile.plist, { managed: false, signerCertificatesDer: [pemToDer(profile.signerCertificatePem)] });
    this.state.profiles.set(record.identifier, record);
    return { profile, identity: this.identity, scep, authenticate, tokenUpdate };
  }

  /**
   * The user installs a .mobileconfig by hand (opened from a mail or a
   * download and confirmed in Settings): user-installed, not managed. A
   * managed profile with the same identifier is not replaced, as on iOS.
   */
  async installProfileByHand(mobileconfig: Uint8Array): Promise<void> {
    const decoded = await decodeMobileconfig(mobileconfig);
    const record = installedProfileFrom(decoded.profile, { managed: false, signerCertificatesDer: decoded.signed ? [pemToDer(decoded.signed.signerCertificatePem)] : [] });
    if (this.state.profiles.get(record.identifier)?.managed) throw new Error(`a managed profile ${record.identifier} is installed; the user cannot replace it`);
    this.state.profiles.set(record.identifier, record);
  }

  /** One command-channel session; sessions never overlap (a second call waits for the first). */
  connect(): Promise<ConnectLog> {
    const run = this.sessionQueue.then(() => this.runSession());
    this.sessionQueue = run.catch(() => undefined);
    return run;
  }

  /** The next `times` commands of this RequestType ('*': any) are answered with `status` instead of being run. */
  answerNext(requestType: string, status: ScriptedStatus, times = 1): void {
    this.script.answerNext(requestType, status, times);
  }

  /** Sends CheckOut, as a device does when the enrollment profile is removed, and stops being enrolled. */
  async checkOut(): Promise<HttpResult> {
    const response = await this.sendCheckin(checkOutMessage(this.facts, this.requireEnrollment().profile.mdm.topic));
    this.markUnenrolled();
    return response;
  }

  /** Another TokenUpdate, optionally with a new token and/or PushMagic (devices send these at any time). */
  renewTokenUpdate(options: { newToken?: boolean; newPushMagic?: boolean } = {}): Promise<HttpResult> {
    if (options.newToken) this.token = randomBytes(32);
    if (options.newPushMagic) this.magic = randomUUID().toUpperCase();
    return this.sendTokenUpdate();
  }

  /** PUTs any check-in dictionary (values undefined are dropped), signed as configured. */
  sendCheckin(message: Record<string, PlistValue | undefined>, options: { signature?: SignatureMode } = {}): Promise<HttpResult> {
    return this.sendRaw({ channel: 'checkin', body: encodePlist(message), ...options });
  }

  /** PUTs arbitrary bytes to CheckInURL or ServerURL, for bad-input tests. */
  sendRaw(request: RawRequest): Promise<HttpResult> {
    return this.requireEnrollment().transport.put(request.channel, request.body, {
      ...(request.contentType ? { contentType: request.contentType } : {}),
      ...(request.signature ? { signature: request.signature } : {}),
    });
  }

  /** Sign (or present in TLS) another device's identity from now on; null goes back to this device's own. */
  withIdentity(other: SimulatedDevice | DeviceIdentity | null): this {
    this.borrowedIdentity = other === null ? undefined : other instanceof SimulatedDevice ? other.identity : other;
    return this;
  }

  /** Connects each time the APNs test server receives {"mdm": PushMagic} for this device's token. */
  wakeOnPush(apns: ApnsPushSource, options: { pollTimeoutMs?: number; onSession?: (log: ConnectLog) => void; onError?: (error: unknown) => void } = {}): void {
    if (this.waker?.isRunning) throw new Error('already waking on push');
    this.waker = new PushWaker({
      source: apns,
      target: () => ({ token: this.pushToken, pushMagic: this.pushMagic }),
      shouldContinue: () => !this.unenrolled,
      onWake: async () => {
        try {
          // Connect first: an optional call would skip evaluating its argument when there is no listener.
          const log = await this.connect();
          options.onSession?.(log);
        } catch (error) {
          options.onError?.(error);
          throw error;
        }
      },
      ...(options.pollTimeoutMs ? { pollTimeoutMs: options.pollTimeoutMs } : {}),
    });
    this.waker.start();
  }

  async stopWaking(): Promise<void> {
    await this.waker?.stop();
  }

  /** Sessions started by pushes so far (pushes arriving during a session are coalesced into one more). */
  /** Matching pushes the waker received so far. */
  get pushCount(): number {
    return this.waker?.pushCount ?? 0;
  }

  get wakeCount(): number {
    return this.waker?.wakeCount ?? 0;
  }

  /** Closes kept-alive connections (the device can still enroll or connect again afterwards). */
  close(): void {
    this.enrollment?.transport.close();
  }

  private async runSession(): Promise<ConnectLog> {
    if (!this.enrolled) throw new Error('the device is not enrolled');
    const { transport } = this.requireEnrollment();
    const log = await runCommandSession({
      udid: this.udid,
      maxCommands: this.options.maxCommandsPerSession ?? 500,
      send: (report) => transport.put('server', encodePlist(report)),
      execute: async ({ requestType, command }) => this.script.take(requestType) ?? executeCommand(requestType, command, this.context()),
      stopAfterReport: () => this.state.pendingEffect !== undefined,
    });
    this.sessions.push(log);
    if (log.unenrolled) this.markUnenrolled();
    await this.applyPendingEffect();
    return log;
  }

  private async applyPendingEffect(): Promise<void> {
    const effect = this.state.pendingEffect;
    this.state.pendingEffect = undefined;
    if (effect === 'erase') {
      this.erased = true;
      this.state.apps.clear();
      this.markUnenrolled();
    } else if (effect === 'unenroll') {
      if (this.requireEnrollment().profile.mdm.checkOutWhenRemoved) {
        await this.sendCheckin(checkOutMessage(this.facts, this.requireEnrollment().profile.mdm.topic)).catch(() => undefined);
      }
      this.markUnenrolled();
    }
  }

  private markUnenrolled(): void {
    this.unenrolled = true;
    const identifier = this.enrollment?.profile.payloadIdentifier;
    if (identifier) this.state.profiles.delete(identifier);
    if (this.erased) this.state.profiles.clear();
  }

  private sendTokenUpdate(): Promise<HttpResult> {
    const { profile } = this.requireEnrollment();
    return this.sendCheckin(tokenUpdateMessage(this.facts, profile.mdm.topic, { token: this.token, pushMagic: this.magic, unlockToken: this.unlock }));
  }

  private context(): DeviceContext {
    const { profile } = this.requireEnrollment();
    return {
      platform: this.platform,
      supervised: this.supervised,
      accessRights: profile.mdm.accessRights,
      unlockToken: this.unlock,
      enrollmentProfileIdentifier: profile.payloadIdentifier,
      certificates: [
        { pem: this.identity.certificatePem, isIdentity: true },
        { pem: profile.rootCaPem, isIdentity: false },
      ],
      state: this.state,
    };
  }

  private requireEnrollment(): { profile: EnrollmentProfile; transport: MdmTransport } {
    if (!this.enrollment) throw new Error('the device has not installed an enrollment profile: call enroll() first');
    return this.enrollment;
  }
}

function uniquePems(pems: string[]): string[] {
  const seen = new Set<string>();
  return pems.filter((pem) => {
    const key = pemToDer(pem).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
