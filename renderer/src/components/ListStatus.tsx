import type { ReactNode } from 'react';
import { Loading } from './Loading';

/**
 * A list the core owns, in its three states: why it could not be loaded
 * (kept above what was loaded before), loading, empty, or its contents.
 */
export function ListStatus({ list, loadingText, empty, children }: { list: { loaded: boolean; error: string | null; items: readonly unknown[] }; loadingText: string; empty?: ReactNode; children: ReactNode }) {
  return (
    <>
      {list.error && (
        <p className="notice notice-error" role="alert">
          {list.error}
        </p>
      )}
      {!list.loaded && !list.error ? <Loading text={loadingText} /> : list.items.length === 0 && empty ? empty : children}
    </>
  );
}
