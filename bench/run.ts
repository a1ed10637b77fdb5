/**
 * `npm run bench`: the warehouse day under load, REST and GraphQL against the server started in-process,
 * and the same transactions straight to PostgreSQL (the limit), at several concurrency levels.
 *
 * Env: BENCH_SECONDS (per level and face, default 20), BENCH_CONCURRENCY (default 1,8,32,64),
 * BENCH_FACES (default sql,rest,graphql), BENCH_POOL (connection pool of the server and of the direct-SQL
 * face, default 10), BENCH_WORKERS (server processes; default 0: the server runs inside this process),
 * BENCH_LOOKUP_CONCURRENCY (the lookups-only runs, default 32), BENCH_LOOKUP_INTERVAL_MS (their paced runs: each
 * scanner scans once per interval, default 100,300,1000),
 * BENCH_OUT (default bench/results/latest.json), REDIS_URL (default redis://127.0.0.1:6379).
 *
 * With BENCH_WORKERS = N > 0 the server runs as N cluster workers (src/cluster.ts, as `WEB_CONCURRENCY=N npm start`)
 * sharing one port, each with a pool of BENCH_POOL / N connections, so the API and the direct-SQL face hold the same
 * number of database connections. Statements and CPU are then summed over the workers and this process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';
import { installQueryCounter, markOwn, statements } from './query-counter';
import { runWarehouseDay } from './workflow';

installQueryCounter(); // before any pg client exists

const { loadConfig } = await import('../src/config');
const { startServer } = await import('../src/server');
const { startCluster } = await import('../src/cluster');
const { createLogger } = await import('../src/logger');
const { default: setupTemplate } = await import('../tests/helpers/global-setup');
const { createTestDatabase } = await import('../tests/helpers/db');
const { createWorld, createUnits, reconcile } = await import('./data');
const { restFace, graphqlFace } = await import('./faces');
const { directSqlFace } = await import('./direct-sql');
const { Recorder, pct, round } = await import('./stats');
const { renderChart } = await import('./chart');
type Face = import('./faces').Face;
type Unit = import('./data').Unit;
type World = import('./data').World;

const HERE = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32,64').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const FACES = (process.env.BENCH_FACES ?? 'sql,rest,graphql').split(',').map((s) => s.trim()) as Face['name'][];
const POOL = Number(process.env.BENCH_POOL ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 0);
// paced lookup runs: each scanner scans once per interval (100 ms: 320 lookups/s for 32 scanners; 1000 ms: a person)
const LOOKUP_INTERVALS_MS = (process.env.BENCH_LOOKUP_INTERVAL_MS ?? '100,300,1000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const LOOKUP_LEVELS = (process.env.BENCH_LOOKUP_CONCURRENCY ?? '32').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const OUT = resolve(process.env.BENCH_OUT ?? join(HERE, 'results', 'latest.json'));
const REFILL = 10;
const ADMIN_PASSWORD = 'Bench-admin-1234';

const log = (...a: unknown[]) => process.stderr.write(a.join(' ') + '\n');

async function main() {
  await setupTemplate();
  const db = await createTestDatabase();
  const redisPrefix = `bench-${process.pid}-${Date.now()}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'false',
    DB_POOL_MAX: String(WORKERS > 0 ? Math.max(1, Math.ceil(POOL / WORKERS)) : POOL),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
  };
  const server = WORKERS > 0 ? await startWorkers(env) : await inProcessServer(env);
  const dataPool = new pg.Pool({ connectionString: db.url, max: 4 });
  markOwn(dataPool, 'data');
  // the server's pool settings (src/db/client.ts), so both keep idle connections as long
  const sqlPool = new pg.Pool({ connectionString: db.url, max: POOL, idleTimeoutMillis: 30_000, options: '-c TimeZone=UTC' });
  markOwn(sqlPool, 'sql');
  // Dropping the database at the end terminates idle connections; that must not crash the report.
  for (const pool of [dataPool, sqlPool]) pool.on('error', () => {});

  let rssMax = 0;
  let serverRssMax = 0;
  const rssTimer = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    void server.stats().then((s) => (serverRssMax = Math.max(serverRssMax, s.rss)), () => {});
  }, 500);
  const started = Date.now();
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const world = await createWorld(dataPool, Math.max(...LEVELS, ...LOOKUP_LEVELS));
    log(`world: warehouse ${world.warehouseId}, ${world.slots.length} scanners x ${world.slots[0].items.length} items; ${SECONDS}s per level; pool ${POOL}`);

    const faces: Record<Face['name'], Face> = {
      sql: directSqlFace(sqlPool),
      rest: restFace(server.url, token),
      graphql: graphqlFace(server.url, token),
    };
    const run: Run = { world, dataPool, queues: new Map<number, Unit[]>(), server };
    // warm-up (JIT, Prisma's query plans, pools), not recorded
    for (const f of FACES) await runLevel(faces[f], Math.min(8, Math.max(...LEVELS)), run, Math.min(3, SECONDS));
    const results: LevelResult[] = [];
    for (const c of LEVELS) {
      for (const f of FACES) {
        const r = await runLevel(faces[f], c, run);
        results.push(r);
        log(
          `${f.padEnd(8)} C=${String(c).padStart(3)}: ${r.workflowsPerSec} workflows/s, ${r.requestsPerSec} req/s, ` +
            `p50/p99 ${r.request.p50}/${r.request.p99} ms, ${r.statementsPerRequest} stmt/req, ${r.cpuMsPerRequest} cpu ms/req, errors ${r.errors}`,
        );
        for (const e of r.errorSamples) log(`   ! ${e}`);
      }
    }
    // Barcode lookups alone (what a scanner does between moves): item, bin and PO lookups, no writes running.
    // Flat out (closed loop: the next scan as soon as the answer is in), then paced: every scanner scans once per
    // interval (BENCH_LOOKUP_INTERVAL_MS, a list), on a fixed schedule (latency counted from the scheduled time, so
    // a server that falls behind shows it).
    // on a settled database: the write levels leave dead rows and dirty pages behind, and autovacuum or a
    // checkpoint running in the middle of a lookup level would measure them, not the lookups
    await dataPool.query('VACUUM (ANALYZE)');
    await dataPool.query('CHECKPOINT');
    const lookups: (LevelResult & { mode: 'closed' | 'paced'; intervalMs: number | null })[] = [];
    for (const c of LOOKUP_LEVELS) {
      for (const interval of [null, ...LOOKUP_INTERVALS_MS]) {
        const mode = interval === null ? ('closed' as const) : ('paced' as const);
        for (const f of FACES) {
          const r = { ...(await runLookups(faces[f], c, run, interval)), mode, intervalMs: interval };
          lookups.push(r);
          const o = r.ops;
          log(
            `${f.padEnd(8)} lookups ${mode === 'paced' ? `every ${interval} ms` : 'flat out'} C=${String(c).padStart(3)}: ${r.requestsPerSec} req/s, ` +
              `p50/p99 ${r.request.p50}/${r.request.p99} ms (item ${o.lookup_item?.p99}, bin ${o.lookup_bin?.p99}, PO ${o.po_lookup?.p99} ms p99), ` +
              `${r.cpuMsPerRequest} cpu ms/req, gc max ${r.gcPauses.maxMs} ms, errors ${r.errors}`,
          );
          for (const e of r.errorSamples) log(`   ! ${e}`);
        }
      }
    }
    const serverRss = (await server.stats()).rss;
    const rec = await reconcile(dataPool);
    log(`reconciliation: ${JSON.stringify(rec)}`);
    const report = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGb: round(totalmem() / 2 ** 30, 1), node: process.version, postgres: (await dataPool.query('SHOW server_version')).rows[0].server_version },
      settings: { secondsPerLevel: SECONDS, levels: LEVELS, faces: FACES, poolMax: POOL, serverProcesses: Math.max(1, WORKERS), serverInProcess: WORKERS === 0, linesPerOrder: world.slots[0].items.length, requestsPerWorkflow: REQUESTS_PER_WORKFLOW },
      runSeconds: Math.round((Date.now() - started) / 1000),
      // in-process server: this process; workers: the benchmark process alone (the server's own is serverRss*)
      processRssMaxMb: Math.round(rssMax / 2 ** 20),
      processRssEndMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      serverRssMaxMb: Math.round(Math.max(serverRssMax, serverRss) / 2 ** 20),
      serverRssEndMb: Math.round(serverRss / 2 ** 20),
      reconciliation: rec,
      totalErrors: [...results, ...lookups].reduce((s, r) => s + r.errors, 0),
      ratios: ratios(results),
      levels: results,
      lookups,
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(dirname(OUT), 'chart.svg'), renderChart(report));
    process.stdout.write(markdownTable(report) + '\n');
    log(`wrote ${OUT}`);
    if (!rec.ok || report.totalErrors > 0) process.exitCode = 1;
  } finally {
    clearInterval(rssTimer);
    await server.close();
    await sqlPool.end();
    await dataPool.end();
    await db.drop();
  }
}

const REQUESTS_PER_WORKFLOW = 27; // 1 PO lookup, 3 x (receive, bin lookup, put-away), wave, 3 x (next, confirm), next, complete, 3 x (item lookup, verify), pack complete, ship

interface LevelResult {
  face: Face['name'];
  concurrency: number;
  seconds: number;
  workflows: number;
  workflowsPerSec: number;
  requests: number;
  requestsPerSec: number;
  statements: number;
  statementsPerRequest: number;
  statementsPerWorkflow: number;
  cpuMsPerRequest: number;
  errors: number;
  errorSamples: string[];
  request: { p50: number; p95: number; p99: number };
  workflow: { p50: number; p95: number; p99: number };
  gcPauses: { count: number; totalMs: number; maxMs: number };
  ops: Record<string, import('./stats').OpStats>;
}

let trackingSeq = 0;

/** The warehouse day: every scanner takes its next order through all 27 requests, until the time is up. */
function runLevel(face: Face, concurrency: number, run: Run, budget = SECONDS) {
  const { world, dataPool } = run;
  return measure(face, concurrency, run, budget, async (slot, queue, step) => {
    if (queue.length === 0) queue.push(...(await createUnits(dataPool, world, slot, REFILL)));
    const unit = queue.shift()!;
    await runWarehouseDay(face, world, slot, unit, step, `1ZBENCH${++trackingSeq}`);
  });
}

/**
 * Lookups only: every scanner scans an item, a bin and a PO barcode in turn (stocked items, full bins, open POs).
 * With `intervalMs`, each scanner's k-th scan is due at start + k * intervalMs (start spread over one interval)
 * and its latency is counted from that time.
 */
function runLookups(face: Face, concurrency: number, run: Run, intervalMs: number | null, budget = SECONDS) {
  const { world } = run;
  let n = 0;
  const schedule = new Map<number, number>();
  const ops: [string, (queue: Unit[], k: number) => Promise<unknown>][] = [
    ['lookup_item', (_q, k) => face.lookupItem(world.readItemUpcs[(k * 7) % world.readItemUpcs.length])],
    ['lookup_bin', (_q, k) => face.lookupBin(world.readBinBarcodes[k % world.readBinBarcodes.length])],
    ['po_lookup', (q, k) => face.poLookup(q[k % q.length].poBarcode)],
  ];
  return measure(face, concurrency, run, budget, async (slot, queue, step) => {
    for (const [op, lookup] of ops) {
      const k = n++;
      if (intervalMs === null) {
        await step(op, () => lookup(queue, k));
        continue;
      }
      const due = schedule.get(slot.slot) ?? performance.now() + Math.random() * intervalMs;
      schedule.set(slot.slot, due + intervalMs);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await step(op, () => lookup(queue, k), due);
    }
  }, 1);
}

type Step = import('./workflow').Step;

/** What every level of one benchmark run shares: its data, the orders queued per scanner, the server. */
interface Run {
  world: World;
  dataPool: pg.Pool;
  queues: Map<number, Unit[]>;
  server: BenchServer;
}

async function measure(
  face: Face,
  concurrency: number,
  { world, dataPool, queues, server }: Run,
  budget: number,
  round1: (slot: World['slots'][number], queue: Unit[], step: Step) => Promise<void>,
  warmupSeconds = 0,
): Promise<LevelResult> {
  const rec = new Recorder();
  // garbage-collection pauses of this process (they stop the load generator and an in-process server alike)
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const all: number[] = [];
  const wf: number[] = [];
  const kind = face.name === 'sql' ? 'sql' : 'app';
  // orders for every scanner before the clock starts
  await Promise.all(
    world.slots.slice(0, concurrency).map(async (slot) => {
      const q = queues.get(slot.slot) ?? [];
      if (q.length < REFILL) q.push(...(await createUnits(dataPool, world, slot, REFILL * 2)));
      queues.set(slot.slot, q);
    }),
  );
  const step = async <T>(op: string, fn: () => Promise<T>, since?: number): Promise<T> => {
    const t0 = since ?? performance.now();
    try {
      const out = await fn();
      const ms = performance.now() - t0;
      rec.record(op, ms);
      all.push(ms);
      return out;
    } catch (e) {
      rec.error(op, e instanceof Error ? e.message : String(e));
      throw e;
    }
  };
  if (warmupSeconds > 0) {
    // unrecorded: pools reopen connections that idled out during other levels, and new backends fill their caches
    const until = performance.now() + warmupSeconds * 1000;
    const quiet: Step = (_op, fn) => fn();
    await Promise.all(
      world.slots.slice(0, concurrency).map(async (slot) => {
        while (performance.now() < until) await round1(slot, queues.get(slot.slot)!, quiet);
      }),
    );
  }
  let workflows = 0;
  const own0 = process.cpuUsage();
  const srv0 = await server.stats();
  const stmt0 = kind === 'sql' ? statements('sql') : srv0.statements;
  const t0 = performance.now();
  const deadline = t0 + budget * 1000;
  await Promise.all(
    world.slots.slice(0, concurrency).map(async (slot) => {
      const queue = queues.get(slot.slot)!;
      while (performance.now() < deadline) {
        const w0 = performance.now();
        try {
          await round1(slot, queue, step);
          wf.push(performance.now() - w0);
          workflows++;
        } catch {
          // recorded by step(); this scanner moves on to its next order
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  gcObserver.disconnect();
  const own = process.cpuUsage(own0);
  const srv1 = await server.stats();
  const stmts = (kind === 'sql' ? statements('sql') : srv1.statements) - stmt0;
  // this process (load generator, and the server when it runs in-process) plus the server's workers
  const cpuMicros = own.user + own.system + (server.inProcess ? 0 : srv1.cpuMicros - srv0.cpuMicros);
  all.sort((a, b) => a - b);
  wf.sort((a, b) => a - b);
  const requests = all.length;
  return {
    face: face.name,
    concurrency,
    seconds: round(seconds, 2),
    workflows,
    workflowsPerSec: round(workflows / seconds, 2),
    requests,
    requestsPerSec: round(requests / seconds, 1),
    statements: stmts,
    statementsPerRequest: round(stmts / Math.max(1, requests + rec.totalErrors()), 2),
    statementsPerWorkflow: round(stmts / Math.max(1, workflows), 1),
    // CPU of the server and the load generator (for sql: the driver + load generator) per request
    cpuMsPerRequest: round(cpuMicros / 1000 / Math.max(1, requests), 3),
    errors: rec.totalErrors(),
    errorSamples: rec.errorSamples,
    request: { p50: round(pct(all, 0.5), 2), p95: round(pct(all, 0.95), 2), p99: round(pct(all, 0.99), 2) },
    workflow: { p50: round(pct(wf, 0.5), 1), p95: round(pct(wf, 0.95), 1), p99: round(pct(wf, 0.99), 1) },
    gcPauses: { count: gc.count, totalMs: round(gc.totalMs, 1), maxMs: round(gc.maxMs, 1) },
    ops: rec.summary(seconds),
  };
}

function ratios(results: LevelResult[]) {
  const out: Record<string, { restOfSql: number | null; graphqlOfRest: number | null }> = {};
  for (const c of new Set(results.map((r) => r.concurrency))) {
    const get = (f: string) => results.find((r) => r.concurrency === c && r.face === f)?.workflowsPerSec;
    const sql = get('sql');
    const rest = get('rest');
    const gql = get('graphql');
    out[`C${c}`] = {
      restOfSql: sql && rest !== undefined ? round(rest / sql, 3) : null,
      graphqlOfRest: rest && gql !== undefined ? round(gql / rest, 3) : null,
    };
  }
  return out;
}

const FACE_LABEL: Record<string, string> = { sql: 'direct SQL', rest: 'REST', graphql: 'GraphQL' };

/** The README's tables: the warehouse day per face and level, then the lookups-only runs. */
function markdownTable(report: { levels: LevelResult[]; lookups: (LevelResult & { mode: string; intervalMs: number | null })[] }): string {
  const lines = [
    '| Face | C | orders/s | requests/s | p50 ms | p95 ms | p99 ms | SQL statements / request | CPU ms / request | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.levels) {
    lines.push(
      `| ${FACE_LABEL[r.face]} | ${r.concurrency} | ${r.workflowsPerSec} | ${r.requestsPerSec} | ${r.request.p50} | ${r.request.p95} | ${r.request.p99} | ${r.statementsPerRequest} | ${r.cpuMsPerRequest} | ${r.errors} |`,
    );
  }
  lines.push(
    '',
    '| Lookups only | Face | C | requests/s | p50 ms | p99 ms | item p99 | bin p99 | PO p99 | CPU ms / request | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of report.lookups) {
    const o = r.ops;
    lines.push(
      `| ${r.mode === 'paced' ? `each scanner every ${r.intervalMs} ms` : 'flat out'} | ${FACE_LABEL[r.face]} | ${r.concurrency} | ${r.requestsPerSec} | ${r.request.p50} | ${r.request.p99} | ` +
        `${o.lookup_item?.p99} | ${o.lookup_bin?.p99} | ${o.po_lookup?.p99} | ${r.cpuMsPerRequest} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}

interface BenchServer {
  url: string;
  inProcess: boolean;
  /** Statements the application sent, CPU microseconds of the server's processes, their RSS (bytes). */
  stats(): Promise<{ statements: number; cpuMicros: number; rss: number }>;
  close(): Promise<void>;
}

/** BENCH_WORKERS = 0: the server in this process (its statements are the unmarked clients'). */
async function inProcessServer(env: Record<string, string>): Promise<BenchServer> {
  const running = await startServer(loadConfig(env), { port: 0, host: '127.0.0.1' });
  return {
    url: running.url,
    inProcess: true,
    stats: async () => {
      const cpu = process.cpuUsage();
      return { statements: statements('app'), cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss };
    },
    close: () => running.close(),
  };
}

/** BENCH_WORKERS = N: N server processes on one port (src/cluster.ts), each running bench/server-worker.ts. */
async function startWorkers(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const workerEnv = { ...env, PORT: String(port), HOST: '127.0.0.1' };
  const cluster = await startCluster(loadConfig(workerEnv), {
    workers: WORKERS,
    logger: createLogger('warn'),
    exec: join(HERE, 'server-worker.ts'),
    env: workerEnv,
  });
  let asked = 0;
  const ask = (w: import('node:cluster').Worker) =>
    new Promise<{ statements: number; cpuMicros: number; rss: number }>((resolve, reject) => {
      const id = ++asked;
      const timer = setTimeout(() => reject(new Error(`worker ${w.process.pid} did not answer`)), 5000);
      const onMessage = (m: any) => {
        if (m?.type !== 'bench:stats' || m.id !== id) return;
        clearTimeout(timer);
        w.off('message', onMessage);
        resolve(m);
      };
      w.on('message', onMessage);
      w.send({ type: 'bench:stats', id });
    });
  return {
    url: `http://127.0.0.1:${port}`,
    inProcess: false,
    stats: async () => {
      const all = await Promise.all(cluster.workers().map(ask));
      return all.reduce((a, b) => ({ statements: a.statements + b.statements, cpuMicros: a.cpuMicros + b.cpuMicros, rss: a.rss + b.rss }), {
        statements: 0,
        cpuMicros: 0,
        rss: 0,
      });
    },
    close: () => cluster.close(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as import('node:net').AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
