import memoryPersistence from 'aedes-persistence';
import type { AedesPacket } from 'aedes-packet';
import { describe, expect, it } from 'vitest';
import { indexedMemoryPersistence, RetainedTopicIndex } from '../../../electron/core/mqtt/retained-topic-index';

const publish = (topic: string, payload = 'x') => ({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false, brokerId: 'b', brokerCounter: 1 }) as unknown as AedesPacket;

async function topicsOf(stream: NodeJS.ReadableStream): Promise<string[]> {
  const topics: string[] = [];
  for await (const packet of stream as AsyncIterable<{ topic: string }>) topics.push(packet.topic);
  return topics.sort();
}

const topics = ['a', 'a/b', 'a/b/c', 'a//c', 'a/', '/a', 'b/x/status/online', 'lanyard/agents/1/status/online', 'lanyard/agents/2/status/online', 'lanyard/agents/2/status/user', 'lanyard/agents/2/command/t1', '$SYS/broker/uptime', 'ünï/cödé'];
const patterns = ['#', '+', 'a/#', 'a/+', 'a/+/c', '+/b', '+/+', '+/#', 'a/b/#', 'a/b/c/#', '/+', '+/', 'lanyard/agents/+/status/#', 'lanyard/agents/2/command/#', 'lanyard/agents/3/command/#', 'lanyard/+/+/status/online', '$SYS/#', 'ünï/+', 'nothing/here'];

/** Both persistences hold the same retained messages; each answers for the same subscription. */
async function bothAnswer(pattern: string[], stored: string[], removed: string[] = []) {
  const reference = memoryPersistence();
  const indexed = indexedMemoryPersistence();
  for (const persistence of [reference, indexed]) {
    await (persistence as unknown as { setup(broker: unknown): Promise<void> }).setup({});
    for (const topic of stored) await (persistence.storeRetained as unknown as (p: AedesPacket) => Promise<void>)(publish(topic));
    for (const topic of removed) await (persistence.storeRetained as unknown as (p: AedesPacket) => Promise<void>)(publish(topic, ''));
  }
  return { reference: await topicsOf(reference.createRetainedStreamCombi(pattern)), indexed: await topicsOf(indexed.createRetainedStreamCombi(pattern)) };
}

describe('retained messages indexed by topic level', () => {
  it("matches every pattern exactly as aedes's memory persistence does", async () => {
    for (const pattern of patterns) {
      const { reference, indexed } = await bothAnswer([pattern], topics);
      expect(indexed, pattern).toEqual(reference);
    }
    // Overlapping patterns in one SUBSCRIBE: the reference sends a message once per pattern it matches, the index once.
    const { reference, indexed } = await bothAnswer(['a/+', 'a/#', 'lanyard/agents/+/status/online'], topics);
    expect(reference.length).toBeGreaterThan(new Set(reference).size);
    expect(indexed).toEqual([...new Set(reference)]);
  });

  it('forgets a topic whose retained message is cleared, as the reference does', async () => {
    const removed = ['a/b', 'lanyard/agents/1/status/online', 'never/stored'];
    for (const pattern of ['#', 'a/#', 'lanyard/agents/+/status/online']) {
      const { reference, indexed } = await bothAnswer([pattern], topics, removed);
      expect(indexed, pattern).toEqual(reference);
      expect(indexed).not.toContain('a/b');
    }
  });

  it('keeps one message per topic and prunes emptied branches', () => {
    const index = new RetainedTopicIndex();
    index.store(publish('x/y/z', 'old') as never);
    index.store(publish('x/y/z', 'new') as never);
    expect(index.size).toBe(1);
    expect([...index.matching(['x/y/z'])].map((p) => p.payload.toString())).toEqual(['new']);
    index.store(publish('x/y/z', '') as never);
    expect(index.size).toBe(0);
    expect([...index.matching(['#'])]).toEqual([]);
    expect((index as unknown as { root: { children: Map<string, unknown> } }).root.children.size).toBe(0);
  });

  it('finds one agent’s messages among ten thousand by walking only its levels', () => {
    const index = new RetainedTopicIndex();
    for (let i = 0; i < 10_000; i++) index.store(publish(`lanyard/agents/${i}/status/online`) as never);
    let visited = 0;
    const walk = (index as unknown as { walk: (...args: unknown[]) => Generator }).walk;
    (index as unknown as { walk: unknown }).walk = function (this: RetainedTopicIndex, ...args: unknown[]) {
      visited += 1;
      return walk.apply(this, args);
    };
    expect([...index.matching(['lanyard/agents/4242/status/#'])].map((p) => p.topic)).toEqual(['lanyard/agents/4242/status/online']);
    expect(visited).toBeLessThan(10);
  });
});
