// The outbox relay: turns committed outbox rows into the live stream.
//
// Design (issue 7):
// - A trigger on event_outbox NOTIFYs `wms_events`; PostgreSQL delivers it only when the writing transaction
//   commits (never for a rollback). The relay LISTENs on a dedicated connection and, on each notification (and
//   on a slow poll, as a safety net and for PGlite, which has no cross-connection LISTEN here), reads the final
//   rows after its cursor in stream order (see events.ts) — so only committed work is ever published.
// - With Redis (REDIS_URL): ONE relay in the cluster (a leader lease `<prefix>:live:relay:leader`, renewed every
//   second, 5 s TTL) publishes each batch on `<prefix>:live:events` and stores its cursor in
//   `<prefix>:live:relay:cursor`, both in one Lua script that first checks it still holds the lease (a relay
//   that lost the lease can publish nothing). Every instance subscribes to the channel and dispatches to its own
//   subscribers (LiveHub). So the database is read once per change whatever the number of instances, every
//   instance sees the same ordered stream, and a new leader continues from the stored cursor (no gap).
// - Without Redis: the instance is its own relay and hands batches to its hub in process.
// - Retention: the leader deletes events older than EVENT_RETENTION_HOURS that it has already published (hourly).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Redis } from 'ioredis';
import type { AppServices } from '../app';
import { decodePosition, encodePosition, positionOf, purgeOutbox, readAfter, tailPosition, type Position } from './events';
import type { LiveBatch, LiveHub } from './hub';
import { liveOptions } from './options';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const PUBLISH = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[2], ARGV[4])
return 1`;
/** First leader ever: the cursor starts at the current tail (history is for afterId replays, not re-publishing). */
const INIT_CURSOR = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return redis.call('GET', KEYS[2])`;

export interface RelayKeys {
  lock: string;
  cursor: string;
  channel: string;
}

export const relayKeys = (prefix: string): RelayKeys => ({
  lock: `${prefix}:live:relay:leader`,
  cursor: `${prefix}:live:relay:cursor`,
  channel: `${prefix}:live:events`,
});

export class OutboxRelay {
  readonly instanceId = randomUUID();
  private leader = false;
  private cursor: Position | null = null;
  private draining: Promise<void> | null = null;
  private reads = 0;
  private again = false;
  private ticking = false;
  private purging = false;
  private stopped = false;
  private listenClient: pg.Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly redis: Redis | null;
  private readonly keys: RelayKeys;

  constructor(
    private readonly app: AppServices,
    private readonly hub: LiveHub,
  ) {
    this.redis = app.redis;
    this.keys = relayKeys(app.config.redisPrefix);
  }

  get isLeader() {
    return this.leader;
  }

  async start(): Promise<void> {
    if (this.redis) {
      await this.tick();
      this.timers.push(setInterval(() => void this.tick(), liveOptions.leaderTickMs));
    } else {
      await this.becomeLeader();
    }
    const pollMs = this.app.db.kind === 'pglite' ? liveOptions.pglitePollMs : liveOptions.pollMs;
    this.timers.push(setInterval(() => this.kick(), pollMs));
    if (this.app.config.eventRetentionHours > 0) this.timers.push(setInterval(() => void this.purge(), liveOptions.purgeEveryMs));
  }

  /** The leader keeps the outbox to EVENT_RETENTION_HOURS: only events it has already published go. */
  private async purge() {
    if (!this.leader || this.stopped || !this.cursor || this.purging) return;
    this.purging = true;
    try {
      const n = await purgeOutbox(this.app.db.sql, this.app.config.eventRetentionHours, this.cursor);
      if (n > 0) this.app.logger.info({ deleted: n, olderThanHours: this.app.config.eventRetentionHours }, 'live relay: old events purged');
    } catch (err) {
      this.app.logger.warn({ err: (err as Error).message }, 'live relay: purge failed');
    } finally {
      this.purging = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.draining?.catch(() => {});
    await this.closeListen();
    if (this.redis && this.leader) {
      // hand over at once rather than after the lease expires
      await this.redis.eval(RELEASE, 1, this.keys.lock, this.instanceId).catch(() => {});
    }
    this.leader = false;
  }

  /** Leader election round (Redis only): renew the lease, or try to take it. */
  private async tick() {
    if (this.ticking || this.stopped || !this.redis) return;
    this.ticking = true;
    try {
      if (this.leader) {
        const ok = await this.redis.eval(RENEW, 1, this.keys.lock, this.instanceId, String(liveOptions.leaseMs));
        if (ok !== 1) await this.resign('lease lost');
      } else {
        const ok = await this.redis.set(this.keys.lock, this.instanceId, 'PX', liveOptions.leaseMs, 'NX');
        if (ok === 'OK') await this.becomeLeader();
      }
    } catch (err) {
      this.app.logger.warn({ err: (err as Error).message }, 'live relay: leader election failed');
    } finally {
      this.ticking = false;
    }
  }

  private async becomeLeader() {
    let cursor: Position | null;
    if (this.redis) {
      const tail = encodePosition(await tailPosition(this.app.db.sql));
      const stored = (await this.redis.eval(INIT_CURSOR, 2, this.keys.lock, this.keys.cursor, this.instanceId, tail)) as string | null;
      cursor = decodePosition(stored);
      if (!cursor) return; // lease already gone
    } else {
      cursor = await tailPosition(this.app.db.sql);
    }
    this.cursor = cursor;
    this.leader = true;
    this.app.logger.info({ instance: this.instanceId, cursor: encodePosition(cursor) }, 'live relay: leading');
    await this.openListen();
    this.kick();
  }

  private async resign(reason: string) {
    if (!this.leader) return;
    this.leader = false;
    this.app.logger.info({ instance: this.instanceId, reason }, 'live relay: no longer leading');
    await this.closeListen();
  }

  /** Schedules a read of the outbox (coalesced: one read at a time, one more if kicked meanwhile). */
  kick(): void {
    if (!this.leader || this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err) => this.app.logger.warn({ err: (err as Error).message }, 'live relay: read failed'))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Outbox reads finished (a probe: one that started after a commit has seen it, or what holds it back). */
  get readsCompleted() {
    return this.reads;
  }

  private async drain() {
    try {
      await this.drainOnce();
    } finally {
      this.reads++;
    }
  }

  private async drainOnce() {
    while (this.leader && !this.stopped && this.cursor) {
      const events = await readAfter(this.app.db.sql, this.cursor, null, liveOptions.relayBatch);
      if (events.length === 0) return;
      const next = positionOf(events[events.length - 1]);
      const batch: LiveBatch = { prev: encodePosition(this.cursor), events };
      if (this.redis) {
        const ok = await this.redis.eval(
          PUBLISH, 2, this.keys.lock, this.keys.cursor, this.instanceId, this.keys.channel, encodePosition(next), JSON.stringify(batch),
        );
        if (ok !== 1) return void (await this.resign('lease lost while publishing'));
      } else {
        void this.hub.receive(batch);
      }
      this.cursor = next;
      if (events.length < liveOptions.relayBatch) return;
    }
  }

  private async openListen() {
    if (this.app.db.kind !== 'postgres' || !this.app.config.databaseUrl || this.listenClient || this.stopped) return;
    const client = new pg.Client({ connectionString: this.app.config.databaseUrl });
    client.on('notification', () => this.kick());
    client.on('error', (err) => {
      this.app.logger.warn({ err: err.message }, 'live relay: LISTEN connection lost (polling until it is back)');
      if (this.listenClient === client) this.listenClient = null;
      client.end().catch(() => {});
      // reopen later; the poll keeps the stream going meanwhile
      const t = setTimeout(() => void (this.leader && this.openListen().catch(() => {})), 1000);
      t.unref();
    });
    try {
      await client.connect();
      await client.query('LISTEN wms_events');
      this.listenClient = client;
    } catch (err) {
      this.app.logger.warn({ err: (err as Error).message }, 'live relay: LISTEN failed (polling)');
      await client.end().catch(() => {});
    }
  }

  private async closeListen() {
    const c = this.listenClient;
    this.listenClient = null;
    await c?.end().catch(() => {});
  }
}
