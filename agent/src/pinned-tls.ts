import { createHash, X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';

/**
 * Finds the office CA by its fingerprint among the certificates the server
 * presents, and checks that the server's certificate chains to it and names
 * the host. Nothing is sent before this passes; afterwards every connection
 * trusts that CA alone.
 */
export async function fetchPinnedCa(server: string, caSha256: string, timeoutMs = 15_000): Promise<string> {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const chain = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    // The chain is only read here, not trusted: trust comes from the pin, checked below.
    const socket = connect({ host, port, servername: isIp(host) ? undefined : host, rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const peer = socket.getPeerCertificate(true);
      socket.end();
      resolve(peer);
    });
    socket.on('timeout', () => socket.destroy(new Error(`no answer from ${server} within ${timeoutMs / 1000} s`)));
    socket.on('error', (error) => reject(new Error(`cannot reach ${server}: ${error.message}`)));
  });
  const certificates: PeerCertificate[] = [];
  for (let cert: DetailedPeerCertificate | undefined = chain; cert && cert.raw && !certificates.includes(cert); cert = cert.issuerCertificate) certificates.push(cert);
  const ca = certificates.find((cert) => createHash('sha256').update(cert.raw).digest('hex') === caSha256);
  if (!ca) throw new Error(`${server} did not present the office CA whose SHA-256 is ${caSha256}: this is not your office's Lanyard, or the link is wrong`);
  const parsed = certificates.map((cert) => new X509Certificate(cert.raw));
  const caIndex = certificates.indexOf(ca);
  // Each certificate up to the CA must be signed by the next one.
  for (let i = 0; i < caIndex; i += 1) {
    if (!parsed[i]!.verify(parsed[i + 1]!.publicKey)) throw new Error(`${server}'s certificate chain does not lead to the office CA (${parsed[i]!.subject.replace(/\n/g, ', ')} is not signed by the next certificate)`);
  }
  const caPem = parsed[caIndex]!.toString();
  const leaf = parsed[0]!;
  if (!(isIp(host) ? leaf.checkIP(host) : leaf.checkHost(host))) throw new Error(`${server}'s certificate does not name ${host}`);
  return caPem;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
