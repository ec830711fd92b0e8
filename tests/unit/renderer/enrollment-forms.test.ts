import { describe, expect, it } from 'vitest';
import { AccessRights, accessRightBits, allAccessRights } from '../../../contract/enrollment-models';
import { accessRightGroups, neededBy, toggleRight } from '../../../renderer/src/pages/settings/enrollment/access-rights';
import { checkInvitationDraft, emptyInvitationDraft } from '../../../renderer/src/pages/invitations/invitation-form';

describe('access rights in the enrollment settings', () => {
  it('offers every one of Apple’s bits once', () => {
    const bits = accessRightGroups.flatMap((group) => group.rights.map((right) => right.bit));
    expect(bits.reduce((sum, bit) => sum + bit, 0)).toBe(allAccessRights);
    expect(new Set(bits).size).toBe(Object.keys(accessRightBits).length);
  });

  it('turns on what a right needs, and off what needs a right', () => {
    const none = 16;
    expect(toggleRight(none, accessRightBits.installRemoveProfiles, true)).toBe(16 | 2 | 1);
    expect(toggleRight(none, accessRightBits.installProvisioningProfiles, true)).toBe(16 | 128 | 64);
    expect(toggleRight(allAccessRights, accessRightBits.inspectProfiles, false)).toBe(allAccessRights - 1 - 2);
    expect(toggleRight(allAccessRights, accessRightBits.inspectProvisioningProfiles, false)).toBe(allAccessRights - 64 - 128);
    expect(toggleRight(allAccessRights, accessRightBits.erase, false)).toBe(allAccessRights - 8);
    expect(neededBy(allAccessRights, accessRightBits.inspectProfiles)?.key).toBe('installRemoveProfiles');
    expect(neededBy(1, accessRightBits.inspectProfiles)).toBeNull();
  });

  it('only ever produces values the contract accepts (besides 0)', () => {
    let value = allAccessRights;
    for (const bit of Object.values(accessRightBits)) {
      for (const on of [false, true, false]) {
        value = toggleRight(value, bit, on);
        if (value !== 0) expect(AccessRights.safeParse(value).success).toBe(true);
      }
    }
  });
});

describe('the new-invitation form', () => {
  it('sends a single-use invitation for 7 days by default', () => {
    expect(checkInvitationDraft(emptyInvitationDraft)).toEqual({ ok: true, value: { label: '', userName: '', email: '', expiresInDays: 7, maxUses: 1 } });
  });

  it('sends the use limit only for an office invitation', () => {
    const office = checkInvitationDraft({ ...emptyInvitationDraft, kind: 'office', maxUses: '25', label: ' Wall ' });
    expect(office).toEqual({ ok: true, value: { label: 'Wall', userName: '', email: '', expiresInDays: 7, maxUses: 25 } });
    expect(checkInvitationDraft({ ...emptyInvitationDraft, maxUses: 'x' }).ok).toBe(true);
  });

  it('names the field it refuses', () => {
    const refused = checkInvitationDraft({ ...emptyInvitationDraft, email: 'nope', expiresInDays: '0', kind: 'office', maxUses: '' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(Object.keys(refused.errors).sort()).toEqual(['email', 'expiresInDays', 'maxUses']);
  });
});
