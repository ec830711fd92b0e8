import type { FormEvent, ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, and any fields the action needs. */
  children: ReactNode;
  confirmLabel: string;
  /** Label while the call runs. */
  busyLabel?: string;
  busy?: boolean;
  /** Why the action failed, shown inside the dialog next to its button. */
  error?: string | null;
  /** The confirm button stays disabled while this is set (e.g. the device name is not typed yet). */
  blocked?: boolean;
  tone?: 'normal' | 'danger';
  wide?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before doing something; the action's own fields go in the body. Enter confirms, Escape cancels. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, busy = false, error, blocked = false, tone = 'normal', wide, onConfirm, onCancel }: ConfirmDialogProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && !blocked) onConfirm();
  };
  return (
    <Dialog title={title} onClose={onCancel} tone={tone} wide={wide ?? false}>
      <form className="dialog-form" noValidate onSubmit={submit}>
        <div className="dialog-body">{children}</div>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`button ${tone === 'danger' ? 'button-danger' : 'button-primary'}`} disabled={busy || blocked}>
            {busy ? (busyLabel ?? 'Working…') : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
