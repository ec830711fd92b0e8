import type { CommandRequest } from './use-enqueue';

/** What "Refresh inventory" queues: the same four commands Lanyard sends after enrollment. */
export const inventoryRequests: readonly CommandRequest[] = [
  { requestType: 'DeviceInformation' },
  { requestType: 'SecurityInfo' },
  { requestType: 'ProfileList' },
  { requestType: 'InstalledApplicationList' },
];
