// Role interfaces for sending Apple MDM wake-up pushes. Implementations:
// ApnsHttp2Provider (talks to APNs), RetryingPushSender and PushHealthCircuit
// (decorators). Nothing here may import electron.

/** One device to wake: its APNs token, PushMagic and the push certificate topic. */
export interface PushTarget {
  deviceId: string;
  /** Device token as hex, as reported in the MDM TokenUpdate. */
  token: string;
  pushMagic: string;
  /** The push certificate's subject UID (com.apple.mgmt.…). */
  topic: string;
}

export type PushOutcome =
  | { kind: 'delivered'; apnsId?: string }
  /** 410 Unregistered/ExpiredToken, 400 BadDeviceToken/DeviceTokenNotForTopic: do not retry. */
  | { kind: 'token-dead'; reason: string }
  /** 403 class: stop pushing and alert the admin until a new push certificate is imported. */
  | { kind: 'certificate-rejected'; reason: string }
  | { kind: 'failed'; reason: string; retryable: boolean };

export interface PushProvider {
  push(target: PushTarget): Promise<PushOutcome>;
  close(): Promise<void>;
}
