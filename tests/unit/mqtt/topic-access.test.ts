import { describe, expect, it } from 'vitest';
import { agentTopicRoot, fleetOfTopic, mayPublish, maySubscribe, type MqttPrincipal } from '../../../electron/core/mqtt/topic-access';

const root = agentTopicRoot('a1');
const agent: MqttPrincipal = { kind: 'agent', agentId: 'a1', topicRoot: root };
const lanyard: MqttPrincipal = { kind: 'lanyard' };

describe('MQTT topic rules', () => {
  it('lets an agent publish only under its own status topics', () => {
    expect(mayPublish(agent, `${root}/status/online`)).toBe(true);
    expect(mayPublish(agent, `${root}/status/task/t-1`)).toBe(true);
    for (const topic of [`${root}/status/`, `${root}/status`, `${root}/command/t-1`, `${agentTopicRoot('a2')}/status/online`, `${root}x/status/online`, 'lanyard/agents', '$SYS/x', `${root}/status/+`, `${root}/status/#`, '']) {
      expect(mayPublish(agent, topic), topic).toBe(false);
    }
  });

  it('lets an agent subscribe only inside its own command topics', () => {
    expect(maySubscribe(agent, `${root}/command/#`)).toBe(true);
    expect(maySubscribe(agent, `${root}/command/t-1`)).toBe(true);
    for (const filter of [`${root}/command/`, `${root}/#`, `${root}/+/t-1`, `${agentTopicRoot('a2')}/command/#`, 'lanyard/agents/+/command/#', '#', '+/#', '$SYS/#', `${root}/status/#`, '']) {
      expect(maySubscribe(agent, filter), filter).toBe(false);
    }
  });

  it("lets an agent subscribe to its own fleet's command topics, and no other fleet's", () => {
    expect(maySubscribe(agent, 'lanyard/fleets/desk/command/#', 'desk')).toBe(true);
    expect(maySubscribe(agent, 'lanyard/fleets/desk/command/t-1', 'desk')).toBe(true);
    for (const [filter, fleet] of [
      ['lanyard/fleets/desk/command/#', 'other'],
      ['lanyard/fleets/desk/command/#', null],
      ['lanyard/fleets/+/command/#', '+'],
      ['lanyard/fleets/#', 'desk'],
      ['lanyard/fleets/desk/command/', 'desk'],
      ['lanyard/fleets/desk/status/#', 'desk'],
    ] as const) {
      expect(maySubscribe(agent, filter, fleet), `${filter} in ${fleet}`).toBe(false);
    }
    expect(fleetOfTopic('lanyard/fleets/desk/command/t-1')).toBe('desk');
    expect(fleetOfTopic(`${root}/command/t-1`)).toBeNull();
  });

  it("lets Lanyard's own client use everything under lanyard/, and nothing else", () => {
    expect(mayPublish(lanyard, `${root}/command/t-1`)).toBe(true);
    expect(maySubscribe(lanyard, 'lanyard/agents/+/status/#')).toBe(true);
    expect(mayPublish(lanyard, 'other/topic')).toBe(false);
    expect(maySubscribe(lanyard, '#')).toBe(false);
    expect(maySubscribe(lanyard, '$SYS/#')).toBe(false);
  });
});
