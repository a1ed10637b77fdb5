/**
 * `npm run bench:subscribers`: live dashboards under many subscribers (issue 7).
 *
 * The server runs in THIS process (against a fresh database cloned from the migrated test template, with Redis
 * fan-out, as in production); the subscribers run in a child process (so the server's memory is this process's
 * own). The child opens SUBS_COUNT graphql-ws connections, each subscribed to activityFeed(warehouseId) — the
 * first SUBS_DASHBOARD of them also to dashboardStats(warehouseId), on the same socket, as the dashboard page
 * does — then makes SUBS_EVENTS committed changes (REST receives of one unit, SUBS_INTERVAL_MS apart, one at a
 * time) and measures, per subscriber and change, the delay from commit to delivery. The commit instant itself is
 * not observable (track_commit_timestamp is off), so the delay is bracketed:
 *   - upper bound: from the event's created_at (CURRENT_TIMESTAMP: the writing transaction's START, before the
 *     commit) to the client's receipt — the headline figure;
 *   - lower bound: from the REST call's return (after the commit) to the receipt; it can be negative, as the
 *     server may push the event to its subscribers before it writes the HTTP response.
 * Both are on the machine's wall clock (database clock vs performance.timeOrigin + performance.now()).
 * Deliveries missing, duplicated or out of order are counted (all must be zero), and each dashboard
 * subscriber's final figures must include every change. The server's RSS and heap are sampled before the
 * subscribers connect, once they are all subscribed, after the changes, and after they disconnect.
 *
 * Env: SUBS_COUNT (default 1000), SUBS_DASHBOARD (default 100), SUBS_EVENTS (default 50), SUBS_INTERVAL_MS
 * (default 200), SUBS_CONNECT_BATCH (concurrent connection opens, default 50), SUBS_OUT (default
 * bench/results/subscribers.json), REDIS_URL (default redis://127.0.0.1:6379), TEST_DATABASE_URL (the PostgreSQL
 * server, as for the tests). Bounded: the whole run is aborted after SUBS_DEADLINE_S (default 110) seconds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const num = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number`);
  return v;
};
const log = (...a: unknown[]) => process.stderr.write(a.join(' ') + '\n');
const now = () => performance.timeOrigin + performance.now(); // wall clock, sub-millisecond
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
function dist(samples: number[]) {
  const s = Float64Array.from(samples).sort();
  const arr = Array.from(s);
  return {
    samples: arr.length,
    min: round(arr[0] ?? 0, 2),
    p50: round(pct(arr, 0.5), 2),
    p95: round(pct(arr, 0.95), 2),
    p99: round(pct(arr, 0.99), 2),
    max: round(arr[arr.length - 1] ?? 0, 2),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages between the server process (parent) and the subscribers (child)
interface Plan {
  url: string;
  adminToken: string;
  receiverToken: string;
  warehouseId: number;
  poId: number;
  itemId: number;
  binId: number;
  subs: number;
  dashboards: number;
  events: number;
  intervalMs: number;
  connectBatch: number;
  lateWaitMs: number;
}
type ToChild = { type: 'plan'; plan: Plan } | { type: 'go' } | { type: 'disconnect' };
type ToParent =
  | { type: 'connected'; ms: number; failures: string[] }
  | { type: 'done'; result: ClientResult }
  | { type: 'disconnected' }
  | { type: 'fatal'; error: string };

interface ClientResult {
  changes: { restMs: number[]; window: number };
  feed: {
    expected: number;
    delivered: number;
    missing: number;
    duplicates: number;
    outOfOrder: number;
    unexpected: number;
    subscribersComplete: number;
    deliveredLaterThan15sAfterLastChange: number;
    /** upper bound of commit -> delivery: from the event's created_at (transaction start) */
    fromCreatedAtMs: ReturnType<typeof dist>;
    /** lower bound of commit -> delivery: from the REST call's return (may be negative) */
    fromRestReturnMs: ReturnType<typeof dist>;
    /** per change: from created_at until the LAST subscriber had it */
    allDeliveredMs: ReturnType<typeof dist>;
  };
  dashboard: {
    subscribers: number;
    updatesPerSubscriber: { min: number; max: number };
    finalFiguresCorrect: number;
    /** from the created_at of the latest change an update includes (upper bound; the update is debounced) */
    fromCreatedAtMs: ReturnType<typeof dist>;
  };
  closes: number;
  errors: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Child: the subscribers and the writer
async function runClients() {
  const { default: WebSocket } = await import('ws');
  const { createClient } = await import('graphql-ws');
  const send = (m: ToParent) => process.send!(m);
  const FEED = `subscription F($w: Int) { activityFeed(warehouseId: $w) { id topic payload createdAt } }`;
  const DASH = `subscription D($w: Int) { dashboardStats(warehouseId: $w) { itemsAwaitingPutaway pendingReceipts } }`;

  const waitMsg = (type: ToChild['type']) =>
    new Promise<ToChild>((res) => {
      const h = (m: ToChild) => {
        if (m.type === type) {
          process.off('message', h);
          res(m);
        }
      };
      process.on('message', h);
    });
  const plan: Plan = ((await waitMsg('plan')) as Extract<ToChild, { type: 'plan' }>).plan;

  interface FeedSub {
    got: { id: string; receipt: number | null; t: number; createdAt: number }[];
  }
  interface DashSub {
    got: { t: number; putaway: number; pending: number }[];
  }
  const feeds: FeedSub[] = [];
  const dashes: DashSub[] = [];
  const clients: ReturnType<typeof createClient>[] = [];
  const errors: string[] = [];
  let closes = 0;
  const err = (s: string) => {
    if (errors.length < 20) errors.push(s);
  };

  const t0 = now();
  const failures: string[] = [];
  for (let i = 0; i < plan.subs; i += plan.connectBatch) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(plan.subs, i + plan.connectBatch); j++) {
      batch.push(
        new Promise<void>((resolveConn) => {
          let settled = false;
          const done = (f?: string) => {
            if (settled) return;
            settled = true;
            if (f) failures.push(f);
            resolveConn();
          };
          const client = createClient({
            url: plan.url.replace(/^http/, 'ws') + '/graphql',
            webSocketImpl: WebSocket,
            connectionParams: { authorization: `Bearer ${plan.adminToken}` },
            lazy: false,
            retryAttempts: 0,
            shouldRetry: () => false,
            onNonLazyError: (e) => done(`connect ${j}: ${String((e as Error)?.message ?? e)}`),
            on: {
              connected: () => done(),
              closed: (ev: any) => {
                if (ev?.code !== 1000) closes++;
                done(`closed ${j}: ${ev?.code}`);
              },
            },
          });
          clients.push(client);
          const f: FeedSub = { got: [] };
          feeds.push(f);
          client.subscribe(
            { query: FEED, variables: { w: plan.warehouseId } },
            {
              next: (r: any) => {
                const t = now();
                if (r.errors) return err(`feed: ${JSON.stringify(r.errors).slice(0, 200)}`);
                const e = r.data.activityFeed;
                f.got.push({ id: e.id, receipt: e.payload?.receipt_ids?.[0] ?? null, t, createdAt: Date.parse(e.createdAt) });
              },
              error: (e: any) => err(`feed error: ${JSON.stringify(e).slice(0, 200)}`),
              complete: () => {},
            },
          );
          if (j < plan.dashboards) {
            const d: DashSub = { got: [] };
            dashes.push(d);
            client.subscribe(
              { query: DASH, variables: { w: plan.warehouseId } },
              {
                next: (r: any) => {
                  const t = now();
                  if (r.errors) return err(`dashboard: ${JSON.stringify(r.errors).slice(0, 200)}`);
                  const s = r.data.dashboardStats;
                  d.got.push({ t, putaway: s.itemsAwaitingPutaway, pending: s.pendingReceipts });
                },
                error: (e: any) => err(`dashboard error: ${JSON.stringify(e).slice(0, 200)}`),
                complete: () => {},
              },
            );
          }
        }),
      );
    }
    await Promise.all(batch);
  }
  // every dashboard subscriber gets its current figures first
  const deadline = now() + 30_000;
  while (dashes.some((d) => d.got.length === 0) && now() < deadline) await sleep(20);
  send({ type: 'connected', ms: round(now() - t0), failures: failures.slice(0, 20) });

  await waitMsg('go');
  // the changes: one REST receive of one unit at a time, spaced out
  const restReturned = new Map<number, number>(); // receipt id -> time the REST call returned
  const order: number[] = []; // receipt ids in commit order
  const restMs: number[] = [];
  const start = now();
  for (let k = 0; k < plan.events; k++) {
    const due = start + k * plan.intervalMs;
    if (now() < due) await sleep(due - now());
    const sent = now();
    const res = await fetch(`${plan.url}/api/receiving/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.receiverToken}` },
      body: JSON.stringify({ po_id: plan.poId, warehouse_id: plan.warehouseId, items: [{ item_id: plan.itemId, quantity: 1, bin_id: plan.binId }] }),
    });
    const body = (await res.json()) as { receipt_ids?: number[]; error?: string };
    const returned = now();
    if (res.status !== 200 || !body.receipt_ids?.length) throw new Error(`receive ${k}: ${res.status} ${JSON.stringify(body)}`);
    restMs.push(returned - sent);
    restReturned.set(body.receipt_ids[0], returned);
    order.push(body.receipt_ids[0]);
  }
  const window = now() - start;
  // wait for the deliveries (bounded)
  const drainUntil = now() + 15_000;
  const feedDone = () => feeds.every((f) => f.got.length >= plan.events);
  const dashDone = () => dashes.every((d) => d.got.length > 0 && d.got[d.got.length - 1].putaway === d.got[0].putaway + plan.events);
  while (!(feedDone() && dashDone()) && now() < drainUntil) await sleep(50);
  // late deliveries (e.g. held back behind a long transaction elsewhere in the cluster) are waited for, bounded
  const lateUntil = now() + plan.lateWaitMs;
  while (!(feedDone() && dashDone()) && now() < lateUntil) await sleep(50);
  await sleep(500); // anything extra (duplicates) would arrive now

  // activityFeed
  const position = new Map(order.map((r, i) => [r, i]));
  const fromRest: number[] = [];
  const fromCreated: number[] = [];
  const lastPerChange = new Array<number>(plan.events).fill(-Infinity);
  const createdAtOf = new Map<number, number>(); // receipt id -> created_at of its event
  let delivered = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let unexpected = 0;
  let complete = 0;
  let late = 0;
  for (const f of feeds) {
    const seen = new Set<number>();
    let prev = -1;
    let prevId = -1n;
    for (const g of f.got) {
      const k = g.receipt === null ? undefined : position.get(g.receipt);
      if (k === undefined) {
        unexpected++;
        continue;
      }
      if (seen.has(k)) {
        duplicates++;
        continue;
      }
      seen.add(k);
      if (k < prev || BigInt(g.id) <= prevId) outOfOrder++;
      prev = k;
      prevId = BigInt(g.id);
      delivered++;
      if (g.t > drainUntil) late++;
      createdAtOf.set(g.receipt!, g.createdAt);
      fromRest.push(g.t - restReturned.get(g.receipt!)!);
      fromCreated.push(g.t - g.createdAt);
      lastPerChange[k] = Math.max(lastPerChange[k], g.t - g.createdAt);
    }
    if (seen.size === plan.events) complete++;
  }
  const expected = feeds.length * plan.events;

  // dashboardStats: itemsAwaitingPutaway = initial + k after the k-th change (one unit each)
  const dashDelays: number[] = [];
  let finalOk = 0;
  const updates = dashes.map((d) => d.got.length - 1);
  for (const d of dashes) {
    const base = d.got[0];
    for (const u of d.got.slice(1)) {
      const k = u.putaway - base.putaway; // changes included in this update
      const created = k >= 1 && k <= plan.events ? createdAtOf.get(order[k - 1]) : undefined;
      if (created !== undefined) dashDelays.push(u.t - created);
    }
    const last = d.got[d.got.length - 1];
    if (last && last.putaway === base.putaway + plan.events && last.pending === base.pending - plan.events) finalOk++;
  }

  const result: ClientResult = {
    changes: { restMs: restMs.map((x) => round(x, 2)), window: round(window) },
    feed: {
      expected,
      delivered,
      missing: expected - delivered,
      duplicates,
      outOfOrder,
      unexpected,
      subscribersComplete: complete,
      deliveredLaterThan15sAfterLastChange: late,
      fromCreatedAtMs: dist(fromCreated),
      fromRestReturnMs: dist(fromRest),
      allDeliveredMs: dist(lastPerChange.filter((x) => Number.isFinite(x))),
    },
    dashboard: {
      subscribers: dashes.length,
      updatesPerSubscriber: { min: Math.min(...updates), max: Math.max(...updates) },
      finalFiguresCorrect: finalOk,
      fromCreatedAtMs: dist(dashDelays),
    },
    closes,
    errors,
  };
  send({ type: 'done', result });
  await waitMsg('disconnect');
  await Promise.all(clients.map((c) => Promise.resolve(c.dispose()).catch(() => {})));
  send({ type: 'disconnected' });
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: the server
async function runServer() {
  const SUBS = num('SUBS_COUNT', 1000);
  const DASHBOARDS = Math.min(SUBS, num('SUBS_DASHBOARD', 100));
  const EVENTS = num('SUBS_EVENTS', 50);
  const INTERVAL = num('SUBS_INTERVAL_MS', 200);
  const BATCH = Math.max(1, num('SUBS_CONNECT_BATCH', 50));
  const DEADLINE_S = num('SUBS_DEADLINE_S', 110);
  const LATE_WAIT = num('SUBS_LATE_WAIT_MS', 30_000);
  const OUT = resolve(process.env.SUBS_OUT ?? join(HERE, 'results', 'subscribers.json'));
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `wms-bench-subs-${randomBytes(4).toString('hex')}`;

  const { loadConfig } = await import('../src/config');
  const { startServer } = await import('../main');
  const { default: setupTemplate } = await import('../tests/helpers/global-setup');
  const { createTestDatabase } = await import('../tests/helpers/db');
  const { TEST_JWT_SECRET, ADMIN_PASSWORD } = await import('../tests/helpers/server');
  const { seeded, createPo } = await import('../tests/helpers/inbound');
  const { createUser } = await import('../tests/helpers/fixtures');
  const { Redis } = await import('ioredis');
  const { default: pg } = await import('pg');
  const { ADMIN_URL } = await import('../tests/helpers/pg');

  const gc = (globalThis as { gc?: () => void }).gc;
  const mem = async () => {
    if (gc) {
      gc();
      await sleep(50);
      gc();
    }
    const m = process.memoryUsage();
    return { rssMB: round(m.rss / 2 ** 20), heapUsedMB: round(m.heapUsed / 2 ** 20), heapTotalMB: round(m.heapTotal / 2 ** 20), externalMB: round(m.external / 2 ** 20) };
  };

  let child: ChildProcess | null = null;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let db: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  const killer = setTimeout(() => {
    log(`bench:subscribers: aborted after ${DEADLINE_S} s`);
    child?.kill('SIGKILL');
    process.exit(2);
  }, DEADLINE_S * 1000);
  killer.unref();

  const cleanup = async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await server?.close().catch(() => {});
    await db?.drop().catch(() => {});
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length) await r.del(...keys).catch(() => {});
    await r.quit().catch(() => {});
  };

  try {
    const t0 = now();
    await setupTemplate();
    db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      SEED_DEMO_DATA: 'true',
      DB_POOL_MAX: process.env.BENCH_POOL ?? '10',
      REDIS_URL,
      REDIS_PREFIX: prefix,
    });
    server = await startServer(config, { port: 0, host: '127.0.0.1' });
    const app = server.app;
    const live = app.live!;
    for (let i = 0; i < 100 && !live.relay.isLeader; i++) await sleep(100);
    if (!live.relay.isLeader) throw new Error('the relay did not take the lead');

    const ids = await seeded(app);
    const po = await createPo(app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: EVENTS + 10 }] });
    const receiver = await createUser(app, { warehouseIds: [ids.warehouseId], allowedFunctions: ['receive'] });
    const login = async (username: string, password: string) => {
      const r = await fetch(`${server!.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
      return ((await r.json()) as { token: string }).token;
    };
    const plan: Plan = {
      url: server.url,
      adminToken: await login('admin', ADMIN_PASSWORD),
      receiverToken: await login(receiver.username, receiver.password),
      warehouseId: ids.warehouseId,
      poId: po.poId,
      itemId: ids.item3,
      binId: ids.stageBinId,
      subs: SUBS,
      dashboards: DASHBOARDS,
      events: EVENTS,
      intervalMs: INTERVAL,
      connectBatch: BATCH,
      lateWaitMs: LATE_WAIT,
    };
    log(`server up in ${round((now() - t0) / 1000, 1)} s at ${server.url}; ${SUBS} subscribers (${DASHBOARDS} also on dashboardStats), ${EVENTS} changes every ${INTERVAL} ms`);

    const memBefore = await mem();
    const listenersBefore = live.hub.listenerCount;

    child = fork(fileURLToPath(import.meta.url), ['--clients'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const inbox: ToParent[] = [];
    const waiters: (() => void)[] = [];
    child.on('message', (m: ToParent) => {
      inbox.push(m);
      for (const w of waiters.splice(0)) w();
    });
    child.on('exit', (code) => {
      if (code !== 0) inbox.push({ type: 'fatal', error: `subscriber process exited with ${code}` });
      for (const w of waiters.splice(0)) w();
    });
    const next = async <T extends ToParent['type']>(type: T): Promise<Extract<ToParent, { type: T }>> => {
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type || m.type === 'fatal');
        if (i >= 0) {
          const [m] = inbox.splice(i, 1);
          if (m.type === 'fatal') throw new Error(m.error);
          return m as Extract<ToParent, { type: T }>;
        }
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    const toChild = (m: ToChild) => child!.send(m);

    toChild({ type: 'plan', plan });
    const connected = await next('connected');
    if (connected.failures.length) throw new Error(`connections failed: ${connected.failures.join('; ')}`);
    // all subscriptions are attached on the server (the dashboard feeds hold one hub listener of their own)
    for (let i = 0; i < 200 && live.hub.listenerCount < listenersBefore + SUBS; i++) await sleep(50);
    const attached = live.hub.listenerCount - listenersBefore;
    if (attached !== SUBS) throw new Error(`only ${attached} of ${SUBS} activityFeed subscriptions attached`);
    log(`connected ${SUBS} in ${round(connected.ms / 1000, 1)} s`);
    await sleep(300);
    const memConnected = await mem();

    // The relay publishes an event once every transaction with a smaller id has ended, cluster-wide (events.ts):
    // writing transactions open for long anywhere on the PostgreSQL server (other databases too) hold the
    // stream back. They are sampled during the run so that a slow or late delivery can be explained.
    const watcher = new pg.Client({ connectionString: ADMIN_URL });
    await watcher.connect();
    const longTx = new Map<string, { database: string; maxOpenMs: number; state: string; query: string }>();
    let watching = true;
    const watching$ = (async () => {
      while (watching) {
        const { rows } = await watcher.query<{ key: string; datname: string; ms: number; state: string; q: string }>(
          `SELECT pid::text || '@' || xact_start::text AS key, datname, (extract(epoch FROM now() - xact_start) * 1000)::float8 AS ms,
                  coalesce(state, '') AS state, left(regexp_replace(query, '\\s+', ' ', 'g'), 80) AS q
             FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND xact_start < now() - interval '1 second'`,
        );
        for (const r of rows) {
          const prev = longTx.get(r.key);
          longTx.set(r.key, { database: r.datname, maxOpenMs: Math.round(Math.max(prev?.maxOpenMs ?? 0, r.ms)), state: r.state, query: r.q });
        }
        await sleep(250);
      }
    })();
    toChild({ type: 'go' });
    const { result } = await next('done').finally(async () => {
      watching = false;
      await watching$.catch(() => {});
      await watcher.end().catch(() => {});
    });
    const memAfterEvents = await mem();
    toChild({ type: 'disconnect' });
    await next('disconnected');
    for (let i = 0; i < 100 && live.hub.listenerCount > listenersBefore; i++) await sleep(50);
    await sleep(300);
    const memDisconnected = await mem();

    const restSorted = [...result.changes.restMs].sort((a, b) => a - b);
    const out = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGB: round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverage1mAtStart: round(loadavg()[0], 2),
        note: 'server, PostgreSQL, Redis and the subscriber process on the same machine',
      },
      config: { subscribers: SUBS, dashboardSubscribers: DASHBOARDS, changes: EVENTS, intervalMs: INTERVAL, redis: true, gcBeforeSamples: Boolean(gc) },
      connect: { seconds: round(connected.ms / 1000, 2), perSecond: round(SUBS / (connected.ms / 1000)) },
      changes: {
        kind: 'REST POST /api/receiving/receive (1 unit), one at a time',
        windowSeconds: round(result.changes.window / 1000, 2),
        restCallMs: { p50: pct(restSorted, 0.5), p95: pct(restSorted, 0.95), max: restSorted[restSorted.length - 1] },
      },
      activityFeed: result.feed,
      dashboardStats: result.dashboard,
      memory: {
        process: 'the server process (subscribers run in a child process); GC forced before each sample when --expose-gc',
        beforeConnect: memBefore,
        allSubscribed: memConnected,
        afterChanges: memAfterEvents,
        afterDisconnect: memDisconnected,
        perSubscriberKB: {
          rss: round(((memConnected.rssMB - memBefore.rssMB) * 1024) / SUBS, 1),
          heapUsed: round(((memConnected.heapUsedMB - memBefore.heapUsedMB) * 1024) / SUBS, 1),
        },
      },
      longWritingTransactionsOnTheServer: {
        note: 'writing transactions open > 1 s anywhere on the PostgreSQL server during the changes (they hold the live stream back)',
        count: longTx.size,
        sample: [...longTx.values()].sort((a, b) => b.maxOpenMs - a.maxOpenMs).slice(0, 10),
      },
      unexpectedCloses: result.closes,
      errors: result.errors,
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');

    const f = result.feed;
    log('');
    log(`activityFeed: ${f.delivered}/${f.expected} delivered, missing ${f.missing}, duplicates ${f.duplicates}, out of order ${f.outOfOrder}, unexpected ${f.unexpected}, late (> 15 s) ${f.deliveredLaterThan15sAfterLastChange}`);
    if (longTx.size) log(`  long writing transactions elsewhere on the PostgreSQL server: ${longTx.size}, longest ${Math.max(...[...longTx.values()].map((t) => t.maxOpenMs))} ms`);
    log(`  created_at -> delivery ms (upper bound): p50 ${f.fromCreatedAtMs.p50}  p95 ${f.fromCreatedAtMs.p95}  p99 ${f.fromCreatedAtMs.p99}  max ${f.fromCreatedAtMs.max}`);
    log(`  REST return -> delivery ms (lower bound): p50 ${f.fromRestReturnMs.p50}  p95 ${f.fromRestReturnMs.p95}  p99 ${f.fromRestReturnMs.p99}  max ${f.fromRestReturnMs.max}`);
    log(`  per change, created_at until the last subscriber had it: p50 ${f.allDeliveredMs.p50}  p95 ${f.allDeliveredMs.p95}  max ${f.allDeliveredMs.max}`);
    const d = result.dashboard;
    log(`dashboardStats: ${d.subscribers} subscribers, ${d.updatesPerSubscriber.min}-${d.updatesPerSubscriber.max} updates each, final figures right ${d.finalFiguresCorrect}/${d.subscribers}; created_at -> update ms p50 ${d.fromCreatedAtMs.p50} p95 ${d.fromCreatedAtMs.p95} max ${d.fromCreatedAtMs.max}`);
    log(`server memory MB (rss/heapUsed): before ${memBefore.rssMB}/${memBefore.heapUsedMB}, subscribed ${memConnected.rssMB}/${memConnected.heapUsedMB}, after changes ${memAfterEvents.rssMB}/${memAfterEvents.heapUsedMB}, disconnected ${memDisconnected.rssMB}/${memDisconnected.heapUsedMB}`);
    log(`results: ${OUT}`);

    const bad = f.missing + f.duplicates + f.outOfOrder + f.unexpected + (d.subscribers - d.finalFiguresCorrect) + result.closes + result.errors.length;
    await cleanup();
    clearTimeout(killer);
    process.exit(bad === 0 ? 0 : 1);
  } catch (e) {
    log(`bench:subscribers failed: ${(e as Error).stack ?? e}`);
    await cleanup();
    process.exit(1);
  }
}

if (process.argv.includes('--clients')) {
  runClients().catch((e) => {
    process.send?.({ type: 'fatal', error: String((e as Error).stack ?? e) } satisfies ToParent);
    setTimeout(() => process.exit(1), 100);
  });
} else {
  await runServer();
}
