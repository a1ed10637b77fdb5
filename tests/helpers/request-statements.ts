/**
 * Statements and round trips the application sends for a request, counted at the driver (bench/query-counter.ts
 * wraps pg.Client#query; BEGIN and COMMIT that ride with the first and the final statement are counted too).
 * The live relay (src/live/relay.ts) reads the outbox on its own once an event is committed, often while the
 * request's answer is on its way: its reads (they ask for the snapshot horizon) are left out. A round trip starts
 * with a statement sent while none of its connection's statements is waiting for an answer (statements sent
 * together share it).
 */
import pg from 'pg';
import { installQueryCounter, statements } from '../../bench/query-counter';

const RELAY_READ = /pg_snapshot_xmin\(pg_current_snapshot\(\)\)/;
let relayReads = 0;
let trips = 0;
let installed = false;

export function installRequestCounter(): void {
  if (installed) return;
  installed = true;
  installQueryCounter();
  const inFlight = new WeakMap<pg.Client, number>();
  const counted = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: unknown } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (typeof text === 'string' && RELAY_READ.test(text)) relayReads++;
    else if (!inFlight.get(this)) trips++;
    const out = counted.apply(this, args);
    if (out instanceof Promise) {
      inFlight.set(this, (inFlight.get(this) ?? 0) + 1);
      const done = () => void inFlight.set(this, inFlight.get(this)! - 1);
      out.then(done, done);
    }
    return out;
  };
}

/** Statements of the application so far, the relay's reads left out. */
export const requestStatements = () => statements() - relayReads;
/** Round trips of the application so far, the relay's reads left out. */
export const roundTrips = () => trips;
