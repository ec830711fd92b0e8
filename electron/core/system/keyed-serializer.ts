/**
 * Runs work one piece at a time per key (a deployment, an agent, a device),
 * in the order it was asked for, while different keys run side by side. A
 * failed piece does not stop the ones after it; `idle()` waits for all.
 */
export class KeyedSerializer {
  private readonly chains = new Map<string, Promise<void>>();

  run<R>(key: string, work: () => Promise<R>): Promise<R> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return result;
  }

  async idle(): Promise<void> {
    await Promise.all(this.chains.values());
  }
}
