import QRCode from 'qrcode';

/** The QR code of an invitation encodes exactly its URL, nothing else. */
export async function invitationQrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', width: 640, margin: 4 });
}

export async function invitationQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
