import { randomBytes, X509Certificate, createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ApiError } from '../../../contract/errors';
import type { PkiStatus } from '../../../contract/enrollment-models';
import { certificateSummary, createOfficeCa, issueProfileSigningCertificate, issueTlsServerCertificate, keyMatchesCertificate, type CertKeyPem } from '../pki/certificates';
import { signCms } from '../pki/profile-signing';
import type { SecretBox } from '../secrets/secret-box';
import type { LanyardStore } from '../store/lanyard-store';
import type { SealedCertificate } from '../store/schema';

export interface TlsCredentials {
  certificatePem: string;
  privateKeyPem: string;
  /** The certificate followed by its chain, as served to devices. */
  chainPem: string;
  /** CA whose device identities may be presented as TLS client certificates. */
  clientCaPem: string;
}

/**
 * The office's own PKI: a long-lived root CA made at first start, the
 * device-facing TLS certificate (reissued when the public host changes,
 * unless the admin imported their own), the profile-signing certificate and
 * the key behind the per-invitation SCEP challenges. Private keys are sealed
 * by the SecretBox before they reach the store; opened keys stay in memory.
 */
export class OfficePki {
  private readonly opened = new Map<string, string>();

  constructor(
    private readonly store: LanyardStore,
    private readonly secrets: SecretBox,
  ) {}

  /** Creates whatever is missing; returns true when the TLS certificate changed. */
  async ensure(organization: string, publicHost: string): Promise<boolean> {
    const pki = this.store.singleton('pki');
    const ca = pki.ca ? await this.unseal(pki.ca) : createOfficeCa({ organization });
    const signer = pki.profileSigner ? null : issueProfileSigningCertificate(ca, { organization, validityDays: 5 * 365 });
    const challengeKey = pki.sealedChallengeKey ? null : randomBytes(32);
    const wantedHosts = [publicHost];
    const tlsStale = !pki.tls || (pki.tls.source === 'office' && (pki.tls.hosts.join(',') !== wantedHosts.join(',') || expiresWithin(pki.tls.certificatePem, 30)));
    const tls = tlsStale ? issueTlsServerCertificate(ca, { hosts: wantedHosts }) : null;
    if (pki.ca && !signer && !challengeKey && !tls) return false;
    const sealed = {
      ca: pki.ca ?? (await this.seal(ca)),
      profileSigner: signer ? await this.seal(signer) : pki.profileSigner,
      sealedChallengeKey: challengeKey ? await this.secrets.seal(challengeKey) : pki.sealedChallengeKey,
      tls: tls ? { ...(await this.seal(tls)), source: 'office' as const, hosts: wantedHosts, chainPem: ca.certificatePem } : pki.tls,
    };
    await this.store.update((tx) => tx.set('pki', sealed));
    return tls !== null;
  }

  /**
   * Makes the PKI again under a new organization name, as long as nothing was
   * issued from it yet (the CA is made at first start, before the wizard
   * names the office). Returns true when it did.
   */
  async renameIfUnused(organization: string, nothingIssued: boolean): Promise<boolean> {
    const ca = this.store.singleton('pki').ca;
    if (!ca || !nothingIssued) return false;
    const current = new X509Certificate(ca.certificatePem).subject.split('\n').find((line) => line.startsWith('O='))?.slice(2);
    if (current === organization) return false;
    await this.store.update((tx) => {
      const { tls } = this.store.singleton('pki');
      tx.set('pki', { ca: null, profileSigner: null, tls: tls?.source === 'imported' ? tls : null, sealedChallengeKey: null });
    });
    return true;
  }

  caCertificatePem(): string {
    const ca = this.store.singleton('pki').ca;
    if (!ca) throw new Error('the office CA has not been created yet');
    return ca.certificatePem;
  }

  async ca(): Promise<CertKeyPem> {
    return this.unseal(this.required('ca'));
  }

  async profileSigner(): Promise<CertKeyPem> {
    return this.unseal(this.required('profileSigner'));
  }

  /** A profile (plist bytes) signed by the office's profile-signing identity, the CA certificate included (CMS, content attached). */
  async signProfile(plist: Buffer): Promise<Buffer> {
    return signCms(plist, await this.profileSigner(), [this.caCertificatePem()]);
  }

  async tlsCredentials(): Promise<TlsCredentials> {
    const tls = this.store.singleton('pki').tls;
    if (!tls) throw new Error('no TLS certificate yet');
    const opened = await this.unseal(tls);
    return { ...opened, chainPem: `${tls.certificatePem.trim()}\n${tls.chainPem.trim()}\n`.trim() + '\n', clientCaPem: this.caCertificatePem() };
  }

  /** The SCEP challenge of an invitation: its id plus an HMAC only this office can make. */
  async challengeFor(invitationId: string): Promise<string> {
    return `${invitationId}.${(await this.challengeMac(invitationId)).toString('base64url')}`;
  }

  /** The invitation a challenge belongs to, or null when it was not made here. */
  async invitationOfChallenge(challenge: string): Promise<string | null> {
    const dot = challenge.lastIndexOf('.');
    if (dot <= 0) return null;
    const id = challenge.slice(0, dot);
    const given = Buffer.from(challenge.slice(dot + 1), 'base64url');
    const expected = await this.challengeMac(id);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  async importTls(certificatePem: string, privateKeyPem: string, chainPem: string, publicHost: string, now = new Date()): Promise<PkiStatus> {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(certificatePem);
    } catch {
      throw new ApiError('bad_request', 'certificatePem is not a PEM certificate', 'certificatePem');
    }
    if (!keyMatchesCertificate(certificatePem, privateKeyPem)) throw new ApiError('bad_request', 'the private key does not belong to this certificate', 'privateKeyPem');
    if (new Date(certificate.validTo) <= now) throw new ApiError('bad_request', `this certificate expired on ${new Date(certificate.validTo).toISOString()}`, 'certificatePem');
    if (!covers(certificate, publicHost)) {
      throw new ApiError('bad_request', `this certificate is not valid for ${publicHost}, the address devices use (see Settings › Network)`, 'certificatePem');
    }
    const sealed = await this.seal({ certificatePem, privateKeyPem });
    await this.store.update((tx) => tx.set('pki', { ...this.store.singleton('pki'), tls: { ...sealed, source: 'imported', hosts: subjectAltNames(certificate), chainPem } }));
    return this.status(publicHost);
  }

  /** Drops an imported certificate and goes back to one issued by the office CA. */
  async useOfficeTls(organization: string, publicHost: string): Promise<PkiStatus> {
    await this.store.update((tx) => tx.set('pki', { ...this.store.singleton('pki'), tls: null }));
    await this.ensure(organization, publicHost);
    return this.status(publicHost);
  }

  status(publicHost: string): PkiStatus {
    const { ca, tls } = this.store.singleton('pki');
    const info = (pem: string) => {
      const { subject, issuer, notBefore, notAfter, sha256 } = certificateSummary(pem);
      return { subject, issuer, notBefore, notAfter, sha256 };
    };
    return {
      ca: ca ? { ...info(ca.certificatePem), certificatePem: ca.certificatePem } : null,
      tls: tls ? { ...info(tls.certificatePem), source: tls.source, hosts: tls.hosts, coversPublicHost: covers(new X509Certificate(tls.certificatePem), publicHost) } : null,
      keyProtection: this.secrets.description,
    };
  }

  private required(which: 'ca' | 'profileSigner'): SealedCertificate {
    const sealed = this.store.singleton('pki')[which];
    if (!sealed) throw new Error(`the office ${which === 'ca' ? 'CA' : 'profile-signing certificate'} has not been created yet`);
    return sealed;
  }

  /** An HMAC only this office can make over `text`, for links that must not be altered (file downloads). */
  async linkSignature(text: string): Promise<string> {
    return createHmac('sha256', await this.macKey()).update(`signed-link:${text}`).digest().subarray(0, 24).toString('base64url');
  }

  /** Whether `signature` is this office's signature of `text`. */
  async linkSignatureValid(text: string, signature: string): Promise<boolean> {
    const given = Buffer.from(signature, 'base64url');
    const expected = Buffer.from(await this.linkSignature(text), 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async macKey(): Promise<Buffer> {
    const sealedKey = this.store.singleton('pki').sealedChallengeKey;
    if (!sealedKey) throw new Error('the office signing key for links has not been created yet');
    return Buffer.from(await this.openCached(sealedKey, 'binary-base64'), 'base64');
  }

  private async challengeMac(invitationId: string): Promise<Buffer> {
    const sealedKey = this.store.singleton('pki').sealedChallengeKey;
    if (!sealedKey) throw new Error('the SCEP challenge key has not been created yet');
    const key = Buffer.from(await this.openCached(sealedKey, 'binary-base64'), 'base64');
    return createHmac('sha256', key).update(`scep-challenge:${invitationId}`).digest().subarray(0, 18);
  }

  private async seal(pair: CertKeyPem): Promise<SealedCertificate> {
    return { certificatePem: pair.certificatePem, sealedKey: await this.secrets.seal(Buffer.from(pair.privateKeyPem)) };
  }

  private async unseal(sealed: SealedCertificate): Promise<CertKeyPem> {
    return { certificatePem: sealed.certificatePem, privateKeyPem: await this.openCached(sealed.sealedKey, 'utf8') };
  }

  private async openCached(sealed: string, as: 'utf8' | 'binary-base64'): Promise<string> {
    let value = this.opened.get(sealed);
    if (value === undefined) {
      const plain = await this.secrets.open(sealed);
      value = as === 'utf8' ? plain.toString('utf8') : plain.toString('base64');
      this.opened.set(sealed, value);
    }
    return value;
  }
}

function expiresWithin(certificatePem: string, days: number): boolean {
  return new Date(new X509Certificate(certificatePem).validTo).getTime() - Date.now() < days * 86_400_000;
}

function covers(certificate: X509Certificate, host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) ? certificate.checkIP(bare) !== undefined : certificate.checkHost(bare) !== undefined;
}

function subjectAltNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(',')
    .map((part) => part.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
}
