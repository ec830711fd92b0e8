/**
 * Who may do what on Lanyard's MQTT topics. Every agent has its own topic
 * root (`lanyard/agents/<id>`): it may publish only under `<root>/status/`
 * and subscribe only to `<root>/command/…` and to its fleet's command topics
 * (`lanyard/fleets/<fleetId>/command/…`, for messages to every agent of a
 * fleet), receiving those only while it is in that fleet. Lanyard's own client may use
 * everything under `lanyard/`. Nobody may publish to or subscribe to `$…`
 * topics (`$SYS`, and the sink where refused publishes go).
 */
export type MqttPrincipal = { kind: 'lanyard' } | { kind: 'agent'; agentId: string; topicRoot: string };

/** The root of every topic Lanyard uses. */
export const topicPrefix = 'lanyard/';

export const agentTopicRoot = (agentId: string): string => `${topicPrefix}agents/${agentId}`;

/** Where messages to every agent of a fleet go. */
export const fleetCommandRoot = (fleetId: string): string => `${topicPrefix}fleets/${fleetId}/command/`;

/** The fleet a fleet-command topic is for, or null for any other topic. */
export function fleetOfTopic(topic: string): string | null {
  const match = /^lanyard\/fleets\/([^/]+)\/command\//.exec(topic);
  return match ? match[1]! : null;
}

/** A topic name (no wildcards) is valid to publish to. */
function isPlainTopic(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\u0000');
}

export function mayPublish(principal: MqttPrincipal, topic: string): boolean {
  if (!isPlainTopic(topic) || topic.startsWith('$')) return false;
  if (principal.kind === 'lanyard') return topic.startsWith(topicPrefix);
  return topic.startsWith(`${principal.topicRoot}/status/`) && topic.length > principal.topicRoot.length + '/status/'.length;
}

/** `fleetId`: the agent's fleet now (null: none known), whose command topics it may subscribe to as well. */
export function maySubscribe(principal: MqttPrincipal, filter: string, fleetId: string | null = null): boolean {
  if (filter.length === 0 || filter.startsWith('$') || filter.includes('\u0000')) return false;
  if (principal.kind === 'lanyard') return filter.startsWith(topicPrefix);
  // The filter must be inside the agent's (or its fleet's) command topics: no wildcard may reach above them.
  const inside = (root: string) => filter.startsWith(root) && filter.length > root.length;
  return inside(`${principal.topicRoot}/command/`) || (fleetId !== null && !fleetId.includes('+') && !fleetId.includes('#') && inside(fleetCommandRoot(fleetId)));
}
