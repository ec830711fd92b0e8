import { useEffect, useRef, useState } from 'react';

/** A read-only value (a link) with a Copy button; says when it copied. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // Pages served over plain HTTP to another computer have no clipboard API: select the text instead.
      input.current?.select();
      setCopied(document.execCommand('copy') ? 'yes' : 'failed');
    }
  };

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field-row">
        <input ref={input} id={id} className="input mono" value={value} readOnly onFocus={(event) => event.target.select()} spellCheck={false} />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <p className="field-hint" role="status" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: the text is selected, press Ctrl+C (⌘C on a Mac).' : ''}
      </p>
    </div>
  );
}
