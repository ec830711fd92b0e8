import { describe, expect, it } from 'vitest';
import { decodeCheckin, decodeReport, DeviceRequestError } from '../../../electron/core/mdm/protocol-messages';
import { parsePlistDict, PlistDecodeError } from '../../../electron/core/plist/plist-codec';
import { buildBinary, build } from 'plist';

describe('MDM protocol messages', () => {
  it('reads XML and binary plists kept as bytes', () => {
    const value = { MessageType: 'TokenUpdate', UDID: 'U1', Token: new Uint8Array([1, 2, 255]), PushMagic: 'magic' };
    expect(decodeCheckin(parsePlistDict(Buffer.from(build(value))))).toMatchObject({ MessageType: 'TokenUpdate', UDID: 'U1', PushMagic: 'magic' });
    const binary = Buffer.from(buildBinary(value));
    expect(binary.subarray(0, 8).toString()).toBe('bplist00');
    expect(Buffer.from(decodeCheckin(parsePlistDict(binary)).MessageType === 'TokenUpdate' ? (decodeCheckin(parsePlistDict(binary)) as { Token: Uint8Array }).Token : []).toString('hex')).toBe('0102ff');
  });

  it.each([
    [Buffer.alloc(0), /empty/],
    [Buffer.from('<plist><dict><key>a</key>'), /not a valid plist/],
    [Buffer.from(build(['not', 'a', 'dict'])), /dictionary/],
  ])('refuses a body that is not a plist dictionary', (body, message) => {
    expect(() => parsePlistDict(body)).toThrow(PlistDecodeError);
    expect(() => parsePlistDict(body)).toThrow(message);
  });

  it.each([
    [{ UDID: 'U' }, /without MessageType/],
    [{ MessageType: 'Teleport', UDID: 'U' }, /unknown check-in MessageType "Teleport"/],
    [{ MessageType: 'Authenticate' }, /no UDID/],
    [{ MessageType: 'TokenUpdate', UDID: 'U', PushMagic: 'm' }, /malformed TokenUpdate check-in \(Token/],
    [{ MessageType: 'Authenticate', EnrollmentID: 'E' }, /User Enrollment/],
  ])('refuses %j', (message, reason) => {
    expect(() => decodeCheckin(message as never)).toThrow(DeviceRequestError);
    expect(() => decodeCheckin(message as never)).toThrow(reason);
  });

  it('requires a CommandUUID on every status but Idle', () => {
    expect(decodeReport({ UDID: 'U', Status: 'Idle' })).toMatchObject({ Status: 'Idle' });
    expect(() => decodeReport({ UDID: 'U', Status: 'Acknowledged' })).toThrow(/needs a CommandUUID/);
    expect(() => decodeReport({ UDID: 'U', Status: 'Done' })).toThrow(/malformed command report/);
  });
});
