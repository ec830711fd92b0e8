import { Readable } from 'node:stream';
import type { AedesPacket } from 'aedes-packet';
import memoryPersistence from 'aedes-persistence';

/** A retained message as aedes stores it: a PUBLISH. */
type RetainedPacket = Extract<AedesPacket, { cmd: 'publish' }>;

interface TopicNode {
  children: Map<string, TopicNode>;
  packet: RetainedPacket | null;
}

const emptyNode = (): TopicNode => ({ children: new Map(), packet: null });

/**
 * Retained messages in a tree of topic levels, so a SUBSCRIBE finds the
 * retained messages it matches by walking its own levels. aedes's memory
 * persistence tests every retained topic against every new subscription:
 * with ten thousand agents each keeping a retained `status/online`, every
 * agent's subscribe to its own `command/#` read all ten thousand, and
 * connecting the office took minutes of CPU. Matching follows the memory
 * persistence's (Qlobber's) rules exactly: `+` is one non-empty level, `#`
 * any number of levels including none; the tests compare the two.
 */
export class RetainedTopicIndex {
  private readonly root = emptyNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Keeps a retained message; an empty payload removes the topic's. */
  store(packet: RetainedPacket): void {
    const levels = packet.topic.split('/');
    if (packet.payload.length === 0) return this.remove(levels);
    let node = this.root;
    for (const level of levels) {
      let child = node.children.get(level);
      if (!child) node.children.set(level, (child = emptyNode()));
      node = child;
    }
    if (!node.packet) this.count += 1;
    node.packet = { ...packet };
  }

  /** The retained messages matching any of the patterns, each once. */
  *matching(patterns: readonly string[]): Generator<RetainedPacket> {
    const seen = new Set<RetainedPacket>();
    for (const pattern of patterns) {
      for (const packet of this.walk(this.root, pattern.split('/'), 0)) {
        if (seen.has(packet)) continue;
        seen.add(packet);
        yield packet;
      }
    }
  }

  private *walk(node: TopicNode, levels: string[], at: number): Generator<RetainedPacket> {
    if (at === levels.length) {
      if (node.packet) yield node.packet;
      return;
    }
    const level = levels[at]!;
    if (level === '#') {
      yield* this.everything(node);
      return;
    }
    if (level === '+') {
      for (const [name, child] of node.children) if (name !== '') yield* this.walk(child, levels, at + 1);
      return;
    }
    const child = node.children.get(level);
    if (child) yield* this.walk(child, levels, at + 1);
  }

  private *everything(node: TopicNode): Generator<RetainedPacket> {
    if (node.packet) yield node.packet;
    for (const child of node.children.values()) yield* this.everything(child);
  }

  private remove(levels: string[]): void {
    const path: TopicNode[] = [this.root];
    for (const level of levels) {
      const child = path.at(-1)!.children.get(level);
      if (!child) return;
      path.push(child);
    }
    const node = path.at(-1)!;
    if (!node.packet) return;
    node.packet = null;
    this.count -= 1;
    // Drop the branch's empty nodes, so topics that come and go leave nothing behind.
    for (let i = path.length - 1; i > 0; i--) {
      const empty = path[i]!;
      if (empty.packet || empty.children.size > 0) break;
      path[i - 1]!.children.delete(levels[i - 1]!);
    }
  }
}

/** aedes's memory persistence with its retained messages kept in a `RetainedTopicIndex`. */
export function indexedMemoryPersistence(): ReturnType<typeof memoryPersistence> {
  const persistence = memoryPersistence();
  const retained = new RetainedTopicIndex();
  persistence.storeRetained = ((packet: AedesPacket, cb?: (error: Error | null) => void) => {
    retained.store(packet as RetainedPacket);
    if (cb) return void process.nextTick(cb, null);
    return Promise.resolve();
  }) as typeof persistence.storeRetained;
  persistence.createRetainedStream = (pattern) => Readable.from(retained.matching([pattern]));
  persistence.createRetainedStreamCombi = (patterns) => Readable.from(retained.matching(patterns));
  return persistence;
}
