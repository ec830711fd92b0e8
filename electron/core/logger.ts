/** Where the core writes operational messages (not the admin's activity log). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`[lanyard] ${message}`),
  warn: (message) => console.warn(`[lanyard] ${message}`),
  error: (message) => console.error(`[lanyard] ${message}`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
