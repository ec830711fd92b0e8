import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../contract/errors';
import type { Page, PageRequest } from '../../../contract/paging';
import { mobileconfigType, type CreateProfileInput, type ProfileView, type UpdateProfileInput } from '../../../contract/profile-models';
import type { EventBus } from '../events/event-bus';
import { pageOfSortedIndex } from '../store/index-page';
import type { LanyardStore } from '../store/lanyard-store';
import type { StoredProfile, StoredProfileVersion } from '../store/schema';
import { supervisionNeeds, validateProfilePayloads } from '../../../contract/payload-validation';
import type { TaskQueue } from '../devices/task-queue';
import type { SecretBox } from '../secrets/secret-box';
import { KeyedThrottle } from '../system/keyed-throttle';
import { ProfileInstalls } from './profile-installs';
import { PlistJsonError } from './lossless-plist-json';
import { dotPayloadSecrets, KeptSecretError, maskPayloadSecrets, openPayloadSecrets, sealPayloadSecrets } from './payload-secrets';
import { ProfileDocumentError, profilePlist, readMobileconfig, sha256Hex, withPayloadIds } from './profile-document';

export interface ProfileServiceOptions {
  store: LanyardStore;
  events: EventBus;
  /** Signs a profile's plist with the office's profile-signing identity (CMS, content attached). */
  sign(plist: Buffer): Promise<Buffer>;
  /** Seals payload secrets and the versions that carry them, as the office keys are sealed. */
  secrets: SecretBox;
  /** The task queue, whose InstallProfile and ProfileList outcomes say which device has which version. */
  queue: TaskQueue;
  now?: () => Date;
}

/**
 * The profile library: configuration profiles built in Lanyard or imported
 * from a .mobileconfig, each change a new version whose signed file is kept
 * exactly as it is exported and sent. Events: `profiles.changed`, `profiles.removed`.
 */
export class ProfileService {
  readonly installs: ProfileInstalls;
  private readonly changes: KeyedThrottle;

  constructor(private readonly options: ProfileServiceOptions) {
    this.changes = new KeyedThrottle(250, (id) => {
      const profile = this.store.collection('profiles').get(id);
      if (profile) this.options.events.emit('profiles.changed', this.view(profile));
    });
    this.installs = new ProfileInstalls(options.store, options.queue, options.events, (id) => this.changes.touch(id), (id) => this.store.collection('profiles').get(id)?.identifier ?? null, () => this.now());
  }

  start(): void {
    this.installs.start();
  }

  stop(): void {
    this.installs.stop();
    this.changes.stop();
  }

  private get store() {
    return this.options.store;
  }

  private now(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  list(page: PageRequest): Page<ProfileView> {
    const profiles = this.store.collection('profiles');
    return pageOfSortedIndex(profiles, 'byName', page, { keyOf: (p: StoredProfile) => [p.name.toLowerCase(), p.id], view: (p) => this.view(p), total: profiles.size });
  }

  get(id: string): ProfileView {
    return this.view(this.stored(id));
  }

  stored(id: string, field = 'id'): StoredProfile {
    const profile = this.store.collection('profiles').get(id);
    if (!profile) throw new ApiError('not_found', `no profile with id ${id} in the library`, field);
    return profile;
  }

  async create(input: CreateProfileInput): Promise<ProfileView> {
    refuseInvalidPayloads(input.payloads);
    const at = this.now();
    return this.save(
      {
        id: randomUUID(),
        name: input.name,
        identifier: input.identifier,
        scope: input.scope,
        description: input.description,
        removalDisallowed: input.removalDisallowed,
        payloads: await this.sealed(withPayloadIds(input.identifier, input.payloads), []),
        extraKeys: {},
        payloadUuid: randomUUID().toUpperCase(),
        version: 1,
        source: 'built',
        createdAt: at,
        updatedAt: at,
      },
      null,
    );
  }

  /** The plist a draft becomes, checked as create checks it; nothing is stored or signed. */
  preview(input: CreateProfileInput): { plist: string } {
    refuseInvalidPayloads(input.payloads);
    try {
      return {
        plist: profilePlist({ ...input, payloads: dotPayloadSecrets(withPayloadIds(input.identifier, input.payloads)), extraKeys: {}, payloadUuid: '00000000-0000-0000-0000-000000000000' }),
      };
    } catch (error) {
      if (error instanceof PlistJsonError) throw new ApiError('bad_request', `payloads: ${error.message}`, 'payloads');
      throw error;
    }
  }

  async importProfile(content: Uint8Array): Promise<ProfileView> {
    let read;
    try {
      read = readMobileconfig(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
    } catch (error) {
      if (error instanceof ProfileDocumentError) throw new ApiError('bad_request', error.message, 'content');
      throw error;
    }
    const at = this.now();
    return this.save(
      {
        id: randomUUID(),
        name: read.name,
        identifier: read.identifier,
        scope: read.scope,
        description: read.description,
        removalDisallowed: read.removalDisallowed,
        payloads: await this.sealed(withPayloadIds(read.identifier, read.payloads as never), []),
        extraKeys: read.extraKeys,
        payloadUuid: read.payloadUuid,
        version: 1,
        source: read.signed ? 'imported-signed' : 'imported',
        createdAt: at,
        updatedAt: at,
      },
      null,
    );
  }

  /** A change of any field is a new version; sending the same values again changes nothing. */
  async update(input: UpdateProfileInput): Promise<{ profile: ProfileView; changed: boolean }> {
    const before = this.stored(input.id);
    const { id: _id, ...patch } = input;
    const identifier = patch.identifier ?? before.identifier;
    // Checked with the payload UUIDs the new version keeps, so a reference to a certificate payload sent without its UUID still holds.
    if (patch.payloads) refuseInvalidPayloads(withPayloadIds(identifier, patch.payloads, before.payloads));
    const next: StoredProfile = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
      identifier,
      payloads: patch.payloads ? withPayloadIds(identifier, patch.payloads, before.payloads) : before.payloads,
    };
    const sealed = await this.sealed(next.payloads, before.payloads);
    const open = (payloads: StoredProfile['payloads']) => openPayloadSecrets(payloads, (text) => this.options.secrets.open(text));
    const unchanged = profilePlist({ ...next, payloads: await open(sealed) }) === profilePlist({ ...before, payloads: await open(before.payloads) }) && next.name === before.name;
    if (unchanged) return { profile: this.view(before), changed: false };
    // A version of its own has a PayloadUUID of its own: the device's ProfileList then names the version it has.
    return { profile: await this.save({ ...next, payloads: sealed, payloadUuid: randomUUID().toUpperCase(), version: before.version + 1, updatedAt: this.now() }, before), changed: true };
  }

  async remove(id: string): Promise<StoredProfile> {
    const profile = this.stored(id);
    await this.store.update((tx) => {
      tx.delete('profiles', id);
      for (const version of this.store.collection('profileVersions').where('profileId', id)) tx.delete('profileVersions', version.id);
    });
    this.installs.forget(id);
    this.options.events.emit('profiles.removed', { id });
    return profile;
  }

  /** A version (the current one by default) as the signed file devices install. */
  async mobileconfig(id: string, version?: number): Promise<{ contentType: string; base64: string }> {
    const profile = this.stored(id);
    const wanted = version ?? profile.version;
    const stored = this.store.collection('profileVersions').get(`${id}/${wanted}`);
    if (!stored) throw new ApiError('not_found', `${profile.name} has no version ${wanted} (it is at version ${profile.version})`, 'version');
    return { contentType: mobileconfigType, base64: (await this.options.secrets.open(stored.sealedFile)).toString('base64') };
  }

  /** The profile's name and identifier, for summaries. */
  summary(id: string): { name: string; identifier: string } | null {
    const profile = this.store.collection('profiles').get(id);
    return profile ? { name: profile.name, identifier: profile.identifier } : null;
  }

  /** The current version and its unsigned plist, for a task that installs it (the MDM path signs what it sends). */
  async currentPlist(id: string): Promise<{ version: number; plist: string; supervision: { keys: string[]; only: boolean } } | null> {
    const profile = this.store.collection('profiles').get(id);
    const version = profile ? this.store.collection('profileVersions').get(`${id}/${profile.version}`) : undefined;
    if (!profile || !version) return null;
    return { version: version.version, plist: (await this.options.secrets.open(version.sealedPlist)).toString('utf8'), supervision: supervisionNeeds(profile.payloads) };
  }

  /** Enrolled devices that have some version of the profile (or one on its way). */
  devicesWith(id: string): string[] {
    this.stored(id);
    return this.installs.devicesWith(id);
  }

  /** Enrolled devices that have an older version of the profile than the library's, and none on its way. */
  outOfDateDevices(id: string): string[] {
    const profile = this.stored(id);
    return this.installs.outOfDateDevices(id, profile.version);
  }

  private async sealed(payloads: StoredProfile['payloads'], previous: StoredProfile['payloads']): Promise<StoredProfile['payloads']> {
    try {
      return await sealPayloadSecrets(payloads, previous, (plain) => this.options.secrets.seal(plain));
    } catch (error) {
      if (error instanceof KeptSecretError) throw new ApiError('bad_request', error.message, error.message.slice(0, error.message.indexOf(':')));
      throw error;
    }
  }

  /** A deleted profile as it was (its versions are gone with it). */
  viewOfRemoved(profile: StoredProfile): ProfileView {
    const { extraKeys: _extra, payloadUuid: _uuid, ...shown } = profile;
    return { ...shown, payloads: maskPayloadSecrets(profile.payloads) as ProfileView['payloads'], versions: [], devices: { versions: [], outOfDate: 0, installing: 0, failed: 0 } };
  }

  view(profile: StoredProfile): ProfileView {
    const versions = this.store
      .collection('profileVersions')
      .where('profileId', profile.id)
      .map((v) => ({ version: v.version, createdAt: v.createdAt, sha256: v.sha256, size: v.size }))
      .sort((a, b) => b.version - a.version);
    const { extraKeys: _extra, payloadUuid: _uuid, ...shown } = profile;
    return { ...shown, payloads: maskPayloadSecrets(profile.payloads) as ProfileView['payloads'], versions, devices: this.installs.onDevices(profile.id, profile.version) };
  }

  private async save(profile: StoredProfile, before: StoredProfile | null): Promise<ProfileView> {
    const holder = this.store.collection('profiles').by('identifier', profile.identifier);
    if (holder && holder.id !== profile.id) throw new ApiError('conflict', `the profile "${holder.name}" already has the identifier ${profile.identifier}; identifiers are unique`, 'identifier');
    let plist: string;
    try {
      plist = profilePlist({ ...profile, payloads: await openPayloadSecrets(profile.payloads, (text) => this.options.secrets.open(text)) });
    } catch (error) {
      if (error instanceof PlistJsonError) throw new ApiError('bad_request', `payloads: ${error.message}`, 'payloads');
      throw error;
    }
    const signed = await this.options.sign(Buffer.from(plist, 'utf8'));
    const version: StoredProfileVersion = {
      id: `${profile.id}/${profile.version}`,
      profileId: profile.id,
      version: profile.version,
      createdAt: profile.updatedAt,
      sha256: sha256Hex(signed),
      size: signed.length,
      payloadUuid: profile.payloadUuid,
      sealedPlist: await this.options.secrets.seal(Buffer.from(plist, 'utf8')),
      sealedFile: await this.options.secrets.seal(signed),
    };
    await this.store.update((tx) => {
      // Checked again as the change applies (signing awaited): two saves racing for one identifier or one profile cannot both win.
      const profiles = this.store.collection('profiles');
      const taken = profiles.by('identifier', profile.identifier);
      if (taken && taken.id !== profile.id) throw new ApiError('conflict', `the profile "${taken.name}" already has the identifier ${profile.identifier}; identifiers are unique`, 'identifier');
      if (before ? profiles.get(profile.id)?.version !== before.version : profiles.get(profile.id)) throw new ApiError('conflict', `${profile.name} was changed meanwhile; load it again`);
      tx.put('profiles', profile);
      tx.put('profileVersions', version);
    });
    const view = this.view(profile);
    this.options.events.emit('profiles.changed', view);
    return view;
  }
}

/** A payload of a type Apple's schema describes must match it, and the certificates it names must be in the profile: the first problem is refused, naming the key. */
function refuseInvalidPayloads(payloads: readonly Record<string, unknown>[]): void {
  validateProfilePayloads(payloads).forEach(([issue], index) => {
    if (issue) throw new ApiError('bad_request', `payloads.${index}.${issue.path}: ${issue.message}`, `payloads.${index}.${issue.path}`);
  });
}
