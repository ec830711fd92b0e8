/** A quiet "working on it" line, announced politely. */
export function Loading({ text = 'Loading…' }: { text?: string }) {
  return (
    <p className="loading" role="status">
      <span className="loading-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
