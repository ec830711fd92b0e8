import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { compareDeviceKeys, deviceSortKey } from '../../../contract/command-models';
import { Settings, type ActivityEntry } from '../../../contract/models';
import { compareKeyParts } from '../../../contract/paging';
import type { StoreImage } from './persistence';
import type { RecordStore, StoreDefinition, Transaction } from './record-store';
import { NewerSchemaError } from './store-errors';
import {
  StoredPki,
  StoredPushCertificate,
  StoredPushCsr,
  type ScepTransaction,
  type StoredAgentLogin,
  type StoredCommand,
  type StoredDevice,
  type StoredFile,
  type StoredDeployment,
  type StoredDeploymentRow,
  type StoredFleet,
  type StoredInvitation,
  type StoredBlueprint,
  type StoredBlueprintState,
  type StoredProfile,
  type StoredProfileInstall,
  type StoredProfileVersion,
} from './schema';
import { defaultFleetId } from '../../../contract/fleet-models';

/** The default fleet as a fresh store (or a migrated one) holds it. */
export function defaultFleet(createdAt: string): StoredFleet {
  return { id: defaultFleetId, name: 'Unassigned', createdAt };
}

/** Fleet names are unique regardless of case and accents. */
export const fleetNameKey = (name: string): string => name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Version 1 was the single lanyard.json document; 2 is the record store; 3 adds agents' MQTT logins; 4 puts agents among the devices and adds the file library; 5 adds fleets, blueprints, deployments and the profile library. */
export const currentSchemaVersion = 5;

export interface LanyardCollections {
  devices: StoredDevice;
  commands: StoredCommand;
  activity: ActivityEntry;
  invitations: StoredInvitation;
  scepTransactions: ScepTransaction;
  agentLogins: StoredAgentLogin;
  files: StoredFile;
  fleets: StoredFleet;
  deployments: StoredDeployment;
  deploymentRows: StoredDeploymentRow;
  profiles: StoredProfile;
  profileVersions: StoredProfileVersion;
  profileInstalls: StoredProfileInstall;
  blueprints: StoredBlueprint;
  blueprintStates: StoredBlueprintState;
}

export interface LanyardSingletons {
  installationId: string;
  settings: Settings;
  pki: StoredPki;
  push: StoredPushCertificate | null;
  pushCsr: StoredPushCsr | null;
}

export type LanyardStore = RecordStore<LanyardCollections, LanyardSingletons>;
export type LanyardTransaction = Transaction<LanyardCollections, LanyardSingletons>;

/** Command statuses still to be done; finished ones are history. */
export const openCommandStatuses: ReadonlySet<StoredCommand['status']> = new Set(['queued', 'sent', 'notnow', 'received']);

/**
 * Upgrades of a stored image, each from version N to N + 1. Add one whenever
 * a record or singleton changes in a way stored data would not fit.
 */
const imageMigrations: Record<number, (image: StoreImage) => StoreImage> = {
  // Version 1 (the single lanyard.json, read by legacy-document.ts) has the same records; only how they are kept changed.
  1: (image) => ({ ...image, schemaVersion: 2 }),
  // A new collection, empty until agents enrol.
  2: (image) => ({ ...image, schemaVersion: 3, collections: { ...image.collections, agentLogins: [] } }),
  // Devices gain their channel (every stored one is an Apple device) and agents' facts; tasks their agent message; files are new.
  3: (image) => ({
    ...image,
    schemaVersion: 4,
    collections: {
      ...image.collections,
      devices: (image.collections.devices ?? []).map(([key, device]) => [key, { channel: 'mdm', ...(device as object), agent: null }]),
      commands: (image.collections.commands ?? []).map(([key, command]) => [key, { ...(command as object), message: null }]),
      files: [],
    },
  }),
  // Every device joins the default fleet; invitations name no fleet; deployments and profiles are new.
  4: (image) => ({
    ...image,
    schemaVersion: 5,
    collections: {
      ...image.collections,
      devices: (image.collections.devices ?? []).map(([key, device]) => [key, { ...(device as object), fleetId: defaultFleetId }]),
      invitations: (image.collections.invitations ?? []).map(([key, invitation]) => [key, { ...(invitation as object), fleetId: null }]),
      fleets: [[defaultFleetId, defaultFleet(new Date().toISOString())]],
      deployments: [],
      deploymentRows: [],
      profiles: [],
      profileVersions: [],
      blueprints: [],
      blueprintStates: [],
      profileInstalls: [],
    },
  }),
};

export const lanyardStoreDefinition: StoreDefinition<LanyardCollections, LanyardSingletons> = {
  schemaVersion: currentSchemaVersion,
  collections: {
    devices: {
      key: 'id',
      indexes: {
        udid: { unique: true, of: (d) => d.udid },
        enrollmentStatus: { of: (d) => d.enrollmentStatus },
        // Devices still managed, by fleet (removed ones belong to no fleet's list or count).
        fleetId: { of: (d) => (d.enrollmentStatus === 'removed' ? null : d.fleetId) },
      },
      sorted: { byName: { of: deviceSortKey, compare: compareDeviceKeys } },
    },
    commands: {
      key: 'uuid',
      indexes: {
        deviceId: { of: (c) => c.deviceId },
        openByDevice: { of: (c) => (openCommandStatuses.has(c.status) ? c.deviceId : null) },
      },
    },
    activity: {
      key: 'id',
      indexes: { subjectId: { of: (a) => a.subject?.id ?? null } },
      sorted: { byTime: { of: (a) => [a.at, a.id], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) } },
    },
    invitations: { key: 'id', indexes: { tokenHash: { unique: true, of: (i) => i.tokenHash }, fleetId: { of: (i) => i.fleetId } } },
    scepTransactions: { key: 'transactionId' },
    agentLogins: {
      key: 'username',
      indexes: {
        agentId: { unique: true, of: (l) => l.agentId },
        serial: { unique: true, of: (l) => l.serial },
      },
    },
    fleets: {
      key: 'id',
      indexes: { nameKey: { unique: true, of: (f) => fleetNameKey(f.name) } },
      // The default fleet first, then by name.
      sorted: { byName: { of: (f) => [f.id === defaultFleetId ? 0 : 1, fleetNameKey(f.name), f.id], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) || compareKeyParts(a[2], b[2]) } },
    },
    deployments: { key: 'id', sorted: { byStart: { of: (d) => [d.startedAt, d.id], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) } } },
    deploymentRows: {
      key: 'id',
      indexes: {
        deploymentId: { of: (r) => r.deploymentId },
        deploymentStatus: { of: (r) => `${r.deploymentId}|${r.status}` },
        commandUuid: { unique: true, of: (r) => r.commandUuid },
      },
    },
    profiles: {
      key: 'id',
      indexes: { identifier: { unique: true, of: (p) => p.identifier } },
      sorted: { byName: { of: (p) => [p.name.toLowerCase(), p.id], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) } },
    },
    profileVersions: { key: 'id', indexes: { profileId: { of: (v) => v.profileId } } },
    profileInstalls: {
      key: 'id',
      indexes: { profileId: { of: (i) => i.profileId }, deviceId: { of: (i) => i.deviceId }, taskUuid: { unique: true, of: (i) => i.taskUuid } },
    },
    blueprints: { key: 'id' },
    blueprintStates: {
      key: 'id',
      indexes: {
        deviceId: { of: (s) => s.deviceId },
        taskUuid: { unique: true, of: (s) => s.taskUuid },
        fleetKeyState: { of: (s) => `${s.fleetId}|${s.key}|${s.state}` },
        fleetState: { of: (s) => `${s.fleetId}|${s.state}` },
      },
    },
    files: { key: 'id', sorted: { byName: { of: (f) => [f.name, f.id], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) } } },
  },
  singletons: {
    installationId: z.string().min(1),
    settings: Settings,
    pki: StoredPki,
    push: StoredPushCertificate.nullable(),
    pushCsr: StoredPushCsr.nullable(),
  },
  migrate(image) {
    if (image.schemaVersion > currentSchemaVersion) throw new NewerSchemaError('its stored data', image.schemaVersion, currentSchemaVersion);
    let current = image;
    while (current.schemaVersion < currentSchemaVersion) {
      const step = imageMigrations[current.schemaVersion];
      if (!step) throw new Error(`no migration from schema version ${current.schemaVersion}`);
      current = step(current);
    }
    return current;
  },
};

/** The image of a store that has never been used. */
export function freshImage(settings: Settings): StoreImage {
  const singletons: LanyardSingletons = {
    installationId: randomUUID(),
    settings,
    pki: { ca: null, profileSigner: null, tls: null, sealedChallengeKey: null },
    push: null,
    pushCsr: null,
  };
  const collections: StoreImage['collections'] = {};
  for (const name of Object.keys(lanyardStoreDefinition.collections)) collections[name] = [];
  collections.fleets = [[defaultFleetId, defaultFleet(new Date().toISOString())]];
  return { schemaVersion: currentSchemaVersion, singletons: singletons as unknown as Record<string, unknown>, collections };
}
