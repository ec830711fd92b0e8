export type MessageTone = 'success' | 'error' | 'info';
export interface Message {
  tone: MessageTone;
  text: string;
}

/** A polite live region: screen readers announce the save result without moving focus. It is always in the DOM. */
export function LiveMessage({ message }: { message: Message | null }) {
  return (
    <div className="live-message" role="status" aria-live="polite">
      {message && <p className={`notice notice-${message.tone}`}>{message.text}</p>}
    </div>
  );
}
