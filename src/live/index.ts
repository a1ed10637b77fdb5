// Live dashboards (issue 7): outbox relay -> (Redis channel | in process) -> per-instance hub -> subscriptions.
import type { Redis } from 'ioredis';
import type { AppServices } from '../app';
import { readAfter } from './events';
import { LiveHub, type LiveBatch } from './hub';
import { DashboardFeeds } from './dashboard-feed';
import { liveOptions } from './options';
import { OutboxRelay, relayKeys } from './relay';
import { CredentialEvents } from './credentials';

export interface LiveServices {
  hub: LiveHub;
  dashboards: DashboardFeeds;
  relay: OutboxRelay;
  /** Revoked API tokens (any instance) -> the streams they hold re-check at once. */
  credentials: CredentialEvents;
  close(): Promise<void>;
}

/** Starts this instance's part of the live stream; `app.live` holds it and `app.close()` stops it. */
export async function startLive(app: AppServices): Promise<LiveServices> {
  const hub = new LiveHub(
    (after) => readAfter(app.db.sql, after, null, liveOptions.relayBatch),
    (err) => app.logger.warn({ err: (err as Error)?.message }, 'live: dispatch failed'),
  );
  let sub: Redis | null = null;
  if (app.redis) {
    const { channel } = relayKeys(app.config.redisPrefix);
    sub = app.redis.duplicate();
    sub.on('error', (err) => app.logger.warn({ err: err.message }, 'live: redis subscriber error'));
    let connectedOnce = false;
    sub.on('ready', () => {
      // after a reconnect, batches published meanwhile were lost for this instance: read them from the outbox
      if (connectedOnce) void hub.resync();
      connectedOnce = true;
    });
    sub.on('message', (ch: string, message: string) => {
      if (ch !== channel) return;
      try {
        void hub.receive(JSON.parse(message) as LiveBatch);
      } catch (err) {
        app.logger.warn({ err: (err as Error).message }, 'live: bad message on the events channel');
      }
    });
    if (sub.status === 'wait') await sub.connect();
    await sub.subscribe(channel);
  }
  const dashboards = new DashboardFeeds(app, hub);
  const relay = new OutboxRelay(app, hub);
  await relay.start();
  const credentials = new CredentialEvents(app);
  await credentials.start();
  let closing: Promise<void> | null = null;
  return {
    hub,
    dashboards,
    relay,
    credentials,
    close: () =>
      (closing ??= (async () => {
        await credentials.close();
        await relay.stop();
        dashboards.close();
        await sub?.quit().catch(() => {});
      })()),
  };
}
