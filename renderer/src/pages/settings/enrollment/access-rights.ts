import { accessRightBits, allAccessRights } from '../../../../../contract/enrollment-models';

export type AccessRightKey = keyof typeof accessRightBits;

export interface AccessRightChoice {
  key: AccessRightKey;
  bit: number;
  /** Apple's name for the right (Configuration Profile Reference, MDM payload AccessRights). */
  label: string;
  /** What Lanyard does with it. */
  hint: string;
}

const choice = (key: AccessRightKey, label: string, hint: string): AccessRightChoice => ({ key, bit: accessRightBits[key], label, hint });

export const accessRightGroups: { title: string; rights: AccessRightChoice[] }[] = [
  {
    title: 'Profiles',
    rights: [
      choice('inspectProfiles', 'Allow inspection of installed configuration profiles', 'Lists profiles in the device inventory.'),
      choice('installRemoveProfiles', 'Allow installation and removal of configuration profiles', 'Install profile and Remove profile.'),
      choice('inspectProvisioningProfiles', 'Allow inspection of installed provisioning profiles', 'For in-house apps.'),
      choice('installProvisioningProfiles', 'Allow installation and removal of provisioning profiles', 'For in-house apps.'),
    ],
  },
  {
    title: 'Information',
    rights: [
      choice('deviceInformation', 'Allow query of device information', 'Name, model, capacity, battery: the device inventory.'),
      choice('networkInformation', 'Allow query of network information', 'MAC addresses, phone and SIM numbers.'),
      choice('securityQueries', 'Allow security-related queries', 'Passcode and encryption state.'),
      choice('restrictionQueries', 'Allow restriction-related queries', 'Which restrictions apply.'),
    ],
  },
  {
    title: 'Actions',
    rights: [
      choice('lockAndPasscode', 'Allow device lock and passcode removal', 'Lock and Clear passcode.'),
      choice('erase', 'Allow device erase', 'Erase.'),
      choice('settings', 'Allow manipulation of settings', 'Rename and other settings.'),
    ],
  },
  {
    title: 'Apps',
    rights: [
      choice('appInventory', 'Allow inspection of installed applications', 'Lists apps in the device inventory.'),
      choice('appManagement', 'Allow app management', 'Install app and Remove app.'),
    ],
  },
];

/** Apple's dependencies: a right on the left needs the one on the right. */
export const rightDependencies: readonly [dependent: number, needed: number][] = [
  [accessRightBits.installRemoveProfiles, accessRightBits.inspectProfiles],
  [accessRightBits.installProvisioningProfiles, accessRightBits.inspectProvisioningProfiles],
];

/**
 * Turns a right on or off and keeps Apple's rules: turning one on turns on
 * what it needs; turning one off turns off what needs it.
 */
export function toggleRight(value: number, bit: number, on: boolean): number {
  let next = on ? value | bit : value & ~bit;
  for (const [dependent, needed] of rightDependencies) {
    if (on && bit === dependent) next |= needed;
    if (!on && bit === needed) next &= ~dependent;
  }
  return next & allAccessRights;
}

/** Why a checked right cannot be turned off on its own, for its hint. */
export function neededBy(value: number, bit: number): AccessRightChoice | null {
  const dependent = rightDependencies.find(([d, needed]) => needed === bit && (value & d) !== 0)?.[0];
  if (dependent === undefined) return null;
  return accessRightGroups.flatMap((g) => g.rights).find((r) => r.bit === dependent) ?? null;
}
