import { describe, expect, it } from 'vitest';
import { defaultEnrollmentSettings } from '../../../contract/enrollment-models';
import { ApiError } from '../../../contract/errors';
import type { Settings } from '../../../contract/models';
import { errorsFromCall } from '../../../renderer/src/forms/api-field-errors';
import { checkDraft, draftFromSettings, patchFrom } from '../../../renderer/src/forms/settings-draft';

const settings: Settings = {
  organization: { name: 'Acme' },
  helpdesk: { name: '', phone: '', email: '', website: '' },
  network: { publicHost: '192.0.2.10', mdmPort: 8443, enrollmentHttpPort: 8080 },
  enrollment: { ...defaultEnrollmentSettings },
  setupCompletedAt: null,
};

describe('settings draft', () => {
  it('checks with the contract and names each bad field', () => {
    const draft = { ...draftFromSettings(settings), 'helpdesk.email': 'nope', 'network.mdmPort': '70000', 'organization.name': ' ' };
    const checked = checkDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      'helpdesk.email': 'Must be an e-mail address',
      'network.mdmPort': 'Enter a port number from 1 to 65535.',
      'organization.name': 'Must not be empty',
    });
  });

  it('limits the errors to the fields of one step', () => {
    const draft = { ...draftFromSettings(settings), 'helpdesk.email': 'nope' };
    expect(checkDraft(draft, ['organization.name']).ok).toBe(false);
    const step = checkDraft(draft, ['organization.name']);
    expect(step.ok ? {} : step.errors).toEqual({});
    expect(checkDraft(draft, ['helpdesk.email'])).toEqual({ ok: false, errors: { 'helpdesk.email': 'Must be an e-mail address' } });
  });

  it('patches only what changed, after trimming', () => {
    const draft = { ...draftFromSettings(settings), 'organization.name': ' Acme ', 'helpdesk.phone': '+1 555 0100', 'network.enrollmentHttpPort': '0' };
    const checked = checkDraft(draft);
    if (!checked.ok) throw new Error('expected a valid draft');
    expect(patchFrom(checked.value, settings)).toEqual({
      patch: { helpdesk: { phone: '+1 555 0100' }, network: { enrollmentHttpPort: 0 } },
      changed: ['helpdesk.phone', 'network.enrollmentHttpPort'],
    });
  });

  it('puts an API error next to its field, without the field name in front', () => {
    expect(errorsFromCall(new ApiError('conflict', 'network.mdmPort: is fixed to 9443 by --mdm-port for this run', 'network.mdmPort'))).toEqual({
      fields: { 'network.mdmPort': 'Is fixed to 9443 by --mdm-port for this run.' },
      message: 'Please correct the highlighted field.',
    });
    expect(errorsFromCall(new ApiError('internal', 'disk full'))).toEqual({ fields: {}, message: 'Disk full.' });
  });
});
