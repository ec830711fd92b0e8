import { useState, type FormEvent } from 'react';
import type { CallOutput } from '../../../../../contract/api';
import { readFile } from '../../../components/download';
import { LiveMessage, type Message } from '../../../components/LiveMessage';
import { TextAreaField } from '../../../components/TextAreaField';
import { TextField } from '../../../components/TextField';
import { formatDateTime } from '../../../components/time-format';
import { useActions } from '../../../state/app-context';
import { errorText } from '../../../state/error-text';

type Mode = 'pem' | 'p12';
type Result = CallOutput<'push.importCertificate'>;

const pemAccept = '.pem,.crt,.cer,.key,text/plain,application/x-pem-file';

/** Import by PEM certificate (with its key, or the key of a request made here) or by .p12 file and password. */
export function ImportPushForm() {
  const { importPushCertificate } = useActions();
  const [mode, setMode] = useState<Mode>('pem');
  const [certificatePem, setCertificatePem] = useState('');
  const [privateKeyPem, setPrivateKeyPem] = useState('');
  const [p12, setP12] = useState<{ name: string; base64: string } | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ certificate?: string; p12?: string }>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  const edited = () => {
    setMessage(null);
    setFailure(null);
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    setFailure(null);
    if (mode === 'pem' && !certificatePem.trim()) return setErrors({ certificate: 'Paste the push certificate, or load it from its .pem file.' });
    if (mode === 'p12' && !p12) return setErrors({ p12: 'Choose the .p12 file.' });
    setBusy(true);
    setMessage({ tone: 'info', text: 'Checking and importing the certificate…' });
    try {
      const input =
        mode === 'pem'
          ? { certificatePem: certificatePem.trim(), ...(privateKeyPem.trim() ? { privateKeyPem: privateKeyPem.trim() } : {}) }
          : { p12Base64: p12!.base64, password };
      const imported = await importPushCertificate(input);
      setResult(imported);
      setMessage(null);
      setCertificatePem('');
      setPrivateKeyPem('');
      setP12(null);
      setPassword('');
    } catch (error) {
      setMessage(null);
      setFailure(`The push certificate was not imported. ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card settings-section push-import" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="push-import-title">
      <h2 id="push-import-title">Import a push certificate</h2>
      <div className="fields">
        <fieldset className="choice-group push-mode">
          <legend>What you have</legend>
          <label className="choice">
            <input type="radio" name="push-mode" checked={mode === 'pem'} onChange={() => {
                setMode('pem');
                edited();
              }} />
            <span className="choice-text">
              <span className="choice-value">Certificate (.pem) and key</span>
              <span className="choice-detail">The .pem file from Apple&apos;s portal, with its private key, or alone after a request made here.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="push-mode" checked={mode === 'p12'} onChange={() => {
                setMode('p12');
                edited();
              }} />
            <span className="choice-text">
              <span className="choice-value">A .p12 file</span>
              <span className="choice-detail">Certificate and key in one file, for example exported from Keychain Access, with its password.</span>
            </span>
          </label>
        </fieldset>
        {mode === 'pem' ? (
          <>
            <TextAreaField
              id="push-certificate-pem"
              label="Push certificate (PEM)"
              value={certificatePem}
              onChange={(value) => {
                setCertificatePem(value);
                edited();
              }}
              error={errors.certificate}
              fileAccept={pemAccept}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
            <TextAreaField
              id="push-key-pem"
              label="Private key (PEM)"
              value={privateKeyPem}
              onChange={(value) => {
                setPrivateKeyPem(value);
                edited();
              }}
              fileAccept={pemAccept}
              placeholder="-----BEGIN PRIVATE KEY-----"
              hint="Leave this empty when the certificate answers a request (CSR) made on this page: Lanyard uses that request's key."
            />
          </>
        ) : (
          <div className="field-grid">
            <div className={`field${errors.p12 ? ' field-invalid' : ''}`}>
              <label htmlFor="push-p12-file">.p12 file</label>
              <input
                id="push-p12-file"
                className="input"
                type="file"
                accept=".p12,.pfx,application/x-pkcs12"
                aria-describedby={errors.p12 ? 'push-p12-error' : undefined}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  edited();
                  if (!file) return setP12(null);
                  readFile(file, 'base64').then(
                    (base64) => setP12({ name: file.name, base64 }),
                    (error: Error) => setErrors({ p12: error.message }),
                  );
                }}
              />
              {errors.p12 && (
                <p id="push-p12-error" className="field-error">
                  {errors.p12}
                </p>
              )}
            </div>
            <TextField id="push-p12-password" label=".p12 password" type="password" value={password} onChange={(value) => {
                setPassword(value);
                edited();
              }} autoComplete="off" />
          </div>
        )}
      </div>
      {failure && (
        <p className="notice notice-error push-failure" role="alert">
          {failure}
        </p>
      )}
      {result && <ImportResult result={result} />}
      <div className="form-actions">
        <LiveMessage message={message} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import push certificate'}
        </button>
      </div>
    </form>
  );
}

function ImportResult({ result }: { result: Result }) {
  return (
    <div className="push-result" role="status">
      {result.warning && (
        <div className="alert alert-error push-topic-warning" role="alert">
          <h3>⚠ The push topic changed</h3>
          <p>{result.warning}</p>
        </div>
      )}
      <div className="notice notice-success">
        <p>The push certificate was imported.</p>
        <dl className="details">
          <div>
            <dt>Topic</dt>
            <dd className="mono">{result.topic}</dd>
          </div>
          <div>
            <dt>Valid until</dt>
            <dd>{formatDateTime(result.notAfter)}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
