// Subscriptions over SSE carry `id:` lines (the live event id), and a reconnect with `Last-Event-ID` resumes after
// that event, as a browser EventSource does (issue 19). Real HTTP against the running server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/events/outbox';
import type { PrismaClient } from '../../src/db';
import { startTestServer, type TestServer } from '../helpers/server';
import { sleep, until } from './helpers';

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer();
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

async function emit(prisma: PrismaClient, topic: string) {
  await prisma.$transaction(async (tx) => recordEvents(tx as never, { topic, warehouseId: null, payload: { t: topic } }));
}

interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** An SSE GET of /graphql (what EventSource sends), parsed into messages as they arrive. */
function openStream(query: string, headers: Record<string, string> = {}) {
  const ctrl = new AbortController();
  const messages: SseMessage[] = [];
  let raw = '';
  const ready = fetch(`${s.url}/graphql?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${admin}`, ...headers },
    signal: ctrl.signal,
  }).then(async (res) => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          raw += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = raw.indexOf('\n\n')) >= 0) {
            const block = raw.slice(0, cut);
            raw = raw.slice(cut + 2);
            const m: SseMessage = { data: '' };
            let any = false;
            for (const line of block.split('\n')) {
              const [, field, value] = /^([^:]*):? ?(.*)$/.exec(line)!;
              if (field === '') continue; // a comment (keep-alive)
              any = true;
              if (field === 'data') m.data += value;
              else if (field === 'id' || field === 'event') m[field] = value;
            }
            if (any) messages.push(m);
          }
        }
      } catch {
        /* aborted */
      }
    })();
  });
  const next = () => messages.filter((m) => m.event === 'next');
  return {
    ready,
    messages,
    next,
    waitFor: (n: number) => until(() => next().length >= n, 10_000, () => `waited for ${n} messages, got ${JSON.stringify(messages)}`).then(next),
    close: () => ctrl.abort(),
  };
}

describe('activityFeed over SSE', () => {
  it('writes each event with its id, and a reconnect with Last-Event-ID gets exactly the events after it', async () => {
    const first = openStream('subscription { activityFeed { id topic } }');
    await first.ready;
    await sleep(300); // subscription attached to the hub
    await emit(s.app.prisma, 'sse.one');
    await emit(s.app.prisma, 'sse.two');
    const got = await first.waitFor(2);
    const data = got.map((m) => JSON.parse(m.data).data.activityFeed);
    expect(data.map((d) => d.topic)).toEqual(['sse.one', 'sse.two']);
    // the id line is the event id the payload shows
    expect(got.map((m) => m.id)).toEqual(data.map((d) => d.id));
    expect(got[0].id).toMatch(/^\d+$/);
    first.close();

    // missed while disconnected
    await emit(s.app.prisma, 'sse.three');
    await emit(s.app.prisma, 'sse.four');

    // EventSource repeats the original URL (here afterId: "0", i.e. from the beginning) and adds Last-Event-ID:
    // the header wins; the selection has no id field and the id lines are still there
    const again = openStream('subscription { activityFeed(afterId: "0") { topic } }', { 'last-event-id': got[1].id! });
    await again.ready;
    const replayed = await again.waitFor(2);
    expect(replayed.map((m) => JSON.parse(m.data).data.activityFeed.topic)).toEqual(['sse.three', 'sse.four']);
    expect(replayed.every((m) => /^\d+$/.test(m.id ?? ''))).toBe(true);
    expect(BigInt(replayed[0].id!)).toBeGreaterThan(BigInt(got[1].id!));
    await sleep(300);
    await emit(s.app.prisma, 'sse.five');
    const live = await again.waitFor(3);
    expect(live.map((m) => JSON.parse(m.data).data.activityFeed.topic)).toEqual(['sse.three', 'sse.four', 'sse.five']);
    expect(new Set(live.map((m) => m.id)).size).toBe(3);
    await sleep(200);
    expect(again.next()).toHaveLength(3); // no duplicate
    again.close();
  });

  it('answers a Last-Event-ID that is not an event id with a clear error', async () => {
    for (const [header, message] of [
      ['abc', 'Last-Event-ID must be an event id'],
      ['999999999', 'Unknown event id (Last-Event-ID)'],
    ]) {
      const res = await fetch(`${s.url}/graphql?query=${encodeURIComponent('subscription { activityFeed { id } }')}`, {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${admin}`, 'last-event-id': header },
      });
      const text = await res.text();
      expect(text).toContain(`"message":"${message}"`);
      expect(text).toContain('"code":"BAD_USER_INPUT"');
      expect(text).not.toMatch(/^id:/m);
    }
  });

  it('dashboardStats over SSE has no id lines (figures, not events)', async () => {
    const d = openStream('subscription { dashboardStats { openPos } }');
    await d.ready;
    const [m] = await d.waitFor(1);
    expect(JSON.parse(m.data).data.dashboardStats.openPos).toEqual(expect.any(Number));
    expect(m.id).toBeUndefined();
    d.close();
  });
});

describe('typed live events', () => {
  it('answers each topic as its own type with camelCase typed fields, over SSE as over graphql-ws', async () => {
    const stream = openStream(`subscription { activityFeed { __typename topic
      ... on InventoryMovedEvent { transferId itemId fromBinId toBinId quantity }
      ... on SalesOrderCancelledEvent { soId previousStatus released { itemId binId quantity } }
      ... on OtherLiveEvent { payload } } }`);
    await stream.ready;
    await sleep(300);
    await s.app.prisma.$transaction(async (tx) =>
      recordEvents(
        tx as never,
        { topic: 'inventory.moved', warehouseId: null, payload: { transfer_id: 7, item_id: 3, from_bin_id: 4, to_bin_id: 5, quantity: 2 } },
        { topic: 'orders.sales_order_cancelled', warehouseId: null, payload: { so_id: 9, previous_status: 'ALLOCATED', released: [{ item_id: 3, bin_id: 4, quantity: 1 }] } },
        { topic: 'custom.thing', warehouseId: null, payload: { any_key: 1 } },
      ),
    );
    const got = (await stream.waitFor(3)).map((m) => JSON.parse(m.data).data.activityFeed);
    stream.close();
    expect(got).toEqual([
      { __typename: 'InventoryMovedEvent', topic: 'inventory.moved', transferId: 7, itemId: 3, fromBinId: 4, toBinId: 5, quantity: 2 },
      { __typename: 'SalesOrderCancelledEvent', topic: 'orders.sales_order_cancelled', soId: 9, previousStatus: 'ALLOCATED', released: [{ itemId: 3, binId: 4, quantity: 1 }] },
      { __typename: 'OtherLiveEvent', topic: 'custom.thing', payload: { any_key: 1 } },
    ]);
  });
});
