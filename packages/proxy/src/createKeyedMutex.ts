/** Runs tasks one at a time per key, in arrival order; different keys run side by side. */
export interface KeyedMutex {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      // A failed task must not block the next one, so the chain continues on both outcomes.
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        // Drop the entry once nobody queued behind this task, so the map stays small.
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
