import { useEffect, useState } from 'react';
import { fieldId } from '../components/field-id';
import { Loading } from '../components/Loading';
import { TextField } from '../components/TextField';
import { useActions, useLanyard } from '../state/app-context';
import { addressChoices } from './address-choices';
import { fieldLabels } from './field-labels';
import type { SectionProps } from './section-props';

const key = 'network.publicHost';

/** The address devices use: one of this computer's addresses, its name, or anything typed in. */
export function AddressFields(section: SectionProps) {
  const candidates = useLanyard((s) => s.networkCandidates);
  const { loadNetworkCandidates } = useActions();
  const [customChosen, setCustomChosen] = useState(false);
  useEffect(() => {
    if (!candidates) void loadNetworkCandidates();
  }, [candidates, loadNetworkCandidates]);

  const value = section.draft[key];
  const error = section.errors[key];
  const id = fieldId(key);
  const intro = (
    <p className="section-intro">
      Devices on the office network connect to this computer at this address. Pick one the devices can reach. A fixed address (reserved in your router) or a
      name that always points here keeps devices connected when the computer&apos;s address changes.
    </p>
  );

  if (section.pinned.includes('publicHost')) {
    return (
      <div className="fields">
        {intro}
        <TextField id={id} label={fieldLabels[key]} value={value} onChange={() => undefined} pinned />
      </div>
    );
  }

  const choices = addressChoices(candidates);
  const custom = customChosen || !choices.some((c) => c.value === value);
  const errorId = error && !custom ? `${id}-error` : undefined;
  return (
    <div className="fields">
      {intro}
      <fieldset id={`${id}-group`} className="choice-group" aria-describedby={errorId}>
        <legend>{fieldLabels[key]}</legend>
        {!candidates && <Loading text="Looking up this computer's addresses…" />}
        {choices.map((choice, index) => (
          <label key={choice.value} className="choice">
            <input
              type="radio"
              name="publicHost"
              id={`${id}-choice-${index}`}
              checked={!custom && value === choice.value}
              onChange={() => {
                setCustomChosen(false);
                section.onChange(key, choice.value);
              }}
            />
            <span className="choice-text">
              <span className="choice-value">{choice.value}</span>{' '}
              <span className="choice-detail">{choice.detail}</span>
            </span>
          </label>
        ))}
        <label className="choice">
          <input type="radio" name="publicHost" checked={custom} onChange={() => setCustomChosen(true)} />
          <span className="choice-text">
            <span className="choice-value">Another name or address</span>{' '}
            <span className="choice-detail">for example a name your router or DNS gives this computer</span>
          </span>
        </label>
      </fieldset>
      {custom && (
        <TextField id={id} label="Custom address" value={value} onChange={(text) => section.onChange(key, text)} error={error} placeholder="e.g. mdm.office.lan" />
      )}
      {error && !custom && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
