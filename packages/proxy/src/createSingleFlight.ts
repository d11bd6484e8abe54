/** Shares one in-flight call per key: concurrent callers with the same key get the same outcome. */
export interface SingleFlight {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const existing = inFlight.get(key);
      if (existing) return existing as Promise<T>;
      const promise = (async () => task())().finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}
