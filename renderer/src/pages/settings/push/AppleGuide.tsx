import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../../../contract/errors';
import { downloadFile } from '../../../components/download';
import { TextField } from '../../../components/TextField';
import { useActions, useLanyard } from '../../../state/app-context';
import { errorText } from '../../../state/error-text';

const portal = 'https://identity.apple.com';
const mdmcert = 'https://mdmcert.download';

/** How to get the certificate from Apple, with the certificate request made right here. */
export function AppleGuide() {
  const configured = useLanyard((s) => s.push.value?.configured ?? false);
  return (
    <section className="card settings-section apple-guide" aria-labelledby="apple-guide-title">
      <h2 id="apple-guide-title">Get a certificate from Apple</h2>
      <details open={!configured}>
        <summary>{configured ? 'Show the steps (for a new certificate or a renewal)' : 'Follow these steps'}</summary>
        <ol className="guide-steps">
          <li>
            <h3>Create a certificate request here</h3>
            <p>Lanyard makes a key and a certificate request (CSR) for it. The key stays in Lanyard; only the request leaves.</p>
            <CsrForm />
          </li>
          <li>
            <h3>Have the request signed by an MDM vendor</h3>
            <p>
              Apple accepts only requests signed by an MDM vendor&apos;s certificate. If you have no vendor, the community service{' '}
              <a href={mdmcert} target="_blank" rel="noopener noreferrer">
                mdmcert.download
              </a>{' '}
              signs requests for organisations like yours: you upload the request and get back a signed request to give to Apple.
            </p>
          </li>
          <li>
            <h3>Upload it to the Apple Push Certificates Portal</h3>
            <p>
              Sign in at{' '}
              <a href={portal} target="_blank" rel="noopener noreferrer">
                identity.apple.com
              </a>{' '}
              with an Apple ID your organisation will keep (a personal Apple ID kept for this, or a Managed Apple ID). Write down which one: renewals need the
              same Apple ID. Choose <b>Create a Certificate</b>, accept the terms and upload the signed request.
            </p>
          </li>
          <li>
            <h3>Download the certificate</h3>
            <p>Apple offers a .pem file (“MDM_ … Certificate.pem”). Download it.</p>
          </li>
          <li>
            <h3>Import it above</h3>
            <p>
              Choose <b>Certificate (.pem) and key</b>, load the .pem file and leave the private key empty: Lanyard uses the key of the request made in step 1.
            </p>
          </li>
        </ol>
        <div className="alert alert-info">
          <h3>Renew every year with the same Apple ID</h3>
          <p>
            The certificate is valid for one year. Before it expires, sign in to the portal with the <b>same Apple ID</b> and choose <b>Renew</b> next to the
            existing certificate (not “Create”), with a new request from step 1. A renewed certificate keeps its topic, so enrolled devices keep working. A new
            certificate gets a new topic, and every device would have to enroll again.
          </p>
        </div>
      </details>
    </section>
  );
}

function CsrForm() {
  const { createPushCsr } = useActions();
  const csrPending = useLanyard((s) => s.push.value?.csrPending ?? false);
  const helpdeskEmail = useLanyard((s) => s.settings?.helpdesk.email ?? '');
  const [email, setEmail] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [csr, setCsr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownEmail = email ?? helpdeskEmail;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!shownEmail.trim()) return setEmailError('Enter the e-mail address of the Apple ID you will use.');
    setBusy(true);
    try {
      const { csrPem } = await createPushCsr({ email: shownEmail.trim() });
      setCsr(csrPem);
    } catch (error) {
      if (error instanceof ApiError && error.field === 'email') setEmailError('Enter a valid e-mail address.');
      else setFailure(`The request was not created. ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="csr-form">
      <form className="csr-row" noValidate onSubmit={(event) => void submit(event)} aria-label="Certificate request">
        <TextField
          id="push-csr-email"
          label="E-mail address for the request"
          type="email"
          inputMode="email"
          value={shownEmail}
          onChange={(value) => {
            setEmail(value);
            setEmailError(undefined);
          }}
          error={emailError}
          placeholder="e.g. it@example.com"
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create certificate request'}
        </button>
      </form>
      {csrPending && !csr && (
        <p className="field-hint">A request made here earlier is still waiting. A new request replaces it, and a certificate for the old one can then no longer be imported without its key.</p>
      )}
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
      {csr && (
        <div className="csr-result">
          <p className="notice notice-success" role="status">
            The request was created. Download it for the next step.
          </p>
          <label className="visually-hidden" htmlFor="push-csr-pem">
            Certificate request (CSR)
          </label>
          <textarea id="push-csr-pem" className="input textarea mono" rows={5} readOnly value={csr} />
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => downloadFile('lanyard-push-request.csr', csr, 'application/pkcs10')}>
              Download CSR
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
