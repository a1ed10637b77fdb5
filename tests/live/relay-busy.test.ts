import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/events/outbox';
import type { LiveEvent } from '../../src/live/events';
import { liveOptions } from '../../src/live/options';
import { RELAY_BUSY_LOCK } from '../../src/live/relay';
import { startTestServer, type TestServer } from '../helpers/server';
import { until } from './helpers';

// The relay under load (src/live/relay.ts): it polls and holds RELAY_BUSY_LOCK, writers skip their NOTIFY, and it
// goes back to notifications without losing a writer that skipped its NOTIFY. The safety-net poll is off here
// (10 minutes), so an event that nothing woke the relay for shows as a timeout. Events are final once every older
// transaction on the PostgreSQL server has ended (other databases' too), hence the generous waits.
const DELIVERY_MS = 20_000;
let s: TestServer;
let listener: pg.Client;
const notifications: string[] = [];
const delivered: LiveEvent[] = [];

beforeAll(async () => {
  liveOptions.pollMs = 600_000;
  liveOptions.busyAfterNotifications = 3;
  liveOptions.busyPollMs = 20;
  liveOptions.idleAfterMs = 600_000; // busy until a test lets it settle
  s = await startTestServer(); // no Redis: the server is its own relay
  s.app.live!.hub.listen((e) => delivered.push(e));
  listener = new pg.Client({ connectionString: s.app.config.databaseUrl });
  listener.on('notification', (n) => notifications.push(n.channel));
  await listener.connect();
  await listener.query('LISTEN wms_events');
  await listener.query('LISTEN test_barrier');
});
afterAll(async () => {
  await listener?.end();
  await s?.close();
});

const relay = () => s.app.live!.relay;
const emit = (topic: string) =>
  s.app.prisma.$transaction(async (tx) => recordEvents(tx as never, { topic, warehouseId: null, payload: {} }));
const topics = () => delivered.map((e) => e.topic);
const eventNotifications = () => notifications.filter((c) => c === 'wms_events').length;

/** Every notification of a transaction committed before now has reached `listener` (one queue, in commit order). */
async function notificationsSettled() {
  const before = notifications.filter((c) => c === 'test_barrier').length;
  await s.app.db.sql.query(`SELECT pg_notify('test_barrier', '')`);
  await until(() => notifications.filter((c) => c === 'test_barrier').length > before, 10_000, () => 'barrier notification');
}

/** Sessions holding the busy lock (an advisory lock on a bigint: classid = high 32 bits, objid = low 32 bits). */
async function busyLockHolders(): Promise<number> {
  const key = BigInt(RELAY_BUSY_LOCK);
  const { rows } = await s.app.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND mode = 'ExclusiveLock' AND objsubid = 1
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid::text::bigint = $1::bigint AND objid::text::bigint = $2::bigint`,
    [(key >> 32n).toString(), (key & 0xffffffffn).toString()],
  );
  return rows[0].n;
}

describe('live relay under load', () => {
  it('idle, it is woken by the NOTIFY of each commit', async () => {
    expect(relay().pollMode).toBe('idle');
    const before = eventNotifications();
    await emit('idle.1');
    await until(() => topics().includes('idle.1'), DELIVERY_MS, () => 'idle.1 delivered');
    await notificationsSettled();
    expect(eventNotifications()).toBe(before + 1);
    expect(relay().pollMode).toBe('idle');
    expect(await busyLockHolders()).toBe(0);
  });

  it('busy, it polls and holds the lock; writers skip their NOTIFY and every event arrives in order', async () => {
    for (let i = 0; relay().pollMode !== 'busy'; i++) {
      if (i >= 50) throw new Error('the relay did not turn busy');
      await emit(`burst.${i}`);
    }
    for (let i = 0; (await busyLockHolders()) !== 1; i++) {
      if (i >= 100) throw new Error('the busy relay did not take its lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    await notificationsSettled();
    const before = eventNotifications();
    for (let i = 0; i < 20; i++) await emit(`busy.${i}`);
    await until(() => topics().includes('busy.19'), DELIVERY_MS, () => 'busy.19 delivered');
    await notificationsSettled();
    expect(eventNotifications()).toBe(before);
    expect(topics().filter((t) => t.startsWith('busy.'))).toEqual(Array.from({ length: 20 }, (_, i) => `busy.${i}`));
    const ids = delivered.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
  });

  it('a writer that skipped its NOTIFY and commits while the relay settles is still delivered, then the relay is idle', async () => {
    for (let i = 0; relay().pollMode !== 'busy'; i++) {
      if (i >= 50) throw new Error('the relay did not turn busy');
      await emit(`burst2.${i}`);
    }
    for (let i = 0; (await busyLockHolders()) !== 1; i++) {
      if (i >= 100) throw new Error('the busy relay did not take its lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: (lockFree: boolean) => void;
    const didInsert = new Promise<boolean>((r) => (inserted = r));
    const straggler = s.app.prisma.$transaction(
      async (tx) => {
        await recordEvents(tx as never, { topic: 'straggler', warehouseId: null, payload: {} });
        // what the trigger saw: the relay's lock held, so no NOTIFY at this commit
        const [{ free }] = await tx.$queryRaw<{ free: boolean }[]>`SELECT pg_try_advisory_xact_lock_shared(${RELAY_BUSY_LOCK}::bigint) AS free`;
        inserted(free);
        await gate;
      },
      { timeout: 20_000 },
    );
    expect(await didInsert).toBe(false);
    liveOptions.idleAfterMs = 400;
    // no more events: the relay releases the lock, but cannot be idle while the straggler is open
    await until(() => relay().pollMode === 'settling', 10_000, () => 'settling');
    const reads = relay().readsCompleted;
    await until(() => relay().readsCompleted >= reads + 5, 10_000, () => `reads while settling (mode ${relay().pollMode})`);
    expect(relay().pollMode).toBe('settling');
    expect(await busyLockHolders()).toBe(0);
    const before = eventNotifications();
    release();
    await straggler;
    await until(() => topics().includes('straggler'), DELIVERY_MS, () => 'straggler delivered');
    await until(() => relay().pollMode === 'idle', DELIVERY_MS, () => 'idle again');
    expect(await busyLockHolders()).toBe(0);
    await notificationsSettled();
    expect(eventNotifications()).toBe(before); // the straggler's commit notified no one

    await emit('idle.2');
    await until(() => topics().includes('idle.2'), DELIVERY_MS, () => 'idle.2 delivered');
    await notificationsSettled();
    expect(eventNotifications()).toBe(before + 1);
  });
});
