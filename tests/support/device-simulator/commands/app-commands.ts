import type { DeviceContext } from '../device-state';
import { acknowledged, DeviceErrors, failed, formatError, type CommandOutcome } from '../error-chain';
import { numberField, stringField, type PlistDict } from '../plist-codec';

/** InstallApplication: by iTunesStoreID, Identifier or (https) ManifestURL; the app shows up as managed right away. */
export function installApplication(command: PlistDict, device: DeviceContext): CommandOutcome {
  const storeId = numberField(command, 'iTunesStoreID');
  const manifestUrl = stringField(command, 'ManifestURL');
  let identifier = stringField(command, 'Identifier');
  if (manifestUrl !== undefined) {
    if (!/^https:\/\//i.test(manifestUrl)) return formatError('ManifestURL must be an https URL');
    identifier ??= `com.enterprise.${new URL(manifestUrl).pathname.split('/').pop()?.replace(/\W+/g, '') || 'app'}`;
  }
  if (storeId !== undefined) identifier ??= `com.appstore.app${storeId}`;
  if (!identifier) return formatError('InstallApplication needs iTunesStoreID, Identifier or ManifestURL');
  device.state.apps.set(identifier, { identifier, name: identifier.split('.').pop() ?? identifier, shortVersion: '1.0', version: '1', bundleSize: 52_428_800, managed: true });
  const prompts = device.platform !== 'macos' && !device.supervised;
  return acknowledged({ Identifier: identifier, State: prompts ? 'Prompting' : 'Installing' });
}

/** RemoveApplication: only apps MDM manages can be removed. */
export function removeApplication(command: PlistDict, device: DeviceContext): CommandOutcome {
  const identifier = stringField(command, 'Identifier');
  if (!identifier) return formatError('Identifier must be a string');
  const app = device.state.apps.get(identifier);
  if (!app?.managed) return failed(DeviceErrors.appNotManaged(identifier));
  device.state.apps.delete(identifier);
  return acknowledged();
}
