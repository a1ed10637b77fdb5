// Subscriptions over SSE (yoga, `Accept: text/event-stream`) with `id:` lines: each activityFeed event carries its
// outbox id, so a browser EventSource that reconnects sends it back as `Last-Event-ID` and the feed resumes after
// it (live.service.ts reads it through the context). yoga's own SSE writer has no ids, hence this one; it keeps
// yoga's framing (a first `:` comment, `event: next` / `event: complete`, keep-alive comments).
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/** Per HTTP request: the id of the live event whose answer is about to be written. */
export interface SseCursor {
  lastEventId?: string;
}

const cursors = new WeakMap<object, SseCursor>();

/** The cursor of an HTTP request (created on first use); the context factory hands it to the subscription. */
export function sseCursorOf(request: object): SseCursor {
  let c = cursors.get(request);
  if (!c) cursors.set(request, (c = {}));
  return c;
}

/** Wraps a stream of events so that handing one on records its id in `cursor` (read when its answer is written). */
export function trackEventIds<T extends { id: string }>(source: AsyncIterable<T>, cursor: SseCursor | undefined): AsyncIterable<T> {
  if (!cursor) return source;
  return {
    [Symbol.asyncIterator]() {
      const it = source[Symbol.asyncIterator]();
      return {
        next: async () => {
          const r = await it.next();
          if (!r.done) cursor.lastEventId = r.value.id;
          return r;
        },
        return: async (v?: unknown) => (it.return ? it.return(v) : { done: true as const, value: undefined as never }),
        throw: async (e?: unknown) => (it.throw ? it.throw(e) : Promise.reject(e)),
      };
    },
  };
}

const KEEP_ALIVE_MS = 12_000;

/** Takes over yoga's SSE writer for streams (single results, e.g. a refused subscription, stay yoga's). */
export function useSseEventIds(): Plugin {
  return {
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      // yoga picked its SSE writer (`processSSEResult`, the only one it uses for subscription streams)
      if (resultProcessor?.name !== 'processSSEResult' || !isAsyncIterable(result)) return;
      const original = resultProcessor;
      setResultProcessor((res, fetchAPI, mediaType) => {
        if (!isAsyncIterable(res)) return original(res, fetchAPI, mediaType);
        const cursor = sseCursorOf(request);
        const iterator = res[Symbol.asyncIterator]();
        const encoder = new fetchAPI.TextEncoder();
        let keepAlive: ReturnType<typeof setInterval> | undefined;
        const stream = new fetchAPI.ReadableStream({
          start(controller) {
            // some browsers only show the response once a first chunk arrives
            controller.enqueue(encoder.encode(':\n\n'));
            keepAlive = setInterval(() => {
              if (controller.desiredSize === null) clearInterval(keepAlive);
              else if (controller.desiredSize > 0) controller.enqueue(encoder.encode(':\n\n'));
            }, KEEP_ALIVE_MS);
          },
          async pull(controller) {
            try {
              const r = await iterator.next();
              if (r.value != null) {
                const id = cursor.lastEventId;
                cursor.lastEventId = undefined;
                // as yoga: `extensions.http` (status hints) is not sent
                const { extensions, ...rest } = r.value;
                const { http: _http, ...ext } = (extensions ?? {}) as Record<string, unknown>;
                const body = JSON.stringify(Object.keys(ext).length > 0 ? { ...rest, extensions: ext } : rest);
                controller.enqueue(encoder.encode(`${id ? `id: ${id}\n` : ''}event: next\ndata: ${body}\n\n`));
              }
              if (r.done) {
                clearInterval(keepAlive);
                controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
                controller.close();
              }
            } catch (e) {
              clearInterval(keepAlive);
              controller.error(e);
            }
          },
          async cancel(reason) {
            clearInterval(keepAlive);
            await iterator.return?.(reason);
          },
        });
        return new fetchAPI.Response(stream, {
          status: 200,
          headers: { 'Content-Type': 'text/event-stream', Connection: 'keep-alive', 'Cache-Control': 'no-cache', 'Content-Encoding': 'none' },
        });
      }, 'text/event-stream');
    },
  };
}
