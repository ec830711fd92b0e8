import { useActions, useLanyard } from '../state/app-context';

export function LoadFailed() {
  const error = useLanyard((s) => s.load.error);
  const { retryLoading } = useActions();
  return (
    <main className="centered">
      <div className="card narrow-card">
        <h1>Lanyard cannot be reached</h1>
        <p role="alert">{error}</p>
        <p className="muted">Check that Lanyard is still running. This page tries again on its own when the connection comes back.</p>
        <button type="button" className="button button-primary" onClick={() => void retryLoading()}>
          Try again
        </button>
      </div>
    </main>
  );
}
