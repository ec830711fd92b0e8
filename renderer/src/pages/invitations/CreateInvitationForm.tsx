import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../../contract/errors';
import { navigate } from '../../app/hash-route';
import { pathTo } from '../../app/paths';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { TextField } from '../../components/TextField';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { checkInvitationDraft, emptyInvitationDraft, isInvitationField, type InvitationDraft, type InvitationErrors } from './invitation-form';

/** A new invitation: for one device of one person, or an office invitation several devices may use. Opens it once created. */
export function CreateInvitationForm() {
  const { createInvitation } = useActions();
  const [draft, setDraft] = useState<InvitationDraft>(emptyInvitationDraft);
  const fleets = useLanyard((s) => s.fleets.items);
  const [errors, setErrors] = useState<InvitationErrors>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof InvitationDraft>(key: K, value: InvitationDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (isInvitationField(key) && errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
    setMessage(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkInvitationDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setMessage({ tone: 'error', text: 'The invitation was not created. Please correct the highlighted fields.' });
      const first = Object.keys(checked.errors)[0];
      if (first) document.getElementById(`invitation-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setMessage({ tone: 'info', text: 'Creating the invitation…' });
    try {
      const invitation = await createInvitation(checked.value);
      setDraft(emptyInvitationDraft);
      setErrors({});
      setMessage(null);
      navigate(pathTo('/invitations/:id', { id: invitation.id }));
    } catch (error) {
      if (error instanceof ApiError && isInvitationField(error.field)) {
        const prefix = `${error.field}: `;
        setErrors({ [error.field]: errorText(new ApiError(error.code, error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message)) });
      }
      setMessage({ tone: 'error', text: `The invitation was not created. ${errorText(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card invitation-form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="new-invitation-title">
      <h2 id="new-invitation-title">New invitation</h2>
      <p className="section-intro">
        An invitation is a link (and its QR code) that lets a device enroll. Send it to the person who will use the device, or print the QR code.
      </p>
      <div className="field-grid">
        <TextField id="invitation-label" label="Label" value={draft.label} onChange={(v) => set('label', v)} error={errors.label} placeholder="e.g. Anna’s iPhone" hint="Shown to you in lists and in the activity log." />
        <TextField id="invitation-userName" label="User name" value={draft.userName} onChange={(v) => set('userName', v)} error={errors.userName} placeholder="e.g. Anna Berg" autoComplete="off" />
        <TextField id="invitation-email" label="Email" type="email" inputMode="email" value={draft.email} onChange={(v) => set('email', v)} error={errors.email} placeholder="e.g. anna@example.com" hint="Optional. Used to prefill the email with the link." />
        <TextField id="invitation-expiresInDays" label="Expires in (days)" inputMode="numeric" short value={draft.expiresInDays} onChange={(v) => set('expiresInDays', v)} error={errors.expiresInDays} hint="From 1 to 365 days." />
      </div>
      <fieldset className="choice-group invitation-kind">
        <legend>Who may use it</legend>
        <label className="choice">
          <input type="radio" name="invitation-kind" checked={draft.kind === 'single'} onChange={() => set('kind', 'single')} />
          <span className="choice-text">
            <span className="choice-value">One device (single use)</span>
            <span className="choice-detail">The link stops working once a device has enrolled with it.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="invitation-kind" checked={draft.kind === 'office'} onChange={() => set('kind', 'office')} />
          <span className="choice-text">
            <span className="choice-value">Office invitation (reusable)</span>
            <span className="choice-detail">Several devices may enroll with the same link, up to a limit: for example a QR code on the office wall.</span>
          </span>
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="invitation-fleet">Devices join the fleet</label>
        <select id="invitation-fleet" className="input" value={draft.fleetId} onChange={(event) => set('fleetId', event.target.value)}>
          {fleets.map((fleet) => (
            <option key={fleet.id} value={fleet.isDefault ? '' : fleet.id}>
              {fleet.name}
            </option>
          ))}
        </select>
        <p className="field-hint">They get its blueprint as they enroll. Fleets are made on the Fleets page.</p>
      </div>
      {draft.kind === 'office' && (
        <TextField id="invitation-maxUses" label="Maximum number of devices" inputMode="numeric" short value={draft.maxUses} onChange={(v) => set('maxUses', v)} error={errors.maxUses} />
      )}
      <div className="form-actions">
        <LiveMessage message={message} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create invitation'}
        </button>
      </div>
    </form>
  );
}
