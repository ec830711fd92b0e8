import { calls, isCallName, type CallName, type CallOutput, type CallParsedInput } from '../../../contract/api';
import type { CallDefinition } from '../../../contract/define';
import { ApiError, describeValidationError } from '../../../contract/errors';
import type { ActivityEntry } from '../../../contract/models';
import type { ActivityLog } from '../activity/activity-log';
import type { Logger } from '../logger';

/** Who made a call: the desktop window over IPC, or a browser or script over the admin API. */
export type CallOrigin = 'desktop' | 'admin-api';

export interface CallContext {
  origin: CallOrigin;
  /** A handler may name what it acted on and refine the activity message. */
  audit?: { subject?: ActivityEntry['subject']; message?: string };
}

export type Handler<K extends CallName> = (input: CallParsedInput<K>, context: CallContext) => Promise<CallOutput<K>> | CallOutput<K>;
export type HandlerTable = { [K in CallName]: Handler<K> };

/**
 * The single entry point of both transports: it checks the call name,
 * validates the input against the contract (a bad argument is a 400 naming
 * the field), runs the handler, validates the output, and writes audited
 * calls to the activity log with their outcome.
 */
export class ApiDispatcher {
  constructor(
    private readonly handlers: HandlerTable,
    private readonly activity: ActivityLog,
    private readonly logger: Logger,
  ) {}

  async dispatch(name: string, rawInput: unknown, origin: CallOrigin): Promise<unknown> {
    if (!isCallName(name)) throw new ApiError('not_found', `unknown call "${String(name).slice(0, 80)}"`);
    const definition: CallDefinition = calls[name];
    const context: CallContext = { origin };
    try {
      const parsed = definition.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw describeValidationError(parsed.error);
      const handler = this.handlers[name] as Handler<CallName>;
      const output = await handler(parsed.data as never, context);
      const checked = definition.output.safeParse(output);
      if (!checked.success) {
        this.logger.error(`call ${name} produced an invalid result: ${checked.error.message}`);
        throw new ApiError('internal', `${name} produced an invalid result`);
      }
      if (definition.audit) await this.audit(definition.audit, context, origin, 'ok');
      return checked.data;
    } catch (error) {
      const apiError = toApiError(error, name, this.logger);
      if (definition.audit) await this.audit(definition.audit, context, origin, 'error', apiError.message).catch(() => undefined);
      throw apiError;
    }
  }

  private async audit(summary: string, context: CallContext, origin: CallOrigin, outcome: 'ok' | 'error', failure?: string): Promise<void> {
    const message = context.audit?.message ?? summary;
    const via = origin === 'desktop' ? '' : ' (admin API)';
    await this.activity.record({
      actor: 'admin',
      action: summary,
      outcome,
      message: outcome === 'ok' ? `${message}${via}` : `${summary} failed${via}: ${failure}`,
      ...(context.audit?.subject ? { subject: context.audit.subject } : {}),
    });
  }
}

function toApiError(error: unknown, name: string, logger: Logger): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  logger.error(`call ${name} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
  return new ApiError('internal', message);
}
