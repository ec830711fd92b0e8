import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EnrollmentEndpoints } from '../enrollment/enrollment-endpoints';
import type { ScepService } from '../pki/scep/scep-service';
import { handleScepHttp } from '../pki/scep/http-adapter';
import { sendText } from './respond';

/** Handles the MDM check-in and command channel (added by the MDM service). */
export type MdmHandler = (request: IncomingMessage, response: ServerResponse, channel: 'checkin' | 'server', url: URL) => Promise<void>;

/**
 * Routes device requests. The plain-HTTP listener serves only the landing
 * page and the public trust profile; everything with a secret (the enrollment
 * profile, SCEP, MDM) needs HTTPS.
 */
export function deviceRoutes(parts: { enrollment: EnrollmentEndpoints; scep: () => ScepService; mdm?: MdmHandler }) {
  return async (request: IncomingMessage, response: ServerResponse, secure: boolean): Promise<void> => {
    const url = new URL(request.url ?? '/', 'https://device.invalid');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const enroll = /^\/enroll\/([^/]+)(\/trust\.mobileconfig|\/enroll\.mobileconfig)?\/?$/.exec(path);
    if (enroll && (method === 'GET' || method === 'HEAD')) {
      const token = decodeURIComponentSafe(enroll[1]!);
      if (!enroll[2]) return parts.enrollment.landing(token, request, response, secure);
      if (enroll[2] === '/trust.mobileconfig') return parts.enrollment.trustProfile(token, response);
      if (secure) return parts.enrollment.enrollmentProfile(token, response);
    }
    if (secure && path === '/scep') {
      await handleScepHttp(parts.scep(), request, response);
      return;
    }
    if (secure && parts.mdm && (path === '/mdm/checkin' || path === '/mdm/server')) {
      return parts.mdm(request, response, path === '/mdm/checkin' ? 'checkin' : 'server', url);
    }
    sendText(response, 404, 'not found');
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}
