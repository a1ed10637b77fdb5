// The outbox relay: turns committed outbox rows into the live stream.
//
// Design (issue 7):
// - A trigger on event_outbox NOTIFYs `wms_events`; PostgreSQL delivers it only when the writing transaction
//   commits (never for a rollback). The relay LISTENs on a dedicated connection and, on each notification (and
//   on a slow poll, as a safety net and for PGlite, which has no cross-connection LISTEN here), reads the final
//   rows after its cursor in stream order (see events.ts) — so only committed work is ever published.
// - Under load the relay polls instead (issue 17): NOTIFY serialises every notifying commit in the cluster behind
//   one lock held through the commit's WAL flush. After `busyAfterNotifications` notifications within a second the
//   relay turns busy: it reads every `busyPollMs` and holds the advisory lock RELAY_BUSY_LOCK exclusively on its
//   LISTEN session, and a writer that cannot take that lock shared skips its NOTIFY (migration 20261206000000).
//   After `idleAfterMs` without events it releases the lock, takes a transaction id X (larger than every id
//   assigned before) and keeps polling until a read's horizon passes X: every writer that skipped its NOTIFY had
//   its id before the release, so that read has seen its events. Then it is idle and waits for notifications
//   again. Events only the safety-net poll found (LISTEN down, or another relay without Redis holds the lock)
//   make an idle relay busy. Order and completeness never depend on a notification, only how soon a read runs.
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
import { decodePosition, encodePosition, positionOf, purgeOutbox, readFinal, tailPosition, type Position } from './events';
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

/** Held exclusively by a busy relay; writers skip their NOTIFY while they cannot take it shared ('WMSRELAY'). */
export const RELAY_BUSY_LOCK = '6290775867321499993';

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
  /** idle: woken by notifications; busy: polling, holding RELAY_BUSY_LOCK; settling: polling until the horizon passes `settleAt`. */
  private mode: 'idle' | 'busy' | 'settling' = 'idle';
  /** When notifications arrived while idle, in the last second. */
  private recentNotifications: number[] = [];
  private lastEventsAt = 0;
  private busyTimer: NodeJS.Timeout | null = null;
  private busyLock: 'none' | 'taking' | 'held' = 'none';
  private taking: Promise<void> | null = null;
  private settleAt: bigint | null = null;
  /** Bumped at every change of mode: a settle() that was overtaken does nothing more. */
  private epoch = 0;
  /** Idle, a read saw committed events held back behind an older open transaction: read again this soon. */
  private heldBackDelay = 0;
  private heldBackTimer: NodeJS.Timeout | null = null;
  /** Since the last read started: a notification arrived; the safety-net poll kicked. */
  private notified = false;
  private polled = false;
  /** Statements on the LISTEN session, one after the other. */
  private listenQueue: Promise<unknown> = Promise.resolve();
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
    this.timers.push(
      setInterval(() => {
        this.polled = true;
        this.kick();
      }, pollMs),
    );
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
    this.becomeIdle();
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
    this.becomeIdle();
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

  /** idle (woken by notifications), busy (polling; writers skip their NOTIFY) or settling (polling until idle). */
  get pollMode() {
    return this.mode;
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
    let found = false;
    const unannounced = this.polled && !this.notified;
    this.notified = false;
    this.polled = false;
    while (this.leader && !this.stopped && this.cursor) {
      const { events, horizon, heldBack } = await readFinal(this.app.db.sql, this.cursor, liveOptions.relayBatch);
      if (events.length > 0) found = true;
      if (events.length < liveOptions.relayBatch) this.afterRead(found, unannounced, horizon, heldBack);
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

  /**
   * Moves between idle, busy and settling after a complete read (see the header). PostgreSQL only: PGlite has no
   * notifications to save. Events that only the safety-net poll found (LISTEN down, or another relay holds the
   * lock) make an idle relay busy at once.
   */
  private afterRead(found: boolean, unannounced: boolean, horizon: bigint, heldBack: boolean) {
    if (this.app.db.kind !== 'postgres') return;
    const now = Date.now();
    if (found) this.lastEventsAt = now;
    if (this.mode === 'idle') {
      this.readAgainIfHeldBack(heldBack);
      if (found && unannounced) this.becomeBusy();
    } else if (this.mode === 'busy') {
      if (now - this.lastEventsAt >= liveOptions.idleAfterMs) void this.settle();
    } else if (found) {
      this.becomeBusy();
    } else if (this.settleAt !== null && horizon >= this.settleAt) {
      this.becomeIdle();
    }
  }

  /** Idle, `busyAfterNotifications` notifying commits within a second make the relay busy. */
  private countNotification() {
    if (this.mode !== 'idle') return;
    const now = Date.now();
    this.recentNotifications = this.recentNotifications.filter((t) => now - t < 1000);
    this.recentNotifications.push(now);
    if (this.recentNotifications.length >= liveOptions.busyAfterNotifications) this.becomeBusy();
  }

  /**
   * Committed events behind an older open transaction are published when it ends, and its commit notifies no one
   * when it wrote no event: an idle relay reads again, sooner first (busyPollMs, doubling up to heldBackMaxMs).
   */
  private readAgainIfHeldBack(heldBack: boolean) {
    if (!heldBack) {
      this.heldBackDelay = 0;
      return;
    }
    if (this.heldBackTimer) return;
    this.heldBackDelay = Math.min(liveOptions.heldBackMaxMs, this.heldBackDelay ? this.heldBackDelay * 2 : liveOptions.busyPollMs);
    this.heldBackTimer = setTimeout(() => {
      this.heldBackTimer = null;
      this.kick();
    }, this.heldBackDelay);
  }

  private becomeBusy() {
    if (this.stopped || !this.leader) return;
    if (this.mode !== 'busy') this.epoch++;
    this.mode = 'busy';
    this.settleAt = null;
    this.busyTimer ??= setInterval(() => this.pollBusy(), liveOptions.busyPollMs);
    void this.takeBusyLock();
  }

  /** Releases the lock, then polls until every transaction that had an id by then has ended (horizon past X). */
  private async settle() {
    const epoch = ++this.epoch;
    this.mode = 'settling';
    this.settleAt = null;
    await this.taking; // a lock taken meanwhile is released by takeBusyLock itself
    if (this.epoch !== epoch) return;
    await this.releaseBusyLock();
    try {
      // an id of its own: larger than every id assigned before (a snapshot's xmax is only past the last completed one)
      const { rows } = await this.app.db.sql.query<{ x: string }>(`SELECT pg_current_xact_id()::text AS x`);
      if (this.epoch === epoch) this.settleAt = BigInt(rows[0].x);
    } catch (err) {
      this.app.logger.warn({ err: (err as Error).message }, 'live relay: settle read failed (still polling)');
      if (this.epoch === epoch) this.becomeBusy();
    }
  }

  private becomeIdle() {
    this.epoch++;
    this.mode = 'idle';
    this.settleAt = null;
    this.recentNotifications = [];
    if (this.busyTimer) clearInterval(this.busyTimer);
    this.busyTimer = null;
    if (this.stopped && this.heldBackTimer) clearTimeout(this.heldBackTimer);
    void this.releaseBusyLock();
  }

  /**
   * Takes RELAY_BUSY_LOCK on the LISTEN session. Waiting for it (lock_timeout, set on that session) already makes
   * writers skip their NOTIFY; when it times out (another relay holds it) the next poll tries again.
   */
  private takeBusyLock(): Promise<void> {
    const client = this.listenClient;
    if (!client || this.busyLock !== 'none' || this.mode !== 'busy') return Promise.resolve();
    this.busyLock = 'taking';
    this.taking = this.lockOn(client).finally(() => (this.taking = null));
    return this.taking;
  }

  private async lockOn(client: pg.Client) {
    try {
      await this.onListen(client, 'SELECT pg_advisory_lock($1::bigint)', [RELAY_BUSY_LOCK]);
      if (this.listenClient !== client) return; // the session ended, and the lock with it
      this.busyLock = 'held';
      if (this.mode !== 'busy') await this.releaseBusyLock();
    } catch {
      if (this.busyLock === 'taking') this.busyLock = 'none';
    }
  }

  private async releaseBusyLock() {
    const client = this.listenClient;
    if (this.busyLock !== 'held' || !client) return;
    this.busyLock = 'none';
    await this.onListen(client, 'SELECT pg_advisory_unlock($1::bigint)', [RELAY_BUSY_LOCK]).catch(() => {});
  }

  private onListen(client: pg.Client, text: string, values?: unknown[]) {
    const run = this.listenQueue.then(() => client.query(text, values));
    this.listenQueue = run.catch(() => {});
    return run;
  }

  /** Polls while busy; between polls, takes the lock when it has not got it yet. */
  private pollBusy() {
    this.kick();
    if (this.mode === 'busy') void this.takeBusyLock();
  }

  private async openListen() {
    if (this.app.db.kind !== 'postgres' || !this.app.config.databaseUrl || this.listenClient || this.stopped) return;
    const client = new pg.Client({ connectionString: this.app.config.databaseUrl });
    client.on('notification', () => {
      this.notified = true;
      this.countNotification();
      this.kick();
    });
    client.on('error', (err) => {
      this.app.logger.warn({ err: err.message }, 'live relay: LISTEN connection lost (polling until it is back)');
      if (this.listenClient === client) {
        this.listenClient = null;
        this.busyLock = 'none';
      }
      client.end().catch(() => {});
      // reopen later; the poll keeps the stream going meanwhile
      const t = setTimeout(() => void (this.leader && this.openListen().catch(() => {})), 1000);
      t.unref();
    });
    try {
      await client.connect();
      // a busy relay waits at most this long for RELAY_BUSY_LOCK at a time
      await client.query(`SET lock_timeout = '${liveOptions.busyLockWaitMs}ms'`);
      await client.query('LISTEN wms_events');
      this.listenClient = client;
      this.listenQueue = Promise.resolve();
      this.busyLock = 'none';
      if (this.mode === 'busy') void this.takeBusyLock();
    } catch (err) {
      this.app.logger.warn({ err: (err as Error).message }, 'live relay: LISTEN failed (polling)');
      await client.end().catch(() => {});
    }
  }

  private async closeListen() {
    const c = this.listenClient;
    this.listenClient = null;
    this.busyLock = 'none'; // ending the session releases the lock
    await c?.end().catch(() => {});
  }
}
