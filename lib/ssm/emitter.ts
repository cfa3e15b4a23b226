// Minimal typed event emitter (no Node EventEmitter: this code also runs in the browser).

export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<(arg: never) => void>>();

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, listener: (arg: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (arg: never) => void);
    return () => set.delete(listener as (arg: never) => void);
  }

  /**
   * Call every listener. A throwing listener must not leave protocol state half-updated, so its error
   * is rethrown asynchronously (it still surfaces as an uncaught error) and the others still run.
   */
  protected emit<K extends keyof Events>(event: K, arg: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (arg: Events[K]) => void)(arg);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}
