/** What an agent needs from an invitation link: the server, the token and the office CA's fingerprint. */
export interface InvitationLink {
  /** https://host:port */
  server: string;
  token: string;
  /** SHA-256 of the office CA's DER certificate, lower-case hex. */
  caSha256: string;
}

/**
 * Reads `https://host:port/enroll/<token>#sha256=<hex>`. A script without a
 * link passes the fingerprint on its own (`--ca-sha256`), which wins over
 * the fragment.
 */
export function readInvitationLink(link: string, caSha256?: string): InvitationLink {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error(`"${link}" is not a link; copy the agent link from the invitation in Lanyard`);
  }
  if (url.protocol !== 'https:') throw new Error('the invitation link must start with https:// (use the agent link shown on the invitation)');
  const match = /^\/enroll\/([A-Za-z0-9_-]{20,100})\/?$/.exec(url.pathname);
  if (!match) throw new Error('this is not a Lanyard invitation link (expected https://…/enroll/<token>)');
  const fragment = new URLSearchParams(url.hash.replace(/^#/, '')).get('sha256') ?? undefined;
  const pin = (caSha256 ?? fragment ?? '').replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(pin)) throw new Error('the link has no office CA fingerprint (#sha256=…); pass it with --ca-sha256 <hex>');
  return { server: url.origin, token: match[1]!, caSha256: pin };
}
