import type { RequestContext } from '../../context';

/**
 * A minimal per-request batch loader: keys requested while a list is being resolved are fetched with
 * one query on the next turn of the event loop (avoids N+1 on rows whose lookups have no relation).
 */
export function batchLoader<K, V>(fetch: (keys: K[]) => Promise<Map<K, V>>) {
  const cache = new Map<K, Promise<V | undefined>>();
  let queue: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];
  const run = async () => {
    const batch = queue;
    queue = [];
    try {
      const found = await fetch([...new Set(batch.map((b) => b.key))]);
      for (const b of batch) b.resolve(found.get(b.key));
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  };
  return (key: K): Promise<V | undefined> => {
    let p = cache.get(key);
    if (!p) {
      p = new Promise<V | undefined>((resolve, reject) => {
        queue.push({ key, resolve, reject });
        if (queue.length === 1) setImmediate(run);
      });
      cache.set(key, p);
    }
    return p;
  };
}

const perRequest = new WeakMap<RequestContext, Map<string, unknown>>();

/** One loader of each kind per request. */
export function requestLoader<T>(ctx: RequestContext, name: string, create: () => T): T {
  let m = perRequest.get(ctx);
  if (!m) perRequest.set(ctx, (m = new Map()));
  if (!m.has(name)) m.set(name, create());
  return m.get(name) as T;
}
