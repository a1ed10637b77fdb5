// Per-instance dispatcher: receives ordered event batches (from the Redis channel, or straight from the
// in-process relay) and hands each event once, in stream order, to this instance's subscribers.
//
// Every batch names the position it follows (`prev`). Redis pub/sub is at-most-once: if this instance missed a
// batch (Redis reconnect), `prev` is ahead of what it delivered, and it first catches up from the outbox.
// Anything at or before the last delivered position (a batch re-published after a relay fail-over) is dropped.
import { comparePositions, decodePosition, positionOf, type LiveEvent, type Position } from './events';

export type LiveListener = (e: LiveEvent) => void;

/** What the relay publishes: `events` follow `prev` (encoded position) in stream order. */
export interface LiveBatch {
  prev: string;
  events: LiveEvent[];
}

export class LiveHub {
  private listeners = new Set<LiveListener>();
  private attached = 0;
  private last: Position | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly catchUp: (after: Position) => Promise<LiveEvent[]>,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  listen(fn: LiveListener): () => void {
    this.listeners.add(fn);
    this.attached++;
    return () => void this.listeners.delete(fn);
  }

  get listenerCount() {
    return this.listeners.size;
  }

  /** Listeners ever attached (never decreases): a subscription is live once this moved past it. */
  get listenersAttached() {
    return this.attached;
  }

  /** Batches are processed one after the other (a catch-up read may be in between). */
  receive(batch: LiveBatch): Promise<void> {
    this.chain = this.chain.then(() => this.process(batch)).catch(this.onError);
    return this.chain;
  }

  /** After a lost connection: read what may have been missed. */
  resync(): Promise<void> {
    this.chain = this.chain.then(() => this.fill(null)).catch(this.onError);
    return this.chain;
  }

  private async process(batch: LiveBatch) {
    const prev = decodePosition(batch.prev);
    if (this.last && prev && comparePositions(prev, this.last) > 0) await this.fill(prev);
    this.deliver(batch.events);
  }

  /** Delivers final outbox events after `last` (up to `until` when given, else everything there is). */
  private async fill(until: Position | null) {
    while (this.last) {
      const rows = await this.catchUp(this.last);
      if (rows.length === 0) return;
      this.deliver(rows);
      if (until && comparePositions(this.last, until) >= 0) return;
    }
  }

  private deliver(events: LiveEvent[]) {
    for (const e of events) {
      const p = positionOf(e);
      if (this.last && comparePositions(p, this.last) <= 0) continue;
      this.last = p;
      for (const fn of [...this.listeners]) {
        try {
          fn(e);
        } catch (err) {
          this.onError(err); // one subscriber's failure must not starve the others
        }
      }
    }
  }
}
