/** Shown under a value that a command-line flag or environment variable fixes for this run. */
export function PinnedNote({ id }: { id?: string | undefined }) {
  return (
    <p id={id} className="pinned-note">
      Set by the command line for this run.
    </p>
  );
}
