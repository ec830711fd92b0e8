import { readAgentMessage, type AgentMessage } from '../../../contract/agent-protocol';
import type { Logger } from '../logger';
import { topicPrefix } from '../mqtt/topic-access';
import type { LanyardStore } from '../store/lanyard-store';

/** The filter Lanyard's connection subscribes to: every agent's status topics. */
export const agentStatusFilter = `${topicPrefix}agents/+/status/#`;

/**
 * Reads what agents publish: finds the agent by its topic, checks the
 * message against the protocol, and hands on only a valid message from a
 * known agent. Anything else is logged with the agent and the topic and
 * changes nothing.
 */
export class AgentMessageReader {
  constructor(
    private readonly store: LanyardStore,
    private readonly logger: Logger,
    private readonly onMessage: (agentId: string, message: AgentMessage) => void,
  ) {}

  read(topic: string, payload: Buffer): void {
    const agentId = topic.split('/')[2] ?? '';
    const login = this.store.collection('agentLogins').by('agentId', agentId);
    if (!login) {
      this.logger.warn(`agent message ignored: no agent "${agentId}" is enrolled (topic ${topic})`);
      return;
    }
    const read = readAgentMessage(login.topicRoot, topic, payload);
    if (!read.ok) {
      this.logger.warn(`agent message ignored: agent ${agentId}, topic ${topic}: ${read.problem}`);
      return;
    }
    this.onMessage(agentId, read.message);
  }
}
