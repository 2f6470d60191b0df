/** The part of the Web Locks API the sync client uses, so tests can share one between clients. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * Creates a lock manager for one JavaScript realm, used where the Web Locks API is missing
 * (jsdom, old browsers). It serializes callers that share the instance but cannot coordinate tabs.
 */
export function createMemoryLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(callback, callback);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

/** Returns the browser's Web Locks (shared by every tab of the origin), else a memory lock. */
export function defaultLocks(): LockManagerLike {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return createMemoryLocks();
  return { request: (name, callback) => locks.request(name, callback) };
}
