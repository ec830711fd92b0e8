import { useEffect, useMemo, useState } from 'react';
import { describePayload, payloadDescriptions, payloadGroups } from '../../../../contract/payload-descriptions';
import { newPayload } from '../../../../contract/payload-samples';
import { validateProfilePayloads } from '../../../../contract/payload-validation';
import { ProfileIdentifier, type ProfilePayload } from '../../../../contract/profile-models';
import { navigate } from '../../app/hash-route';
import type { PageProps } from '../../app/paths';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { Loading } from '../../components/Loading';
import { MissingItem } from '../../components/MissingItem';
import { PageHeader } from '../../components/PageHeader';
import { TextField } from '../../components/TextField';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { certificateChoices, CertificateChoices } from './certificate-choices';
import { newPayloadUuid } from './payload-uuid';
import { PayloadEditor } from './PayloadEditor';
import './profiles.css';

interface Draft {
  name: string;
  identifier: string;
  scope: 'System' | 'User';
  description: string;
  removalDisallowed: boolean;
  payloads: ProfilePayload[];
}

const emptyDraft: Draft = { name: '', identifier: '', scope: 'System', description: '', removalDisallowed: false, payloads: [] };

/**
 * Builds a configuration profile, or changes one (a new version): the
 * profile's own fields, payloads picked as Apple Configurator groups them,
 * each edited in a form drawn from Apple's schema and checked as you type
 * by the same rules the core applies, and the plist it becomes, live.
 */
export function ProfileBuilderPage({ params }: PageProps) {
  const id = params.id ?? null;
  const existing = useLanyard((s) => (id ? (s.profiles.byId.get(id) ?? null) : null));
  const loaded = useLanyard((s) => s.profiles.loaded);
  const { createProfile, updateProfile, previewProfile } = useActions();
  const [draft, setDraft] = useState<Draft | null>(id ? null : emptyDraft);
  const [picked, setPicked] = useState('com.apple.wifi.managed');
  const [preview, setPreview] = useState<{ plist: string | null; error: string | null }>({ plist: null, error: null });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);

  useEffect(() => {
    if (id && existing && !draft) setDraft({ name: existing.name, identifier: existing.identifier, scope: existing.scope, description: existing.description, removalDisallowed: existing.removalDisallowed, payloads: existing.payloads });
  }, [id, existing, draft]);

  const issues = useMemo(() => (draft ? validateProfilePayloads(draft.payloads) : []), [draft]);
  const certificates = useMemo(() => certificateChoices(draft?.payloads ?? []), [draft]);
  const identifierProblem = draft && draft.identifier && !ProfileIdentifier.safeParse(draft.identifier).success ? 'Use a reverse-DNS identifier such as com.example.wifi.' : undefined;
  const problems = issues.reduce((sum, list) => sum + list.length, 0) + (identifierProblem ? 1 : 0);
  const complete = draft !== null && draft.name.trim() !== '' && draft.identifier !== '' && draft.payloads.length > 0;

  // The plist, live: asked of the core a moment after the last keystroke, once the draft is valid.
  useEffect(() => {
    if (!draft || !complete || problems > 0) {
      setPreview({ plist: null, error: null });
      return;
    }
    const timer = setTimeout(() => {
      previewProfile({ ...draft, name: draft.name.trim() }).then(
        (plist) => setPreview({ plist, error: null }),
        (error: unknown) => setPreview({ plist: null, error: errorText(error) }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, complete, problems, previewProfile]);

  if (id && loaded && !existing) {
    return <MissingItem what="profile" listHref="#/profiles" listLabel="See every profile" />;
  }
  if (!draft) return <Loading text="Loading the profile…" />;
  const change = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const setPayload = (index: number, payload: ProfilePayload) => change({ payloads: draft.payloads.map((p, i) => (i === index ? payload : p)) });

  const save = async () => {
    setMessage(null);
    if (!complete) return setMessage({ tone: 'error', text: 'Give the profile a name, an identifier and at least one payload.' });
    if (problems > 0) return setMessage({ tone: 'error', text: `Correct the ${problems === 1 ? 'setting' : `${problems} settings`} marked below first.` });
    setBusy(true);
    try {
      const input = { ...draft, name: draft.name.trim() };
      const saved = id ? await updateProfile({ id, ...input }) : await createProfile(input);
      navigate('/profiles');
      void saved;
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
      setBusy(false);
    }
  };

  return (
    <div className="page profile-builder">
      <PageHeader title={id ? `Edit ${existing?.name ?? 'profile'}` : 'New profile'}>
        <p>
          <a href="#/profiles">Profiles</a>
          {existing ? ` · version ${existing.version}; saving a change makes version ${existing.version + 1}` : ''}
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="profile-general">
        <h2 id="profile-general">General</h2>
        <TextField id="profile-name" label="Name" value={draft.name} onChange={(name) => change({ name })} placeholder="Office Wi-Fi" />
        <TextField id="profile-identifier" label="Identifier" value={draft.identifier} onChange={(identifier) => change({ identifier: identifier.trim() })} error={identifierProblem} placeholder="com.example.wifi" hint="Unique; devices replace a profile with the same identifier when it is installed again." />
        <div className="field">
          <label htmlFor="profile-scope">Applies to</label>
          <select id="profile-scope" className="input" value={draft.scope} onChange={(event) => change({ scope: event.target.value as Draft['scope'] })}>
            <option value="System">The whole device</option>
            <option value="User">The signed-in user (Macs)</option>
          </select>
        </div>
        <TextField id="profile-description" label="Description (optional)" value={draft.description} onChange={(description) => change({ description })} />
        <label className="checkbox">
          <input type="checkbox" checked={draft.removalDisallowed} onChange={(event) => change({ removalDisallowed: event.target.checked })} />
          <span>The device user may not remove it</span>
        </label>
      </section>
      <CertificateChoices.Provider value={certificates}>
        {draft.payloads.map((payload, index) => {
          const description = describePayload(payload.PayloadType);
          return (
            <section key={index} className="card payload-card" aria-label={description?.title ?? payload.PayloadType} data-payload-type={payload.PayloadType}>
              <div className="payload-card-head">
                <h2>{description ? (description.group === description.title ? description.title : `${description.group}: ${description.title}`) : payload.PayloadType}</h2>
                <button type="button" className="button button-quiet" onClick={() => change({ payloads: draft.payloads.filter((_, i) => i !== index) })}>
                  Remove payload
                </button>
              </div>
              {description ? (
                <PayloadEditor index={index} description={description} payload={payload} issues={issues[index] ?? []} onChange={(next) => setPayload(index, next as ProfilePayload)} />
              ) : (
                <>
                  <p className="muted">Lanyard has no editor for this payload type; it is kept exactly as it was imported.</p>
                  <pre className="plist-preview">{JSON.stringify(payload, null, 2)}</pre>
                </>
              )}
            </section>
          );
        })}
      </CertificateChoices.Provider>
      <section className="card payload-picker" aria-labelledby="profile-add-payload">
        <h2 id="profile-add-payload">Add a payload</h2>
        <div className="field">
          <label htmlFor="payload-type">Payload</label>
          <select id="payload-type" className="input" value={picked} onChange={(event) => setPicked(event.target.value)}>
            {payloadGroups.map((group) => (
              <optgroup key={group.name} label={group.name}>
                {group.payloadTypes.map((type) => (
                  <option key={type} value={type}>
                    {payloadDescriptions[type]?.title ?? type}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={() => change({ payloads: [...draft.payloads, { ...newPayload(picked), PayloadUUID: newPayloadUuid() } as ProfilePayload] })}>
          Add payload
        </button>
      </section>
      <section className="card" aria-labelledby="profile-preview">
        <h2 id="profile-preview">The profile as a device gets it</h2>
        {preview.error ? (
          <p className="notice notice-error">{preview.error}</p>
        ) : preview.plist ? (
          <pre className="plist-preview" aria-label="Profile plist">
            {preview.plist}
          </pre>
        ) : (
          <p className="muted">{problems > 0 ? 'Shown once every setting is valid.' : 'Shown once the profile has a name, an identifier and a payload.'} Lanyard signs it with the office identity when you save.</p>
        )}
      </section>
      <LiveMessage message={message} />
      <div className="page-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : id ? 'Save new version' : 'Save profile'}
        </button>
        <a className="button" href="#/profiles">
          Cancel
        </a>
      </div>
    </div>
  );
}
