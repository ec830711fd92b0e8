/** A set of listeners where one that throws does not stop the others. */
export class ListenerSet<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    const own = (...args: Args) => listener(...args);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  emit(...args: Args): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(...args);
      } catch (error) {
        console.error('[lanyard] a listener failed', error);
      }
    }
  }
}
