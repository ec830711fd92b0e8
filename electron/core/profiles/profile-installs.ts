import type { CommandView } from '../../../contract/command-models';
import type { ProfileOnDevice } from '../../../contract/profile-models';
import type { EventBus } from '../events/event-bus';
import { commandView } from '../devices/device-views';
import { taskErrorText } from '../devices/task-error-text';
import type { TaskQueue } from '../devices/task-queue';
import type { LanyardStore } from '../store/lanyard-store';
import type { StoredCommand, StoredProfileInstall } from '../store/schema';

export interface ProfileOnDevices {
  /** Devices by the version they have; versions newest first. */
  versions: { version: number; devices: number }[];
  /** Devices that have an older version than the library's. */
  outOfDate: number;
  /** Devices an install is on its way to. */
  installing: number;
  failed: number;
}

/**
 * Which version of each library profile each device has: an InstallProfile
 * Lanyard sends for a library profile is noted with its version before it is
 * stored; the device's acknowledgement makes that version installed, an
 * error records why; a ProfileList from the device says which version it
 * has (by the version's own PayloadUUID) and forgets a profile it no longer
 * lists (removed by Lanyard or by the user).
 */
export class ProfileInstalls {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly store: LanyardStore,
    private readonly queue: TaskQueue,
    private readonly events: EventBus,
    private readonly changed: (profileId: string) => void,
    private readonly identifierOf: (profileId: string) => string | null,
    private readonly now: () => string,
  ) {}

  start(): void {
    // Installs that finished while Lanyard was stopping, and notes whose task was never stored (a stop between the two).
    for (const install of [...this.store.collection('profileInstalls').values()]) {
      if (!install.taskUuid) continue;
      const task = this.queue.get(install.taskUuid);
      if (task) this.follow(commandView(task));
      else this.store.touch((tx) => tx.put('profileInstalls', { ...install, pendingVersion: null, taskUuid: null, updatedAt: this.now() }));
    }
    this.unsubscribe.push(this.events.on('commands.changed', (command) => this.follow(command)));
  }

  stop(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
  }

  /** An InstallProfile for `version` of a library profile is about to be stored for the device. */
  async noteTask(deviceId: string, profileId: string, version: number, task: Pick<StoredCommand, 'uuid'>): Promise<void> {
    const id = `${deviceId}|${profileId}`;
    const before = this.store.collection('profileInstalls').get(id);
    const install: StoredProfileInstall = { id, deviceId, profileId, installedVersion: before?.installedVersion ?? null, pendingVersion: version, taskUuid: task.uuid, failure: null, updatedAt: this.now() };
    await this.store.update((tx) => tx.put('profileInstalls', install));
  }

  onDevices(profileId: string, currentVersion: number): ProfileOnDevices {
    const devices = this.store.collection('devices');
    const installs = this.store
      .collection('profileInstalls')
      .where('profileId', profileId)
      .filter((install) => devices.get(install.deviceId)?.enrollmentStatus === 'enrolled');
    const byVersion = new Map<number, number>();
    for (const install of installs) if (install.installedVersion !== null) byVersion.set(install.installedVersion, (byVersion.get(install.installedVersion) ?? 0) + 1);
    return {
      versions: [...byVersion].map(([version, count]) => ({ version, devices: count })).sort((a, b) => b.version - a.version),
      outOfDate: installs.filter((install) => install.installedVersion !== null && install.installedVersion < currentVersion && install.pendingVersion !== currentVersion).length,
      installing: installs.filter((install) => install.pendingVersion !== null).length,
      failed: installs.filter((install) => install.failure !== null).length,
    };
  }

  /** The library profiles one device has or is getting, by name. */
  onDevice(deviceId: string): ProfileOnDevice[] {
    const profiles = this.store.collection('profiles');
    return this.store
      .collection('profileInstalls')
      .where('deviceId', deviceId)
      .flatMap((install) => {
        const profile = profiles.get(install.profileId);
        if (!profile || (install.installedVersion === null && install.pendingVersion === null && install.failure === null)) return [];
        return [{ profileId: profile.id, name: profile.name, identifier: profile.identifier, installedVersion: install.installedVersion, libraryVersion: profile.version, pendingVersion: install.pendingVersion, failure: install.failure }];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Enrolled devices that have an older version and no install of the current one on its way. */
  outOfDateDevices(profileId: string, currentVersion: number): string[] {
    const devices = this.store.collection('devices');
    return this.store
      .collection('profileInstalls')
      .where('profileId', profileId)
      .filter((install) => install.installedVersion !== null && install.installedVersion < currentVersion && install.pendingVersion !== currentVersion && devices.get(install.deviceId)?.enrollmentStatus === 'enrolled')
      .map((install) => install.deviceId);
  }

  /** Enrolled devices that have the profile, or an install of it on its way. */
  devicesWith(profileId: string): string[] {
    const devices = this.store.collection('devices');
    return this.store
      .collection('profileInstalls')
      .where('profileId', profileId)
      .filter((install) => (install.installedVersion !== null || install.pendingVersion !== null) && devices.get(install.deviceId)?.enrollmentStatus === 'enrolled')
      .map((install) => install.deviceId);
  }

  /** The profile left the library: what devices had of it is no longer tracked. */
  forget(profileId: string): void {
    const installs = this.store.collection('profileInstalls').where('profileId', profileId);
    if (installs.length > 0) this.store.touch((tx) => installs.forEach((install) => tx.delete('profileInstalls', install.id)));
  }

  private follow(command: CommandView): void {
    if (command.requestType === 'ProfileList' && command.status === 'acknowledged') return this.readProfileList(command);
    const install = this.store.collection('profileInstalls').by('taskUuid', command.commandUuid);
    if (!install) return;
    const at = this.now();
    if (command.status === 'acknowledged') {
      this.store.touch((tx) => tx.put('profileInstalls', { ...install, installedVersion: install.pendingVersion, pendingVersion: null, taskUuid: null, failure: null, updatedAt: at }));
    } else if (['error', 'format-error', 'cancelled', 'expired', 'failed'].includes(command.status)) {
      const reason = taskErrorText(command) ?? command.status;
      this.store.touch((tx) => tx.put('profileInstalls', { ...install, pendingVersion: null, taskUuid: null, failure: String(reason), updatedAt: at }));
    } else return;
    this.changed(install.profileId);
  }

  /**
   * The device's own list of its profiles. Each version of a library profile
   * has its own top-level PayloadUUID, so the list says which version the
   * device has, however it got there (an InstallProfile whose answer was lost,
   * a profile the user installed from an exported file). A library profile it
   * no longer lists is forgotten, unless an install of it is on its way.
   */
  private readProfileList(command: CommandView): void {
    const device = this.store.collection('devices').get(command.deviceId);
    if (!device) return;
    const listed = new Map<string, unknown>();
    for (const entry of device.profiles ?? []) {
      const { PayloadIdentifier: identifier, PayloadUUID: uuid } = entry as { PayloadIdentifier?: unknown; PayloadUUID?: unknown };
      if (typeof identifier === 'string') listed.set(identifier, uuid);
    }
    const installs = this.store.collection('profileInstalls');
    const gone = installs
      .where('deviceId', device.id)
      .filter((install) => install.pendingVersion === null && install.installedVersion !== null && !listed.has(this.identifierOf(install.profileId) ?? ''));
    const at = this.now();
    const seen: StoredProfileInstall[] = [];
    for (const [identifier, uuid] of listed) {
      const profile = this.store.collection('profiles').by('identifier', identifier);
      const version = profile && typeof uuid === 'string' ? this.store.collection('profileVersions').where('profileId', profile.id).find((v) => v.payloadUuid === uuid)?.version : undefined;
      if (!profile || version === undefined) continue;
      const id = `${device.id}|${profile.id}`;
      const before = installs.get(id);
      const landed = before?.pendingVersion === version;
      if (before?.installedVersion === version && !landed) continue;
      seen.push({
        id,
        deviceId: device.id,
        profileId: profile.id,
        installedVersion: version,
        pendingVersion: landed ? null : (before?.pendingVersion ?? null),
        taskUuid: landed ? null : (before?.taskUuid ?? null),
        failure: landed ? null : (before?.failure ?? null),
        updatedAt: at,
      });
    }
    if (gone.length === 0 && seen.length === 0) return;
    this.store.touch((tx) => {
      gone.forEach((install) => tx.delete('profileInstalls', install.id));
      seen.forEach((install) => tx.put('profileInstalls', install));
    });
    for (const install of [...gone, ...seen]) this.changed(install.profileId);
  }
}
