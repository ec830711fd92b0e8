import { createHash } from 'node:crypto';

/**
 * Stable UUIDs for profile payloads, derived from the installation id, so a
 * profile installed again replaces the old one instead of adding a copy.
 */
export function stableUuid(installationId: string, name: string): string {
  const hex = createHash('sha256').update(`${installationId}:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

export function payloadIdentifier(installationId: string, name: string): string {
  return `org.lanyard.${installationId.slice(0, 8)}.${name}`;
}
