import { useContext, useState } from 'react';
import type { KeyDescription, PayloadDescription } from '../../../../contract/payload-descriptions';
import { isCertificateReferenceKey, type PayloadIssue } from '../../../../contract/payload-validation';
import { sampleValue } from '../../../../contract/payload-samples';
import { isKeptSecret, isSecretKey } from '../../../../contract/profile-models';
import { readFile } from '../../components/download';
import { CertificateChoices } from './certificate-choices';

type Payload = Record<string, unknown>;

const fieldId = (index: number, key: string) => `payload-${index}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * One payload's form, drawn from Apple's description of its type: a switch
 * for booleans, a list for allowed values, number fields with their range,
 * one line per item for lists of text, JSON for nested dictionaries and
 * data. Keys are shown set (with a way to clear them) or offered with their
 * default; supervised-only keys say so. Problems show next to their key.
 */
export function PayloadEditor({ index, description, payload, issues, onChange }: { index: number; description: PayloadDescription; payload: Payload; issues: readonly PayloadIssue[]; onChange(payload: Payload): void }) {
  const [filter, setFilter] = useState('');
  const set = (key: string, value: unknown) => {
    const next = { ...payload };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const text = filter.trim().toLowerCase();
  const keys = description.keys.filter((key) => !text || key.key.toLowerCase().includes(text) || (key.title ?? '').toLowerCase().includes(text));
  return (
    <div className="payload-editor">
      <p className="muted">{description.description}</p>
      {description.keys.length > 12 && (
        <div className="field">
          <label htmlFor={`payload-${index}-filter`}>Find a setting</label>
          <input id={`payload-${index}-filter`} className="input" type="search" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="Name or key" />
        </div>
      )}
      {groupsOf(keys).map((group) => (
        <fieldset key={group.name} className="payload-group">
          {group.name && <legend>{group.name}</legend>}
          <div className="payload-keys">
            {group.keys.map((key) => (
              <KeyField key={key.key} id={fieldId(index, key.key)} path={key.key} description={key} value={payload[key.key]} issues={issues} onChange={(value) => set(key.key, value)} />
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

/**
 * Long payloads (Restrictions has nearly two hundred keys) in groups: what
 * applies on any device, then what iOS applies only on a supervised one, each
 * by the first word of its key (allow…, force…, …). Short ones stay as one list.
 */
function groupsOf(keys: readonly KeyDescription[]): { name: string; keys: KeyDescription[] }[] {
  if (keys.length <= 40) return [{ name: '', keys: [...keys] }];
  const verb = (key: string) => /^[a-z]+/.exec(key)?.[0] ?? 'other';
  const byKind = (list: KeyDescription[]) => [...list].sort((a, b) => verb(a.key).localeCompare(verb(b.key)) || a.key.localeCompare(b.key));
  const any = keys.filter((key) => !key.supervisedOnly);
  const supervised = keys.filter((key) => key.supervisedOnly);
  return [
    { name: `On any device (${any.length})`, keys: byKind(any) },
    { name: `Supervised devices only (${supervised.length})`, keys: byKind(supervised) },
  ].filter((group) => group.keys.length > 0);
}

function KeyField({ id, path, description, value, issues, onChange }: { id: string; path: string; description: KeyDescription; value: unknown; issues: readonly PayloadIssue[]; onChange(value: unknown): void }) {
  const label = description.title ?? description.key;
  const nested = description.type === 'dictionary' && (description.subkeys?.length ?? 0) > 0;
  // A nested dictionary shows its own keys' problems beside them; a plain key, any problem at or below it.
  const issue = issues.find((i) => i.path === path || (!nested && i.path.startsWith(`${path}.`)))?.message;
  if (nested) return <NestedDictionary id={id} path={path} label={label} description={description} value={value} issues={issues} onChange={onChange} />;
  const set = value !== undefined;
  const hintId = `${id}-hint`;
  const errorId = issue ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ');
  const badges = (
    <>
      {description.required && <span className="badge badge-info">Required</span>}
      {description.supervisedOnly && (
        <span className="badge badge-warning" title="iOS applies it only on a supervised device">
          Supervised only
        </span>
      )}
    </>
  );
  let control;
  if (isCertificateReferenceKey(description.key) && (description.type === 'string' || (description.type === 'array' && description.subkeys?.[0]?.type === 'string'))) {
    control = <CertificatePicker id={id} many={description.type === 'array'} value={value} describedBy={describedBy} invalid={Boolean(issue)} onChange={onChange} />;
  } else if (description.type === 'boolean') {
    control = (
      <select id={id} className="input input-short" value={set ? String(value) : ''} aria-invalid={issue ? true : undefined} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value === 'true')}>
        <option value="">{description.default === undefined ? 'Not set' : `Not set (${description.default ? 'yes' : 'no'})`}</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  } else if (description.values && (description.type === 'string' || description.type === 'integer')) {
    control = (
      <select id={id} className="input" value={set ? String(value) : ''} aria-invalid={issue ? true : undefined} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value === '' ? undefined : description.type === 'integer' ? Number(event.target.value) : event.target.value)}>
        <option value="">{description.default === undefined ? 'Not set' : `Not set (${String(description.default)})`}</option>
        {description.values.map((allowed) => (
          <option key={String(allowed)} value={String(allowed)}>
            {String(allowed)}
          </option>
        ))}
      </select>
    );
  } else if (description.type === 'string') {
    // A stored secret is never sent back: it shows as kept until something is typed over it.
    const kept = isKeptSecret(value);
    control = (
      <input
        id={id}
        className="input"
        type={isSecretKey(description.key) ? 'password' : 'text'}
        autoComplete="off"
        value={typeof value === 'string' ? value : ''}
        placeholder={kept ? 'Kept sealed: type to replace it' : undefined}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value === '' && !description.required ? undefined : event.target.value)}
      />
    );
  } else if (description.type === 'integer' || description.type === 'real') {
    control = (
      <input
        id={id}
        className="input input-short"
        type="number"
        step={description.type === 'integer' ? 1 : 'any'}
        min={description.min}
        max={description.max}
        value={typeof value === 'number' ? value : ''}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    );
  } else if (description.type === 'array' && (description.subkeys?.[0]?.type === 'string' || description.subkeys?.[0]?.type === 'integer')) {
    const numbers = description.subkeys[0].type === 'integer';
    control = (
      <textarea
        id={id}
        className="input"
        rows={3}
        value={Array.isArray(value) ? value.join('\n') : ''}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          const lines = event.target.value.split('\n').map((line) => line.trim()).filter(Boolean);
          onChange(lines.length === 0 ? undefined : numbers ? lines.map((line) => (/^-?\d+$/.test(line) ? Number(line) : line)) : lines);
        }}
      />
    );
  } else if (description.type === 'data') {
    control = <DataField id={id} value={value} describedBy={describedBy} invalid={Boolean(issue)} onChange={onChange} />;
  } else {
    control = <JsonField id={id} value={value} describedBy={describedBy} invalid={Boolean(issue)} onChange={onChange} />;
  }
  return (
    <div className={`field payload-key${issue ? ' field-invalid' : ''}`} data-key={description.key}>
      <label htmlFor={id}>
        {label} <span className="mono muted">{description.key}</span> {badges}
      </label>
      <div className="payload-key-control">
        {control}
        {!set && !description.required && ['dictionary', 'array', 'date'].includes(description.type) && (
          <button type="button" className="button button-quiet" onClick={() => onChange(sampleValue(description))} aria-label={`Start ${label} from its default`}>
            Start
          </button>
        )}
        {set && !description.required && (
          <button type="button" className="button button-quiet" onClick={() => onChange(undefined)} aria-label={`Clear ${label}`}>
            Clear
          </button>
        )}
      </div>
      {issue && (
        <p id={errorId} className="field-error" role="alert">
          {issue}
        </p>
      )}
      <p id={hintId} className="field-hint">
        {description.help}
        {description.min !== undefined || description.max !== undefined ? ` (${description.min ?? '…'}–${description.max ?? '…'})` : ''}
      </p>
    </div>
  );
}

/** A dictionary the schema describes (an enterprise network's EAPClientConfiguration): its own keys as fields, added when needed. */
function NestedDictionary({ id, path, label, description, value, issues, onChange }: { id: string; path: string; label: string; description: KeyDescription; value: unknown; issues: readonly PayloadIssue[]; onChange(value: unknown): void }) {
  const dict = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  return (
    <fieldset className="payload-nested" data-key={description.key}>
      <legend>
        {label} <span className="mono muted">{description.key}</span>
      </legend>
      {description.help && <p className="field-hint">{description.help}</p>}
      {dict === null ? (
        <button type="button" className="button" onClick={() => onChange(sampleValue(description))}>
          Add {label}
        </button>
      ) : (
        <>
          <div className="payload-keys">
            {description.subkeys!.map((sub) => (
              <KeyField
                key={sub.key}
                id={`${id}-${sub.key.replace(/[^A-Za-z0-9_-]/g, '-')}`}
                path={`${path}.${sub.key}`}
                description={sub}
                value={dict[sub.key]}
                issues={issues}
                onChange={(inner) => {
                  const next = { ...dict };
                  if (inner === undefined) delete next[sub.key];
                  else next[sub.key] = inner;
                  onChange(next);
                }}
              />
            ))}
          </div>
          {!description.required && (
            <button type="button" className="button button-quiet" onClick={() => onChange(undefined)}>
              Remove {label}
            </button>
          )}
        </>
      )}
    </fieldset>
  );
}

/**
 * A key that names certificates of this profile (a Wi-Fi or VPN identity, an
 * enterprise network's trusted anchors): picked from its certificate
 * payloads, one or many. A UUID that names none of them (from an import)
 * stays shown, and flagged by the check.
 */
function CertificatePicker({ id, many, value, describedBy, invalid, onChange }: { id: string; many: boolean; value: unknown; describedBy: string; invalid: boolean; onChange(value: unknown): void }) {
  const choices = useContext(CertificateChoices);
  const chosen = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).map(String);
  const options = [...choices, ...chosen.filter((uuid) => !choices.some((c) => c.uuid === uuid)).map((uuid) => ({ uuid, label: `Not in this profile: ${uuid}` }))];
  if (choices.length === 0 && chosen.length === 0) {
    return (
      <span id={id} className="muted" aria-describedby={describedBy}>
        Add a certificate payload (PKCS#12, root, SCEP, …) to this profile to pick it here.
      </span>
    );
  }
  if (!many) {
    return (
      <select id={id} className="input" value={chosen[0] ?? ''} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">None</option>
        {options.map((option) => (
          <option key={option.uuid} value={option.uuid}>
            {option.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <div id={id} role="group" className="certificate-picker" aria-invalid={invalid ? true : undefined} aria-describedby={describedBy}>
      {options.map((option) => (
        <label key={option.uuid} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(option.uuid)}
            onChange={(event) => {
              const next = event.target.checked ? [...chosen, option.uuid] : chosen.filter((uuid) => uuid !== option.uuid);
              onChange(next.length === 0 ? undefined : next);
            }}
          />{' '}
          {option.label}
        </label>
      ))}
    </div>
  );
}

/** Data (a Web Clip's icon, a certificate): picked as a file, kept as {"$data":"<base64>"}. */
function DataField({ id, value, describedBy, invalid, onChange }: { id: string; value: unknown; describedBy: string; invalid: boolean; onChange(value: unknown): void }) {
  const base64 = typeof value === 'object' && value !== null && typeof (value as { $data?: unknown }).$data === 'string' ? (value as { $data: string }).$data : null;
  return (
    <div className="data-field">
      <input
        id={id}
        className="input"
        type="file"
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void readFile(file, 'base64').then((data) => onChange({ $data: data }));
        }}
      />
      <span className="muted">{base64 === null ? 'No file yet' : `${Math.floor((base64.length * 3) / 4).toLocaleString()} bytes`}</span>
    </div>
  );
}

/** Nested dictionaries, lists of dictionaries and data, as JSON ({"$data":"<base64>"} for data). */
function JsonField({ id, value, describedBy, invalid, onChange }: { id: string; value: unknown; describedBy: string; invalid: boolean; onChange(value: unknown): void }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 1));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={id}
        className="input mono"
        rows={3}
        value={text}
        aria-invalid={invalid || problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() === '') {
            setProblem(null);
            return onChange(undefined);
          }
          try {
            onChange(JSON.parse(event.target.value));
            setProblem(null);
          } catch {
            setProblem('not valid JSON yet');
          }
        }}
      />
      {problem && <span className="field-error">{problem}</span>}
    </>
  );
}
