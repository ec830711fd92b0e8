import { ApiError } from '../../../contract/errors';
import type { LiveClient } from '../client/live-client';
import { activityQuery, withFirstPage, withNextPage } from './activity-view';
import { emptyOpenDeployment, newestDeploymentFirst } from './deployment-view';
import { emptyDeviceView, mergedCommands } from './device-view';
import { errorText } from './error-text';
import type { LanyardState, LanyardStore } from './lanyard-store';
import { keyedList } from './keyed-list';
import { allPages } from './paging';
import { deviceOrder, fileOrder, fleetOrder, newestInvitationFirst, profileOrder } from './server-lists';
import { emptySubjectLog } from './subject-log';

/** How many steps of one invitation its page shows. */
export const subjectLogSize = 200;

/** How many of the newest deployments the pages keep (older ones are finished history). */
export const recentDeployments = 200;

/** How many device rows of one deployment its page shows at a time. */
export const deploymentRowsPage = 500;

/** The biggest page the contract allows: whole lists are loaded in as few calls as possible. */
const listPageSize = 500;

type OpenDeploymentStatus = LanyardState['deployment']['status'];

/**
 * Fills the store from calls. Each kind of load carries a sequence number
 * so an answer that arrives after a newer request started is dropped.
 */
export class Hydrator {
  private hydration = 0;
  private activityLoad = 0;
  private readonly runs = new Map<string, number>();
  private readonly inFlight = new Map<string, { again: boolean; done: Promise<void> }>();
  /** Devices removed while the device list was loading: its pages may still carry them. */
  private removedWhileLoading: Set<string> | null = null;

  constructor(
    private readonly store: LanyardStore,
    private readonly client: LiveClient,
  ) {}

  /** Everything the pages show: at start, after sign-in and after every reconnect. */
  async hydrate(): Promise<void> {
    if (this.store.getState().auth !== 'ok') return;
    const run = ++this.hydration;
    try {
      const [status, settings] = await Promise.all([this.client.call('system.status', {}), this.client.call('settings.get', {})]);
      if (run !== this.hydration) return;
      this.store.setState({ status, settings, load: { state: 'ready', error: null } });
    } catch (error) {
      if (run !== this.hydration) return;
      if (error instanceof ApiError && error.code === 'unauthorized') return;
      // Keep showing what we had: a reconnect will try again.
      if (this.store.getState().load.state !== 'ready') this.store.setState({ load: { state: 'failed', error: errorText(error) } });
      return;
    }
    await Promise.all([
      this.reloadActivity(),
      this.loadInvitations(),
      this.loadPush(),
      this.loadPki(),
      this.loadDevices(),
      this.loadFiles(),
      this.loadFleets(),
      this.loadProfiles(),
      this.reloadBlueprint(),
      this.loadDeployments(),
      this.reloadDeployment(),
      this.reloadDevice(),
      this.reloadSubjectLog(),
    ]);
  }

  async refreshStatus(): Promise<void> {
    const status = await this.client.call('system.status', {});
    this.store.setState({ status });
  }

  /** Runs a load so that only the answer to the latest request of its kind is kept. */
  private async latest<T>(kind: string, load: () => Promise<T>, keep: (value: T) => void, failed: (message: string, error: unknown) => void): Promise<void> {
    const run = (this.runs.get(kind) ?? 0) + 1;
    this.runs.set(kind, run);
    try {
      const value = await load();
      if (this.runs.get(kind) === run) keep(value);
    } catch (error) {
      if (this.runs.get(kind) === run) failed(errorText(error), error);
    }
  }

  /**
   * Runs `refresh` now, or once more after the run in progress when asked
   * again meanwhile: a burst of events costs at most two requests.
   */
  private coalesce(kind: string, refresh: () => Promise<void>): Promise<void> {
    const current = this.inFlight.get(kind);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await refresh();
        } while (entry.again);
      } finally {
        this.inFlight.delete(kind);
      }
    })();
    this.inFlight.set(kind, entry);
    return entry.done;
  }

  loadInvitations(): Promise<void> {
    return this.latest(
      'invitations',
      () => this.client.call('invitations.list', {}),
      (items) => this.store.setState({ invitations: { items: [...items].sort(newestInvitationFirst), loaded: true, error: null } }),
      (error) => this.store.setState((s) => ({ invitations: { ...s.invitations, error } })),
    );
  }

  loadFiles(): Promise<void> {
    return this.latest(
      'files',
      () => allPages((cursor) => this.client.call('files.list', { limit: listPageSize, ...(cursor ? { cursor } : {}) })),
      ({ items }) => this.store.setState({ files: { items: [...items].sort(fileOrder), loaded: true, error: null } }),
      (error) => this.store.setState((s) => ({ files: { ...s.files, error } })),
    );
  }

  loadPush(): Promise<void> {
    return this.latest(
      'push',
      () => this.client.call('push.status', {}),
      (value) => this.store.setState({ push: { value, error: null } }),
      (error) => this.store.setState((s) => ({ push: { ...s.push, error } })),
    );
  }

  loadPki(): Promise<void> {
    return this.latest(
      'pki',
      () => this.client.call('pki.status', {}),
      (value) => this.store.setState({ pki: { value, error: null } }),
      (error) => this.store.setState((s) => ({ pki: { ...s.pki, error } })),
    );
  }

  loadFleets(): Promise<void> {
    return this.latest(
      'fleets',
      () => allPages((cursor) => this.client.call('fleets.list', { limit: listPageSize, ...(cursor ? { cursor } : {}) })),
      ({ items }) => this.store.setState({ fleets: keyedList(items, fleetOrder) }),
      (error) => this.store.setState((s) => ({ fleets: { ...s.fleets, error } })),
    );
  }

  loadProfiles(): Promise<void> {
    return this.latest(
      'profiles',
      () => allPages((cursor) => this.client.call('profiles.list', { limit: listPageSize, ...(cursor ? { cursor } : {}) })),
      ({ items }) => this.store.setState({ profiles: keyedList(items, profileOrder) }),
      (error) => this.store.setState((s) => ({ profiles: { ...s.profiles, error } })),
    );
  }

  /** Starts showing one fleet's blueprint, live until closed. */
  async openBlueprint(fleetId: string): Promise<void> {
    if (this.store.getState().blueprint.fleetId !== fleetId) this.store.setState({ blueprint: { fleetId, view: null, error: null } });
    await this.reloadBlueprint();
  }

  closeBlueprint(fleetId: string): void {
    if (this.store.getState().blueprint.fleetId !== fleetId) return;
    this.runs.set('blueprint', (this.runs.get('blueprint') ?? 0) + 1);
    this.store.setState({ blueprint: { fleetId: null, view: null, error: null } });
  }

  reloadBlueprint(): Promise<void> {
    const { fleetId } = this.store.getState().blueprint;
    if (!fleetId) return Promise.resolve();
    const isOpen = () => this.store.getState().blueprint.fleetId === fleetId;
    return this.latest(
      'blueprint',
      () => this.client.call('fleets.blueprint', { id: fleetId }),
      (view) => {
        if (isOpen()) this.store.setState({ blueprint: { fleetId, view, error: null } });
      },
      (error) => {
        if (isOpen()) this.store.setState((s) => ({ blueprint: { ...s.blueprint, error } }));
      },
    );
  }

  loadDeployments(): Promise<void> {
    return this.latest(
      'deployments',
      () => this.client.call('deployments.list', { limit: recentDeployments }),
      ({ items }) => this.store.setState({ deployments: keyedList(items, newestDeploymentFirst) }),
      (error) => this.store.setState((s) => ({ deployments: { ...s.deployments, error } })),
    );
  }

  /** Starts showing one deployment: its progress and its devices (only those with `status`, if given). */
  async openDeployment(id: string, status: OpenDeploymentStatus = null): Promise<void> {
    const open = this.store.getState().deployment;
    if (open.id !== id) this.store.setState({ deployment: { ...emptyOpenDeployment, id, status } });
    else if (open.status !== status) this.store.setState({ deployment: { ...open, status } });
    await this.reloadDeployment();
  }

  closeDeployment(id: string): void {
    if (this.store.getState().deployment.id !== id) return;
    this.runs.set('deployment', (this.runs.get('deployment') ?? 0) + 1);
    this.store.setState({ deployment: emptyOpenDeployment });
  }

  reloadDeployment(): Promise<void> {
    const { id, status } = this.store.getState().deployment;
    if (!id) return Promise.resolve();
    const isOpen = () => this.store.getState().deployment.id === id && this.store.getState().deployment.status === status;
    return this.latest(
      'deployment',
      () => this.client.call('deployments.get', { id, limit: deploymentRowsPage, ...(status ? { status } : {}) }),
      (detail) => {
        if (isOpen()) this.store.setState((s) => ({ deployment: { ...s.deployment, detail, loaded: true, missing: false, error: null } }));
      },
      (message, error) => {
        if (!isOpen()) return;
        const missing = error instanceof ApiError && error.code === 'not_found';
        this.store.setState((s) => ({ deployment: { ...s.deployment, loaded: true, missing, error: missing ? null : message } }));
      },
    );
  }

  /** After a deployments.changed for the open deployment: its rows again, bursts coalesced. */
  deploymentChanged(id: string): void {
    if (this.store.getState().deployment.id !== id) return;
    void this.coalesce(`deployment:${id}`, () => (this.store.getState().deployment.id === id ? this.reloadDeployment() : Promise.resolve()));
  }

  /** Every page of devices.list (events keep it current after that). */
  async loadDevices(): Promise<void> {
    const removed = new Set<string>();
    this.removedWhileLoading = removed;
    await this.latest(
      'devices',
      () => allPages((cursor) => this.client.call('devices.list', { limit: listPageSize, ...(cursor ? { cursor } : {}) })),
      ({ items }) => this.store.setState({ devices: keyedList(removed.size ? items.filter((d) => !removed.has(d.id)) : items, deviceOrder) }),
      (error) => this.store.setState((s) => ({ devices: { ...s.devices, error } })),
    );
    if (this.removedWhileLoading === removed) this.removedWhileLoading = null;
  }

  /** After a devices.removed: a device list still loading must not bring it back. */
  deviceRemoved(id: string): void {
    this.removedWhileLoading?.add(id);
  }

  /** Starts showing one device: its detail and its commands. */
  async openDevice(id: string): Promise<void> {
    if (this.store.getState().device.id !== id) this.store.setState({ device: { ...emptyDeviceView, id } });
    await this.reloadDevice();
  }

  closeDevice(id: string): void {
    if (this.store.getState().device.id !== id) return;
    this.runs.set('device', (this.runs.get('device') ?? 0) + 1);
    this.runs.set('commands', (this.runs.get('commands') ?? 0) + 1);
    this.store.setState({ device: emptyDeviceView });
  }

  /** The open device's detail and commands again (after a reconnect). */
  async reloadDevice(): Promise<void> {
    const id = this.store.getState().device.id;
    if (!id) return;
    await Promise.all([this.refreshDeviceDetail(id), this.refreshCommands(id)]);
  }

  /** The open device's detail again: a devices.changed summary does not carry inventory. */
  refreshDeviceDetail(id: string): Promise<void> {
    const isOpen = () => this.store.getState().device.id === id;
    return this.latest(
      'device',
      () => this.client.call('devices.get', { id }),
      (detail) => {
        if (isOpen()) this.store.setState((s) => ({ device: { ...s.device, detail, loaded: true, missing: false, error: null } }));
      },
      (message, error) => {
        if (!isOpen()) return;
        const missing = error instanceof ApiError && error.code === 'not_found';
        this.store.setState((s) => ({ device: { ...s.device, loaded: true, missing, error: missing ? null : message } }));
      },
    );
  }

  /** Invitation URLs follow the address settings and their blocked reason the push certificate: both change without an invitations.changed. */
  invitationsStale(): void {
    if (this.store.getState().invitations.loaded) void this.coalesce('invitations', () => this.loadInvitations());
  }

  /** Whether the TLS certificate covers the device address changes with the settings. */
  pkiStale(): void {
    if (this.store.getState().pki.value) void this.coalesce('pki', () => this.loadPki());
  }

  /** After a devices.changed for the open device; bursts of events are coalesced. */
  deviceChanged(id: string): void {
    if (this.store.getState().device.id !== id) return;
    void this.coalesce(`device:${id}`, () => (this.store.getState().device.id === id ? this.refreshDeviceDetail(id) : Promise.resolve()));
  }

  refreshCommands(id: string): Promise<void> {
    const isOpen = () => this.store.getState().device.id === id;
    return this.latest(
      'commands',
      () => allPages((cursor) => this.client.call('commands.list', { id, limit: listPageSize, ...(cursor ? { cursor } : {}) })),
      ({ items }) => {
        if (isOpen()) this.store.setState((s) => ({ device: { ...s.device, commands: mergedCommands(s.device.commands, items), commandsLoaded: true } }));
      },
      (error) => {
        if (isOpen()) this.store.setState((s) => ({ device: { ...s.device, error: s.device.error ?? error } }));
      },
    );
  }

  /** Starts showing the activity of one subject (an invitation's steps), live from now on. */
  async openSubjectLog(subjectId: string): Promise<void> {
    if (this.store.getState().subjectLog.subjectId !== subjectId) this.store.setState({ subjectLog: { subjectId, view: emptySubjectLog.view } });
    await this.reloadSubjectLog();
  }

  closeSubjectLog(subjectId: string): void {
    if (this.store.getState().subjectLog.subjectId !== subjectId) return;
    this.runs.set('subjectLog', (this.runs.get('subjectLog') ?? 0) + 1);
    this.store.setState({ subjectLog: emptySubjectLog });
  }

  reloadSubjectLog(): Promise<void> {
    const subjectId = this.store.getState().subjectLog.subjectId;
    if (!subjectId) return Promise.resolve();
    const isOpen = () => this.store.getState().subjectLog.subjectId === subjectId;
    this.store.setState((s) => ({ subjectLog: { ...s.subjectLog, view: { ...s.subjectLog.view, loading: 'first', pendingLive: [] } } }));
    return this.latest(
      'subjectLog',
      () => this.client.call('activity.list', { subjectId, limit: subjectLogSize }),
      (page) => {
        if (isOpen()) this.store.setState((s) => ({ subjectLog: { ...s.subjectLog, view: withFirstPage(s.subjectLog.view, page) } }));
      },
      (error) => {
        if (isOpen()) this.store.setState((s) => ({ subjectLog: { ...s.subjectLog, view: { ...s.subjectLog.view, loading: null, error } } }));
      },
    );
  }

  /** The first page for the current filters, replacing what was loaded. */
  async reloadActivity(): Promise<void> {
    const run = ++this.activityLoad;
    const { filters } = this.store.getState().activity;
    this.store.setState((s) => ({ activity: { ...s.activity, loading: 'first', pendingLive: [] } }));
    try {
      const page = await this.client.call('activity.list', activityQuery(filters));
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: withFirstPage(s.activity, page) }));
    } catch (error) {
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: { ...s.activity, loading: null, error: errorText(error) } }));
    }
  }

  /** The next older page, appended. */
  async loadMoreActivity(): Promise<void> {
    const { activity } = this.store.getState();
    if (!activity.nextCursor || activity.loading) return;
    const run = ++this.activityLoad;
    this.store.setState((s) => ({ activity: { ...s.activity, loading: 'more' } }));
    try {
      const page = await this.client.call('activity.list', activityQuery(activity.filters, activity.nextCursor));
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: withNextPage(s.activity, page) }));
    } catch (error) {
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: { ...s.activity, loading: null, error: errorText(error) } }));
    }
  }
}
