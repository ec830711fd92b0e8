import type { CommandOutcome, CommandStatus } from './error-chain';
import type { HttpResult } from './https-request';
import { decodePlistDict, dictField, stringField, type PlistDict } from './plist-codec';

export interface ReceivedCommand {
  commandUuid: string;
  requestType: string;
  /** The Command dictionary as received. */
  command: PlistDict;
}

export interface ExecutedCommand extends ReceivedCommand {
  status: CommandStatus;
  /** The report sent back (UDID, CommandUUID, Status and the response keys). */
  report: PlistDict;
}

export interface CommandExchange {
  /** The report PUT to ServerURL. */
  sent: PlistDict;
  httpStatus: number;
  /** The command the server answered with, if any. */
  received?: ReceivedCommand;
}

export type SessionEnd =
  | 'idle' // 200 with an empty body
  | 'http-status' // any non-200
  | 'unreadable-response' // 200 whose body is not a command plist with a CommandUUID
  | 'command-limit'
  | 'device-effect'; // the device wiped or unenrolled itself after acknowledging

export interface ConnectLog {
  exchanges: CommandExchange[];
  commands: ExecutedCommand[];
  httpStatuses: number[];
  endedBy: SessionEnd;
  finalHttpStatus: number;
  /** Response body of the final exchange when it was not a command (e.g. an error text). */
  finalBody: Buffer;
  unenrolled: boolean;
}

export interface SessionHooks {
  udid: string;
  send(report: PlistDict): Promise<HttpResult>;
  execute(command: ReceivedCommand): Promise<CommandOutcome>;
  /** Checked after each report: true ends the session without reading the server's answer. */
  stopAfterReport(): boolean;
  maxCommands: number;
}

/** One command-channel session: Idle, then report each command's result until the server answers with an empty 200. */
export async function runCommandSession(hooks: SessionHooks): Promise<ConnectLog> {
  const log: ConnectLog = { exchanges: [], commands: [], httpStatuses: [], endedBy: 'idle', finalHttpStatus: 0, finalBody: Buffer.alloc(0), unenrolled: false };
  let report: PlistDict = { UDID: hooks.udid, Status: 'Idle' };
  for (;;) {
    const response = await hooks.send(report);
    const exchange: CommandExchange = { sent: report, httpStatus: response.status };
    log.exchanges.push(exchange);
    log.httpStatuses.push(response.status);
    log.finalHttpStatus = response.status;
    if (response.status !== 200) return end(log, 'http-status', response, isUnenrollResponse(response));
    if (hooks.stopAfterReport()) return end(log, 'device-effect', response, false);
    if (response.body.length === 0) return end(log, 'idle', response, false);
    const parsed = readCommand(response.body);
    if (!parsed) return end(log, 'unreadable-response', response, false);
    if (log.commands.length >= hooks.maxCommands) return end(log, 'command-limit', response, false);
    exchange.received = parsed.received;
    const outcome: CommandOutcome = parsed.malformed
      ? { status: 'CommandFormatError', response: { ErrorChain: [{ ErrorCode: 12001, ErrorDomain: 'MCMDMErrorDomain', LocalizedDescription: parsed.malformed, USEnglishDescription: parsed.malformed }] } }
      : await hooks.execute(parsed.received);
    report = { UDID: hooks.udid, CommandUUID: parsed.received.commandUuid, Status: outcome.status, ...outcome.response };
    log.commands.push({ ...parsed.received, status: outcome.status, report });
  }
}

function end(log: ConnectLog, endedBy: SessionEnd, response: HttpResult, unenrolled: boolean): ConnectLog {
  log.endedBy = endedBy;
  log.finalBody = response.body;
  log.unenrolled = unenrolled;
  return log;
}

/** 401, or (iOS 17 / macOS 14) 403 with code com.apple.unrecognized.device, tell the device it is no longer enrolled. */
function isUnenrollResponse(response: HttpResult): boolean {
  if (response.status === 401) return true;
  return response.status === 403 && response.body.toString('utf8').includes('com.apple.unrecognized.device');
}

function readCommand(body: Buffer): { received: ReceivedCommand; malformed?: string } | undefined {
  let plist: PlistDict;
  try {
    plist = decodePlistDict(body);
  } catch {
    return undefined;
  }
  const commandUuid = stringField(plist, 'CommandUUID');
  if (!commandUuid) return undefined;
  const command = dictField(plist, 'Command');
  const requestType = command ? stringField(command, 'RequestType') : undefined;
  const received: ReceivedCommand = { commandUuid, requestType: requestType ?? '', command: command ?? {} };
  if (!command) return { received, malformed: 'Command must be a dictionary' };
  if (!requestType) return { received, malformed: 'RequestType is missing' };
  return { received };
}
