/**
 * A PayloadUUID for a payload the builder adds, so other payloads can name it
 * at once (a Wi-Fi network naming its certificate). From getRandomValues,
 * which a page served over plain HTTP on the LAN has too (randomUUID needs a
 * secure context).
 */
export function newPayloadUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
