/** IPC channel names shared by the main process and the preload. */
export const callChannel = 'lanyard:call';
export const eventChannel = 'lanyard:event';
