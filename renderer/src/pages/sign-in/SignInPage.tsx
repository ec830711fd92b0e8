import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField';
import { useActions, useLanyard } from '../../state/app-context';
import './sign-in.css';

/** Asks for the admin token when the browser has none or the server refused it. */
export function SignInPage() {
  const auth = useLanyard((s) => s.auth);
  const { signIn } = useActions();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setError('Enter the admin token.');
      return;
    }
    setBusy(true);
    try {
      await signIn(token);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="card sign-in-card" noValidate onSubmit={(event) => void submit(event)}>
        <p className="brand">Lanyard</p>
        <h1>Sign in</h1>
        <p>This Lanyard server needs its admin token before it shows anything.</p>
        <TextField
          id="admin-token"
          label="Admin token"
          type="password"
          value={token}
          onChange={(value) => {
            setToken(value);
            setError(undefined);
          }}
          error={error}
          autoComplete="current-password"
          hint={
            <>
              <code>npm run serve</code> prints it when it starts for the first time, together with a link that signs you in. It is also saved in the file{' '}
              <code>admin-token</code> in Lanyard&apos;s data directory.
            </>
          }
        />
        <div role="alert" className="live-message">
          {auth === 'rejected' && !busy && <p className="notice notice-error">That token was not accepted. Check it and try again.</p>}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
