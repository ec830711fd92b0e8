import { Loading } from '../components/Loading';
import { SetupWizard } from '../pages/setup/SetupWizard';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { useLanyard } from '../state/app-context';
import { selectSetupComplete } from '../state/selectors';
import { AppShell } from './AppShell';
import { LoadFailed } from './LoadFailed';

/** Chooses the screen: sign-in, loading, the first-run wizard, or the app. */
export function App() {
  const auth = useLanyard((s) => s.auth);
  const loadState = useLanyard((s) => s.load.state);
  const hasData = useLanyard((s) => s.settings !== null && s.status !== null);
  const setupComplete = useLanyard(selectSetupComplete);

  if (auth !== 'ok') return <SignInPage />;
  if (!hasData) {
    return loadState === 'failed' ? (
      <LoadFailed />
    ) : (
      <main className="centered">
        <Loading text="Connecting to Lanyard…" />
      </main>
    );
  }
  if (!setupComplete) return <SetupWizard />;
  return <AppShell />;
}
