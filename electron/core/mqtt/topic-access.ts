/**
 * Who may do what on Lanyard's MQTT topics. Every agent has its own topic
 * root (`lanyard/agents/<id>`): it may publish only under `<root>/status/`
 * and subscribe only to `<root>/command/…`. Lanyard's own client may use
 * everything under `lanyard/`. Nobody may publish to or subscribe to `$…`
 * topics (`$SYS`, and the sink where refused publishes go).
 */
export type MqttPrincipal = { kind: 'lanyard' } | { kind: 'agent'; agentId: string; topicRoot: string };

/** The root of every topic Lanyard uses. */
export const topicPrefix = 'lanyard/';

export const agentTopicRoot = (agentId: string): string => `${topicPrefix}agents/${agentId}`;

/** A topic name (no wildcards) is valid to publish to. */
function isPlainTopic(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\u0000');
}

export function mayPublish(principal: MqttPrincipal, topic: string): boolean {
  if (!isPlainTopic(topic) || topic.startsWith('$')) return false;
  if (principal.kind === 'lanyard') return topic.startsWith(topicPrefix);
  return topic.startsWith(`${principal.topicRoot}/status/`) && topic.length > principal.topicRoot.length + '/status/'.length;
}

export function maySubscribe(principal: MqttPrincipal, filter: string): boolean {
  if (filter.length === 0 || filter.startsWith('$') || filter.includes('\u0000')) return false;
  if (principal.kind === 'lanyard') return filter.startsWith(topicPrefix);
  const commands = `${principal.topicRoot}/command/`;
  // The filter must be inside the agent's command topics: no wildcard may reach above them.
  return filter.startsWith(commands) && filter.length > commands.length;
}
