import type { PushTarget } from './push-provider';

const HEX_TOKEN = /^(?:[0-9a-fA-F]{2})+$/;

/** Returns why the target cannot be pushed to, or undefined when it is well-formed. */
export function invalidPushTargetReason(target: PushTarget): string | undefined {
  if (typeof target.token !== 'string' || !HEX_TOKEN.test(target.token)) {
    return 'InvalidTarget: device token must be a non-empty, even-length hex string';
  }
  if (typeof target.pushMagic !== 'string' || target.pushMagic.trim() === '') {
    return 'InvalidTarget: PushMagic is empty';
  }
  if (typeof target.topic !== 'string' || target.topic.trim() === '') {
    return 'InvalidTarget: topic is empty';
  }
  return undefined;
}
