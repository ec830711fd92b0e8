import { useState, type FormEvent } from 'react';
import type { PkiStatus as Pki } from '../../../../../contract/enrollment-models';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { downloadFile } from '../../../components/download';
import { Fingerprint } from '../../../components/Fingerprint';
import { LiveMessage, type Message } from '../../../components/LiveMessage';
import { Loading } from '../../../components/Loading';
import { RelativeTime } from '../../../components/RelativeTime';
import { formatDateTime } from '../../../components/time-format';
import { TextAreaField } from '../../../components/TextAreaField';
import { useActions, useLanyard } from '../../../state/app-context';
import { errorText } from '../../../state/error-text';
import { SettingsFrame } from '../SettingsFrame';
import './certificates.css';

/** The office CA (with the fingerprint device users compare) and the TLS certificate devices see. */
export function CertificatesPage() {
  const { value: pki, error } = useLanyard((s) => s.pki);
  return (
    <SettingsFrame intro={<p>The certificates devices see: the office certificate authority they trust, and the certificate of Lanyard&apos;s HTTPS server.</p>}>
      <div className="settings-stack">
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {!pki ? (
          !error && <Loading text="Loading the certificates…" />
        ) : (
          <>
            <OfficeCaCard pki={pki} />
            <TlsCard pki={pki} />
            <ImportTlsForm />
          </>
        )}
      </div>
    </SettingsFrame>
  );
}

function OfficeCaCard({ pki }: { pki: Pki }) {
  const organization = useLanyard((s) => s.settings?.organization.name ?? 'office');
  const ca = pki.ca;
  return (
    <section className="card settings-section" aria-labelledby="office-ca-title">
      <h2 id="office-ca-title">Office certificate authority</h2>
      {!ca ? (
        <p className="muted">The office certificate authority is created when Lanyard first starts its device servers.</p>
      ) : (
        <div className="stack">
          <p className="section-intro">
            Devices trust Lanyard through this certificate authority (CA), installed with the trust profile. The invitation page shows its fingerprint to
            device users: it must be exactly the one below.
          </p>
          <div className="field">
            <span className="fingerprint-label" id="ca-fingerprint-label">
              SHA-256 fingerprint
            </span>
            <Fingerprint value={ca.sha256} id="ca-fingerprint" labelledBy="ca-fingerprint-label" />
          </div>
          <dl className="details">
            <div>
              <dt>Subject</dt>
              <dd>{ca.subject}</dd>
            </div>
            <div>
              <dt>Valid from</dt>
              <dd>{formatDateTime(ca.notBefore)}</dd>
            </div>
            <div>
              <dt>Valid until</dt>
              <dd>
                {formatDateTime(ca.notAfter)} (<RelativeTime iso={ca.notAfter} />)
              </dd>
            </div>
            <div>
              <dt>Private keys</dt>
              <dd>{pki.keyProtection.charAt(0).toUpperCase() + pki.keyProtection.slice(1)}</dd>
            </div>
          </dl>
          <div className="button-row">
            <button type="button" className="button" onClick={() => downloadFile(`${fileName(organization)}-ca.pem`, ca.certificatePem, 'application/x-pem-file')}>
              Download CA certificate
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function TlsCard({ pki }: { pki: Pki }) {
  const publicHost = useLanyard((s) => s.settings?.network.publicHost ?? '');
  const { useOfficeTlsCertificate } = useActions();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const tls = pki.tls;

  const useOffice = async () => {
    setBusy(true);
    setError(null);
    try {
      await useOfficeTlsCertificate();
      setConfirming(false);
      setMessage({ tone: 'success', text: 'Lanyard uses the office certificate again.' });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="tls-title">
      <div className="card-head">
        <h2 id="tls-title">Device-facing TLS certificate</h2>
        {tls && <span className={`badge badge-${tls.source === 'office' ? 'info' : 'ok'}`}>{tls.source === 'office' ? 'Issued by the office CA' : 'Imported'}</span>}
      </div>
      {!tls ? (
        <p className="muted">No TLS certificate yet: it is issued when the device servers first start.</p>
      ) : (
        <div className="stack">
          {tls.coversPublicHost ? (
            <p className="notice notice-success">
              It covers <span className="mono">{publicHost}</span>, the address devices use.
            </p>
          ) : (
            <div className="alert alert-error" role="alert">
              <h3>It does not cover {publicHost}</h3>
              <p>
                Devices reach Lanyard at <span className="mono">{publicHost}</span>, which this certificate is not for: they will refuse to connect. Import a
                certificate for that name, or use the office certificate again.
              </p>
            </div>
          )}
          <dl className="details">
            <div>
              <dt>Hosts</dt>
              <dd className="mono">{tls.hosts.length > 0 ? tls.hosts.join(', ') : '—'}</dd>
            </div>
            <div>
              <dt>Subject</dt>
              <dd>{tls.subject}</dd>
            </div>
            <div>
              <dt>Issuer</dt>
              <dd>{tls.issuer}</dd>
            </div>
            <div>
              <dt>Valid until</dt>
              <dd>
                {formatDateTime(tls.notAfter)} (<RelativeTime iso={tls.notAfter} />)
              </dd>
            </div>
            <div>
              <dt>SHA-256 fingerprint</dt>
              <dd>
                <Fingerprint value={tls.sha256} inline />
              </dd>
            </div>
          </dl>
          {tls.source === 'imported' && (
            <div className="button-row">
              <button type="button" className="button" onClick={() => setConfirming(true)}>
                Use the office certificate again
              </button>
            </div>
          )}
        </div>
      )}
      <LiveMessage message={message} />
      {confirming && (
        <ConfirmDialog
          title="Use the office certificate again?"
          confirmLabel="Use the office certificate"
          busyLabel="Switching…"
          busy={busy}
          error={error}
          onConfirm={() => void useOffice()}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
        >
          <p>Lanyard forgets the imported certificate and its key, and serves a certificate from the office CA for {publicHost || 'the device address'} again.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ImportTlsForm() {
  const { importTlsCertificate } = useActions();
  const [certificatePem, setCertificatePem] = useState('');
  const [privateKeyPem, setPrivateKeyPem] = useState('');
  const [chainPem, setChainPem] = useState('');
  const [errors, setErrors] = useState<{ certificate?: string; key?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const accept = '.pem,.crt,.cer,.key,text/plain,application/x-pem-file';
  const edited = () => {
    setErrors({});
    setFailure(null);
    setMessage(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      ...(certificatePem.trim() ? {} : { certificate: 'Paste the certificate, or load it from its file.' }),
      ...(privateKeyPem.trim() ? {} : { key: 'Paste the private key of the certificate.' }),
    };
    if (Object.keys(missing).length > 0) return setErrors(missing);
    setBusy(true);
    setMessage({ tone: 'info', text: 'Checking and importing the certificate…' });
    try {
      await importTlsCertificate({ certificatePem: certificatePem.trim(), privateKeyPem: privateKeyPem.trim(), chainPem: chainPem.trim() });
      setCertificatePem('');
      setPrivateKeyPem('');
      setChainPem('');
      setMessage({ tone: 'success', text: 'The certificate was imported. Devices get it on their next connection.' });
    } catch (error) {
      setMessage(null);
      setFailure(`The TLS certificate was not imported. ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card settings-section tls-import" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="tls-import-title">
      <h2 id="tls-import-title">Use your own TLS certificate</h2>
      <p className="section-intro">
        For example a certificate from a public CA for a name in your DNS. It must cover the address devices use, and devices must trust its issuer. Profiles
        stay signed by the office CA either way.
      </p>
      <TextAreaField
        id="tls-certificate-pem"
        label="Certificate (PEM)"
        value={certificatePem}
        onChange={(value) => {
          setCertificatePem(value);
          edited();
        }}
        error={errors.certificate}
        fileAccept={accept}
        placeholder="-----BEGIN CERTIFICATE-----"
        rows={5}
      />
      <TextAreaField
        id="tls-key-pem"
        label="Private key (PEM)"
        value={privateKeyPem}
        onChange={(value) => {
          setPrivateKeyPem(value);
          edited();
        }}
        error={errors.key}
        fileAccept={accept}
        placeholder="-----BEGIN PRIVATE KEY-----"
        rows={5}
      />
      <TextAreaField
        id="tls-chain-pem"
        label="Intermediate certificates (PEM, optional)"
        value={chainPem}
        onChange={(value) => {
          setChainPem(value);
          edited();
        }}
        fileAccept={accept}
        rows={4}
        hint="The chain from your certificate up to (not including) the root, if your CA gave you one."
      />
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
      <div className="form-actions">
        <LiveMessage message={message} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import TLS certificate'}
        </button>
      </div>
    </form>
  );
}

function fileName(organization: string): string {
  return (
    organization
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-') || 'office'
  );
}
