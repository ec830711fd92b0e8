type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** "PasscodePresent" → "Passcode present"; "FDE_Enabled" → "FDE enabled". */
export function humanKey(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1).replace(/\b([A-Z])([a-z]+)/g, (_, first: string, rest: string) => first.toLowerCase() + rest);
}

export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.every((v) => typeof v !== 'object' || v === null) ? value.map(valueText).join(', ') : `${value.length} items`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A record as label/value rows, nested records one level deep ("Firewall settings › Firewall enabled"). */
export function flattenRecord(record: Record<string, unknown>): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, Json>)) rows.push({ label: `${humanKey(key)} › ${humanKey(inner)}`, value: valueText(innerValue) });
    } else {
      rows.push({ label: humanKey(key), value: valueText(value) });
    }
  }
  return rows;
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function bytesText(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  if (value >= 1e9) return `${(value / 1e9).toFixed(1)} GB`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)} MB`;
  return `${Math.round(value / 1e3)} KB`;
}
