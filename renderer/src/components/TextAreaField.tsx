import { useState, type ReactNode } from 'react';
import { readFile } from './download';

export interface TextAreaFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
  rows?: number;
  placeholder?: string;
  /** Offers "Load from file" that reads a text file (e.g. a PEM) into the box. */
  fileAccept?: string;
}

/** A labelled text box for pasted text such as PEM blocks, optionally filled from a file. */
export function TextAreaField({ id, label, value, onChange, error, hint, rows = 6, placeholder, fileAccept }: TextAreaFieldProps) {
  const [fileError, setFileError] = useState<string | null>(null);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error || fileError ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="field-label-row">
        <label htmlFor={id} id={`${id}-label`}>
          {label}
        </label>
        {fileAccept !== undefined && (
          <label className="file-pick">
            Load from file…
            <input
              type="file"
              className="visually-hidden"
              accept={fileAccept}
              aria-describedby={`${id}-label`}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (!file) return;
                setFileError(null);
                readFile(file, 'text').then(onChange, (failure: Error) => setFileError(failure.message));
              }}
            />
          </label>
        )}
      </div>
      <textarea
        id={id}
        className="input textarea mono"
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
      />
      {(error || fileError) && (
        <p id={errorId} className="field-error">
          {error ?? fileError}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
