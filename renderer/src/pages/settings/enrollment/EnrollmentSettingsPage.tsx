import { useState, type FormEvent } from 'react';
import { allAccessRights, EnrollmentSettings } from '../../../../../contract/enrollment-models';
import { ApiError } from '../../../../../contract/errors';
import { LiveMessage, type Message } from '../../../components/LiveMessage';
import { TextField } from '../../../components/TextField';
import { useActions, useLanyard } from '../../../state/app-context';
import { errorText } from '../../../state/error-text';
import { SettingsFrame } from '../SettingsFrame';
import { accessRightGroups, neededBy, toggleRight } from './access-rights';
import './enrollment-settings.css';

interface Draft {
  identity: EnrollmentSettings['identity'];
  validityDays: string;
  accessRights: number;
}

type Errors = Partial<Record<'identity' | 'validityDays' | 'accessRights', string>>;

const fieldOfApi: Record<string, keyof Errors> = {
  'enrollment.identity': 'identity',
  'enrollment.deviceCertificateValidityDays': 'validityDays',
  'enrollment.accessRights': 'accessRights',
};

/** How devices get their identity, how long it lasts, and what Lanyard may do on them. Applies to devices that enroll from now on. */
export function EnrollmentSettingsPage() {
  const enrollment = useLanyard((s) => s.settings?.enrollment ?? null);
  const { saveSettings } = useActions();
  const [edits, setEdits] = useState<Partial<Draft>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  if (!enrollment) return null;

  const stored: Draft = { identity: enrollment.identity, validityDays: String(enrollment.deviceCertificateValidityDays), accessRights: enrollment.accessRights };
  const draft: Draft = { ...stored, ...edits };
  const dirty = draft.identity !== stored.identity || draft.validityDays !== stored.validityDays || draft.accessRights !== stored.accessRights;

  const change = (next: Partial<Draft>) => {
    setEdits((e) => ({ ...e, ...next }));
    setErrors({});
    setMessage(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const days = /^\d{1,4}$/.test(draft.validityDays.trim()) ? Number(draft.validityDays.trim()) : Number.NaN;
    const checked = EnrollmentSettings.safeParse({ identity: draft.identity, deviceCertificateValidityDays: days, accessRights: draft.accessRights });
    if (!checked.success) {
      const found: Errors = {};
      for (const issue of checked.error.issues) {
        const key = fieldOfApi[`enrollment.${String(issue.path[0])}`];
        if (key && !found[key]) found[key] = key === 'validityDays' ? 'Enter a number of days from 30 to 3650.' : capitalized(issue.message);
      }
      setErrors(found);
      setMessage({ tone: 'error', text: 'Enrollment settings were not saved. Please correct the highlighted fields.' });
      return;
    }
    const patch = Object.fromEntries(
      Object.entries(checked.data).filter(([key, value]) => enrollment[key as keyof typeof enrollment] !== value),
    ) as Partial<EnrollmentSettings>;
    if (Object.keys(patch).length === 0) {
      setEdits({});
      setMessage({ tone: 'info', text: 'Nothing to save: no setting was changed.' });
      return;
    }
    setSaving(true);
    setMessage({ tone: 'info', text: 'Saving…' });
    try {
      await saveSettings({ enrollment: patch });
      setEdits({});
      setMessage({ tone: 'success', text: 'Enrollment settings saved. They apply to devices that enroll from now on.' });
    } catch (error) {
      const key = error instanceof ApiError && error.field ? fieldOfApi[error.field] : undefined;
      if (key) setErrors({ [key]: errorText(error) });
      setMessage({ tone: 'error', text: `Enrollment settings were not saved. ${errorText(error)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <SettingsFrame intro={<p>What goes into the enrollment profile. Changes apply to devices that enroll from now on; enrolled devices keep what they got.</p>}>
      <form noValidate onSubmit={(event) => void save(event)} aria-label="Enrollment settings" className="settings-stack">
        <section className="card settings-section" aria-labelledby="identity-title">
          <h2 id="identity-title">Device identity</h2>
          <div className="fields">
            <p className="section-intro">Every device proves who it is with a certificate from the office CA. It can get it in two ways.</p>
            <fieldset className="choice-group" aria-describedby={errors.identity ? 'identity-error' : undefined}>
              <legend>How devices get their certificate</legend>
              <label className="choice">
                <input type="radio" name="identity" checked={draft.identity === 'scep'} onChange={() => change({ identity: 'scep' })} />
                <span className="choice-text">
                  <span className="choice-value">SCEP (recommended)</span>
                  <span className="choice-detail">
                    The device makes its own key and asks Lanyard&apos;s CA for a certificate while the profile installs. The private key never leaves the device.
                  </span>
                </span>
              </label>
              <label className="choice">
                <input type="radio" name="identity" checked={draft.identity === 'pkcs12'} onChange={() => change({ identity: 'pkcs12' })} />
                <span className="choice-text">
                  <span className="choice-value">PKCS#12 in the profile</span>
                  <span className="choice-detail">
                    Lanyard makes the key and certificate and puts them, password-protected, inside the enrollment profile. Works where SCEP cannot, but the key
                    travels in the profile, and each download uses up one certificate of the invitation.
                  </span>
                </span>
              </label>
            </fieldset>
            {errors.identity && (
              <p id="identity-error" className="field-error">
                {errors.identity}
              </p>
            )}
            <TextField
              id="enrollment-validity"
              label="Device certificate validity (days)"
              inputMode="numeric"
              short
              value={draft.validityDays}
              onChange={(value) => change({ validityDays: value })}
              error={errors.validityDays}
              hint="From 30 to 3650 days. Usually 365."
            />
          </div>
        </section>
        <section className="card settings-section" aria-labelledby="rights-title">
          <div className="card-head">
            <h2 id="rights-title">What Lanyard may do on devices</h2>
            <button
              type="button"
              className="button button-small"
              disabled={draft.accessRights === allAccessRights}
              onClick={() => change({ accessRights: allAccessRights })}
            >
              Allow everything
            </button>
          </div>
          <p className="section-intro">
            Apple&apos;s access rights, shown to the device user when the profile installs. A device refuses commands its rights do not allow. Some rights need
            others; they are turned on together.
          </p>
          {errors.accessRights && (
            <p className="field-error" role="alert">
              {errors.accessRights}
            </p>
          )}
          <div className="rights-grid">
            {accessRightGroups.map((group) => (
              <fieldset key={group.title} className="rights-group">
                <legend>{group.title}</legend>
                {group.rights.map((right) => {
                  const checked = (draft.accessRights & right.bit) !== 0;
                  const dependent = checked ? neededBy(draft.accessRights, right.bit) : null;
                  return (
                    <label key={right.key} className="checkbox">
                      <input
                        type="checkbox"
                        checked={checked}
                        onChange={(event) => change({ accessRights: toggleRight(draft.accessRights, right.bit, event.target.checked) })}
                      />
                      <span className="choice-text">
                        <span>{right.label}</span>
                        <span className="choice-detail">
                          {right.hint}
                          {dependent && ` Needed by “${dependent.label.replace(/^Allow /, '')}”: turning it off turns that off too.`}
                        </span>
                      </span>
                    </label>
                  );
                })}
              </fieldset>
            ))}
          </div>
          <p className="field-hint">
            AccessRights value: <span className="mono">{draft.accessRights}</span>
          </p>
        </section>
        <div className="save-bar">
          <LiveMessage message={message} />
          <div className="save-bar-actions">
            <button type="button" className="button" disabled={!dirty || saving} onClick={() => {
                setEdits({});
                setErrors({});
                setMessage({ tone: 'info', text: 'Changes discarded.' });
              }}>
              Discard changes
            </button>
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save enrollment settings'}
            </button>
          </div>
        </div>
      </form>
    </SettingsFrame>
  );
}

function capitalized(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
