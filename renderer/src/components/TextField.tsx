import type { HTMLAttributes, ReactNode } from 'react';
import { PinnedNote } from './PinnedNote';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'tel' | 'url' | 'password';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  placeholder?: string;
  /** Fixed by the command line for this run: shown read-only with a note. */
  pinned?: boolean;
  /** Narrow input for short values such as ports. */
  short?: boolean;
}

/** A labelled input with its hint and its error, both tied to it for assistive technology. */
export function TextField({ id, label, value, onChange, error, hint, type = 'text', inputMode, autoComplete, placeholder, pinned = false, short = false }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const pinnedId = pinned ? `${id}-pinned` : undefined;
  const describedBy = [errorId, pinnedId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={short ? 'input input-short' : 'input'}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        readOnly={pinned}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        inputMode={inputMode}
        autoComplete={autoComplete ?? 'off'}
        placeholder={placeholder}
        spellCheck={false}
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {pinned && <PinnedNote id={pinnedId} />}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
