import { useState, type FormEvent } from 'react';
import { focusField } from '../../components/field-id';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { AddressFields } from '../../forms/AddressFields';
import { errorsFromCall } from '../../forms/api-field-errors';
import { HelpdeskFields } from '../../forms/HelpdeskFields';
import { OrganizationFields } from '../../forms/OrganizationFields';
import { PortFields } from '../../forms/PortFields';
import type { SectionProps } from '../../forms/section-props';
import { checkDraft, draftFromSettings, fieldKeys, patchFrom, type Draft, type FieldErrors, type FieldKey } from '../../forms/settings-draft';
import { useActions, useLanyard } from '../../state/app-context';
import { selectPinned } from '../../state/selectors';
import { SettingsFrame } from './SettingsFrame';
import { SettingsSection } from './SettingsSection';

/**
 * General settings: every setting from the wizard. The form shows the stored settings with the
 * admin's unsaved edits on top, so a change saved elsewhere shows up in any
 * field not being edited. Save sends only the fields that changed.
 */
export function SettingsPage() {
  const settings = useLanyard((s) => s.settings);
  const pinned = useLanyard(selectPinned);
  const { saveSettings } = useActions();
  const [edits, setEdits] = useState<Partial<Draft>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  if (!settings) return null;

  const stored = draftFromSettings(settings);
  const draft: Draft = { ...stored, ...edits };
  const dirty = fieldKeys.some((key) => draft[key] !== stored[key]);

  const onChange = (key: FieldKey, value: string) => {
    setEdits((e) => ({ ...e, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
    setMessage(null);
  };
  const discard = () => {
    setEdits({});
    setErrors({});
    setMessage({ tone: 'info', text: 'Changes discarded.' });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setMessage({ tone: 'error', text: 'Settings were not saved. Please correct the highlighted fields.' });
      const first = Object.keys(checked.errors)[0];
      if (first) focusField(first);
      return;
    }
    const { patch, changed } = patchFrom(checked.value, settings);
    if (changed.length === 0) {
      setEdits({});
      setMessage({ tone: 'info', text: 'Nothing to save: no setting was changed.' });
      return;
    }
    setSaving(true);
    setMessage({ tone: 'info', text: 'Saving…' });
    try {
      await saveSettings(patch);
      setEdits({});
      setErrors({});
      setMessage({ tone: 'success', text: 'Settings saved.' });
    } catch (error) {
      const result = errorsFromCall(error);
      setErrors(result.fields);
      setMessage({ tone: 'error', text: `Settings were not saved. ${result.message}` });
      const first = Object.keys(result.fields)[0];
      if (first) focusField(first);
    } finally {
      setSaving(false);
    }
  };

  const section: SectionProps = { draft, errors, onChange, pinned };
  return (
    <SettingsFrame intro={<p>What you entered in the setup wizard. Changes apply as soon as you save them.</p>}>
      <form noValidate onSubmit={(event) => void save(event)} aria-label="Settings">
        <SettingsSection title="Organization">
          <OrganizationFields {...section} />
        </SettingsSection>
        <SettingsSection title="Helpdesk contacts">
          <HelpdeskFields {...section} />
        </SettingsSection>
        <SettingsSection title="Device address">
          <AddressFields {...section} />
        </SettingsSection>
        <SettingsSection title="Ports">
          <PortFields {...section} />
        </SettingsSection>
        <div className="save-bar">
          <LiveMessage message={message} />
          <div className="save-bar-actions">
            <button type="button" className="button" onClick={discard} disabled={!dirty || saving}>
              Discard changes
            </button>
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        </div>
      </form>
    </SettingsFrame>
  );
}
