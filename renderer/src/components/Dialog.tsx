import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  /** Escape, the close button, or the parent deciding it is done. */
  onClose(): void;
  children: ReactNode;
  /** 'danger' marks a dialog that confirms something that cannot be undone. */
  tone?: 'normal' | 'danger';
  /** Wide dialogs hold a form with several fields. */
  wide?: boolean;
}

/**
 * A modal dialog (the browser's own <dialog>, so focus stays inside and the
 * page behind is inert). It is open while it is rendered; the parent
 * removes it to close it.
 */
export function Dialog({ title, onClose, children, tone = 'normal', wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
