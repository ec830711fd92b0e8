import type { PlistDict } from '../plist/plist-codec';
import type { MdmReply } from './mdm-request';

/**
 * Lanyard sends no declarations. A device that asks anyway is told so in
 * the shapes it expects: an empty declaration set with a fixed token, and
 * status reports accepted.
 */
export function declarativeManagementReply(message: PlistDict): MdmReply {
  const endpoint = typeof message.Endpoint === 'string' ? message.Endpoint : '';
  const json = (body: unknown): MdmReply => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  if (endpoint === 'tokens') return json({ SyncTokens: { DeclarationsToken: 'lanyard-none', Timestamp: '2026-01-01T00:00:00Z' } });
  if (endpoint === 'declaration-items') return json({ Declarations: { Activations: [], Assets: [], Configurations: [], Management: [] }, DeclarationsToken: 'lanyard-none' });
  return { status: 200 };
}
