/**
 * `npm run bench`: the warehouse day under load against the server in its own process (NODE_ENV=production,
 * PostgreSQL + Redis), REST and GraphQL, and the same transactions straight to PostgreSQL (the direct-SQL face),
 * at several concurrency levels; then barcode lookups alone; with the machine's own ceilings (pgbench TPC-B and
 * select-only on a scratch database) measured in the same run. This process is the load generator only.
 *
 * Env: BENCH_SECONDS (per level and face, default 20; 10 for a quick A/B), BENCH_CONCURRENCY (default 1,8,32,64; 0: the lookups only),
 * BENCH_FACES (default sql,rest,graphql), BENCH_ROUNDS (default 3: each level's time is split into this many rounds
 * in which the faces take turns, in alternating order, each turn after an unrecorded second, so that a machine whose
 * speed drifts during the run weighs on every face alike), BENCH_POOL (pool of the server and of the direct-SQL face, default 10),
 * BENCH_LOOKUP_CONCURRENCY (default 32), BENCH_LOOKUP_INTERVAL_MS (paced lookup runs, default 100,300,1000),
 * BENCH_BASELINE (a git ref: that commit is built in a temporary folder and its server runs the REST face of the
 * same load, level by level, in the same run), BENCH_KEY_LEVEL (the level of the headline figures, default 32),
 * BENCH_PGBENCH_SCALE (default 32), BENCH_PGBENCH_SECONDS (default BENCH_SECONDS; 0 skips pgbench), BENCH_SERVER_ENV (extra
 * server variables, `A=1,B=2`, for both servers), BENCH_SERVER_NODE_ARGS (extra node flags of both servers, space-separated,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), BENCH_OUT (default bench/results/latest.json),
 * REDIS_URL (default redis://127.0.0.1:6379).
 *
 * CPU per request comes from /proc: the server process's user + system time, and the PostgreSQL backends of the
 * server's database (polled; bench/proc.ts). The direct-SQL face's "server" CPU is this process's (driver + load).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { installQueryCounter, markOwn, statements } from './query-counter';
import { runWarehouseDay } from './workflow';

installQueryCounter(); // before any pg client exists

const { urlFor, ADMIN_URL } = await import('../tests/helpers/pg');
const { createWorld, createUnits, reconcile } = await import('./data');
const { restFace, graphqlFace } = await import('./faces');
const { directSqlFace } = await import('./direct-sql');
const { Recorder, pct, round } = await import('./stats');
const { renderChart } = await import('./chart');
const { BackendCpu, processCpuMs } = await import('./proc');
const { checkoutBaseline } = await import('./baseline');
type Face = import('./faces').Face;
type Unit = import('./data').Unit;
type World = import('./data').World;
type FaceName = 'sql' | 'rest' | 'graphql' | 'baseline';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32,64').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const BASELINE = process.env.BENCH_BASELINE?.trim() || null;
const FACES = [
  ...((process.env.BENCH_FACES ?? 'sql,rest,graphql').split(',').map((s) => s.trim()) as FaceName[]),
  ...(BASELINE ? (['baseline'] as const) : []),
];
const POOL = Number(process.env.BENCH_POOL ?? 10);
const ROUNDS = Math.max(1, Math.trunc(Number(process.env.BENCH_ROUNDS ?? 3)) || 1);
/** Unrecorded seconds at the start of every turn of a face. */
const TURN_WARMUP_SECONDS = 1;
const LOOKUP_INTERVALS_MS = (process.env.BENCH_LOOKUP_INTERVAL_MS ?? '100,300,1000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const LOOKUP_LEVELS = (process.env.BENCH_LOOKUP_CONCURRENCY ?? '32').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const KEY_LEVEL = Number(process.env.BENCH_KEY_LEVEL ?? 32);
const PGBENCH_SCALE = Number(process.env.BENCH_PGBENCH_SCALE ?? 32);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? SECONDS);
const SERVER_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '').split(',').filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1)]),
);
/** Extra node flags of the server processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (not allowed in NODE_OPTIONS). */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const OUT = resolve(process.env.BENCH_OUT ?? join(HERE, 'results', 'latest.json'));
const REFILL = 10;
const ADMIN_PASSWORD = 'Bench-admin-1234';
/** Steps of the day that change the database (the rest are lookups and the next-task read). */
const WRITE_OPS = new Set(['receive', 'putaway', 'wave_create', 'pick_confirm', 'pick_complete', 'pack_verify', 'pack_complete', 'ship']);

const log = (...a: unknown[]) => process.stderr.write(a.join(' ') + '\n');
const run$ = promisify(execFile);

/**
 * Vacuums and checkpoints a target's database. Every level starts on a settled database: the levels before it
 * (three faces share the current database) leave dead rows and dirty pages behind, and the autovacuum and
 * checkpoint they cause would otherwise land in whichever level runs next.
 */
async function settle(t: Target): Promise<void> {
  await t.pool.query('VACUUM (ANALYZE)');
  await t.pool.query('CHECKPOINT');
}

/** One server under test: its process, its own database (migrated by the server itself), its data. */
interface Target {
  label: 'current' | 'baseline';
  commit: string | null;
  dbName: string;
  pool: pg.Pool;
  world: World;
  queues: Map<number, Unit[]>;
  server: BenchServer;
  token: string;
}

async function main() {
  const admin = new pg.Pool({ connectionString: ADMIN_URL, max: 2 });
  markOwn(admin, 'data');
  admin.on('error', () => {});
  const redisPrefix = `bench-${process.pid}-${Date.now()}`;
  const dbNames: string[] = [];
  const cpu = new BackendCpu(admin, () => dbNames);
  const targets: Target[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const started = Date.now();
  let rssMax = 0;
  const rssTimer = setInterval(() => {
    for (const t of targets) void t.server.stats().then((s) => (rssMax = Math.max(rssMax, s.rss)), () => {});
  }, 1000);
  try {
    const ceilings = await pgbenchCeilings(admin);
    const maxSlots = Math.max(...LEVELS, ...LOOKUP_LEVELS);
    const start = async (label: Target['label'], dir: string, commit: string | null): Promise<Target> => {
      const dbName = `wms_bench_${label}_${process.pid}_${Date.now()}`;
      await admin.query(`CREATE DATABASE "${dbName}"`);
      cleanups.push(() => admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).then(() => {}, () => {}));
      dbNames.push(dbName);
      const url = urlFor(dbName);
      const server = await spawnServer(dir, {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD,
        LOG_LEVEL: 'silent',
        SEED_DEMO_DATA: 'false',
        DB_POOL_MAX: String(POOL),
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: `${redisPrefix}-${label}`,
        ...SERVER_ENV,
      });
      cleanups.push(() => server.close());
      const pool = new pg.Pool({ connectionString: url, max: POOL, idleTimeoutMillis: 30_000, options: '-c TimeZone=UTC' });
      markOwn(pool, label === 'current' ? 'sql' : 'data-baseline');
      pool.on('error', () => {}); // dropping the database at the end terminates idle connections
      cleanups.push(() => pool.end());
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      const token = ((await login.json()) as { token: string }).token;
      const world = await createWorld(pool, maxSlots);
      return { label, commit, dbName, pool, world, queues: new Map(), server, token };
    };
    const current = await start('current', ROOT, gitCommit(ROOT));
    targets.push(current);
    if (BASELINE) {
      const checkout = checkoutBaseline(ROOT, BASELINE, log);
      cleanups.push(() => checkout.remove());
      targets.push(await start('baseline', checkout.dir, checkout.commit));
    }
    const baseline = targets.find((t) => t.label === 'baseline');
    log(`world: ${maxSlots} scanners x ${current.world.slots[0].items.length} items; ${SECONDS}s per level; pool ${POOL}; faces ${FACES.join(',')}`);

    const faces = new Map<FaceName, { face: Face; target: Target }>();
    faces.set('sql', { face: directSqlFace(current.pool), target: current });
    faces.set('rest', { face: restFace(current.server.url, current.token), target: current });
    faces.set('graphql', { face: graphqlFace(current.server.url, current.token), target: current });
    if (baseline) faces.set('baseline', { face: { ...restFace(baseline.server.url, baseline.token), name: 'rest' }, target: baseline });
    const bench: Bench = { cpu };

    // warm-up (JIT, query plans, pools), not recorded
    // (BENCH_CONCURRENCY=0: no warehouse-day levels, the lookups only)
    if (LEVELS.length > 0) for (const f of FACES) await runLevel(bench, f, faces.get(f)!, Math.min(8, Math.max(...LEVELS)), newTally(), Math.min(3, SECONDS));
    const results: LevelResult[] = [];
    // Each level's time is split into rounds in which the faces take turns; the order alternates round by round and
    // level by level, so neither side always runs first after a pause, nor always in the machine's slower minutes.
    const order = (i: number) => (i % 2 === 0 ? FACES : [...FACES].reverse());
    for (const [i, c] of LEVELS.entries()) {
      const level = new Map<FaceName, LevelResult>();
      const tallies = new Map(FACES.map((f) => [f, newTally()]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const f of order(i * ROUNDS + round)) {
          await settle(faces.get(f)!.target);
          level.set(f, await runLevel(bench, f, faces.get(f)!, c, tallies.get(f)!, SECONDS / ROUNDS, TURN_WARMUP_SECONDS));
        }
      }
      for (const f of order(i)) {
        const r = level.get(f)!;
        results.push(r);
        log(
          `${f.padEnd(8)} C=${String(c).padStart(3)}: ${r.workflowsPerSec} workflows/s, ${r.requestsPerSec} req/s (writes ${r.writeRequestsPerSec}), ` +
            `p50/p99 ${r.request.p50}/${r.request.p99} ms, ${r.statementsPerRequest} stmt/req, cpu ms/req server ${r.serverCpuMsPerRequest} db ${r.dbCpuMsPerRequest} load ${r.loadCpuMsPerRequest}, errors ${r.errors}`,
        );
        for (const e of r.errorSamples) log(`   ! ${e}`);
      }
    }
    // Barcode lookups alone, on a settled database: flat out (the next scan as soon as the answer is in), then
    // paced (each scanner once per interval, on a fixed schedule, latency counted from the scheduled time so a
    // server that falls behind shows it).
    for (const t of targets) await settle(t);
    const lookups: LookupResult[] = [];
    for (const c of LOOKUP_LEVELS) {
      for (const [i, interval] of [null, ...LOOKUP_INTERVALS_MS].entries()) {
        const mode = interval === null ? ('closed' as const) : ('paced' as const);
        const level = new Map<FaceName, LookupResult>();
        const tallies = new Map(FACES.map((f) => [f, newTally()]));
        for (let round = 0; round < ROUNDS; round++) {
          for (const f of order((i + 1) * ROUNDS + round)) {
            level.set(f, { ...(await runLookups(bench, f, faces.get(f)!, c, interval, tallies.get(f)!, SECONDS / ROUNDS)), mode, intervalMs: interval });
          }
        }
        for (const f of order(i + 1)) {
          const r = level.get(f)!;
          lookups.push(r);
          const o = r.ops;
          log(
            `${f.padEnd(8)} lookups ${mode === 'paced' ? `every ${interval} ms` : 'flat out'} C=${String(c).padStart(3)}: ${r.requestsPerSec} req/s, ` +
              `p50/p99 ${r.request.p50}/${r.request.p99} ms (item ${o.lookup_item?.p99}, bin ${o.lookup_bin?.p99}, PO ${o.po_lookup?.p99} ms p99), ` +
              `cpu ms/req server ${r.serverCpuMsPerRequest} db ${r.dbCpuMsPerRequest}, errors ${r.errors}`,
          );
          for (const e of r.errorSamples) log(`   ! ${e}`);
        }
      }
    }
    const recs: Record<string, Awaited<ReturnType<typeof reconcile>>> = {};
    for (const t of targets) {
      recs[t.label] = await reconcile(t.pool);
      log(`reconciliation (${t.label}): ${JSON.stringify(recs[t.label])}`);
    }
    const chain = await auditChain(current.pool);
    log(`audit chain (current): ${JSON.stringify(chain)}`);
    const key = keyFigures(results, lookups, ceilings);
    const report = {
      ...key,
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memGb: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        postgres: (await admin.query('SHOW server_version')).rows[0].server_version,
      },
      settings: {
        secondsPerLevel: SECONDS,
        rounds: ROUNDS,
        levels: LEVELS,
        faces: FACES,
        keyLevel: KEY_LEVEL,
        poolMax: POOL,
        serverEnv: SERVER_ENV,
        commit: current.commit,
        baseline: baseline ? { ref: BASELINE, commit: baseline.commit } : null,
        linesPerOrder: current.world.slots[0].items.length,
        requestsPerWorkflow: REQUESTS_PER_WORKFLOW,
      },
      ceilings,
      runSeconds: Math.round((Date.now() - started) / 1000),
      serverRssMaxMb: Math.round(rssMax / 2 ** 20),
      reconciliation: recs,
      auditChain: chain,
      totalErrors: [...results, ...lookups].reduce((s, r) => s + r.errors, 0),
      ratios: ratios(results),
      levels: results,
      lookups,
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(dirname(OUT), 'chart.svg'), renderChart(report));
    process.stdout.write(markdownTable(report) + '\n');
    log(`key figures: ${JSON.stringify(key)}`);
    log(`wrote ${OUT}`);
    if (Object.values(recs).some((r) => !r.ok) || report.totalErrors > 0 || !chain.ok) process.exitCode = 1;
  } finally {
    clearInterval(rssTimer);
    cpu.stop();
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => log(`cleanup: ${e}`));
    await admin.end();
  }
}

const REQUESTS_PER_WORKFLOW = 27; // 1 PO lookup, 3 x (receive, bin lookup, put-away), wave, 3 x (next, confirm), next, complete, 3 x (item lookup, verify), pack complete, ship

/** pgbench TPC-B and select-only on a scratch database of the same PostgreSQL: what the machine can do. */
async function pgbenchCeilings(admin: pg.Pool): Promise<{ clients: number; scale: number; seconds: number; protocol: string; tpcbTps: number | null; selectOnlyTps: number | null }> {
  const clients = KEY_LEVEL;
  if (PGBENCH_SECONDS <= 0) return { clients, scale: PGBENCH_SCALE, seconds: 0, protocol: 'skipped', tpcbTps: null, selectOnlyTps: null };
  const name = `wms_bench_pgbench_${process.pid}`;
  const u = new URL(urlFor(name));
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    log(`pgbench: init scale ${PGBENCH_SCALE}`);
    await run$('pgbench', [...args, '-i', '-q', '-s', String(PGBENCH_SCALE), name], { maxBuffer: 1 << 24 });
    const tps = async (extra: string[]) => {
      const { stdout } = await run$('pgbench', [...args, '-n', '-c', String(clients), '-j', '2', '-T', String(PGBENCH_SECONDS), ...extra, name], { maxBuffer: 1 << 24 });
      const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
      if (!m) throw new Error(`pgbench: no tps in ${stdout}`);
      return round(Number(m[1]), 1);
    };
    const tpcbTps = await tps([]);
    const selectOnlyTps = await tps(['-S']);
    log(`pgbench C=${clients}: TPC-B ${tpcbTps} tps, select-only ${selectOnlyTps} tps`);
    return { clients, scale: PGBENCH_SCALE, seconds: PGBENCH_SECONDS, protocol: 'simple', tpcbTps, selectOnlyTps };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  }
}

/** The audit chain after the run: the unsealed tail as the load left it, then sealed and verified. */
async function auditChain(pool: pg.Pool) {
  const rows = Number((await pool.query('SELECT count(*) AS n FROM audit_log')).rows[0].n);
  const tail = Number((await pool.query('SELECT count(*) AS n FROM audit_log_unsealed()')).rows[0].n);
  for (let i = 0; i < 100 && Number((await pool.query('SELECT audit_log_seal(100000) AS n')).rows[0].n) > 0; i++);
  const s = (await pool.query('SELECT * FROM audit_log_chain_status()')).rows[0];
  return { rows, unsealedAtEnd: tail, sealed: Number(s.sealed), unsealed: Number(s.unsealed), firstBrokenId: s.first_broken, ok: s.first_broken === null };
}

/** The figures the issue tracks, from the REST face at BENCH_KEY_LEVEL (else the highest level run). */
function keyFigures(results: LevelResult[], lookups: LookupResult[], ceilings: { tpcbTps: number | null }) {
  const level = LEVELS.includes(KEY_LEVEL) ? KEY_LEVEL : Math.max(...LEVELS);
  const rest = results.find((r) => r.face === 'rest' && r.concurrency === level);
  const base = results.find((r) => r.face === 'baseline' && r.concurrency === level);
  const lk = lookups.find((r) => r.face === 'rest' && r.mode === 'closed');
  return {
    restRequestsPerSec: rest?.requestsPerSec ?? null,
    writeRequestsPerSec: rest?.writeRequestsPerSec ?? null,
    tpcbTps: ceilings.tpcbTps,
    writeOfTpcb: rest && ceilings.tpcbTps ? round(rest.writeRequestsPerSec / ceilings.tpcbTps, 3) : null,
    serverCpuMsPerRequest: rest?.serverCpuMsPerRequest ?? null,
    dbCpuMsPerRequest: rest?.dbCpuMsPerRequest ?? null,
    lookupsPerSec: lk?.requestsPerSec ?? null,
    lookupP99Ms: lk?.request.p99 ?? null,
    baselineRequestsPerSec: base?.requestsPerSec ?? null,
  };
}

function gitCommit(dir: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

interface LevelResult {
  face: FaceName;
  target: Target['label'];
  concurrency: number;
  seconds: number;
  workflows: number;
  workflowsPerSec: number;
  requests: number;
  requestsPerSec: number;
  writeRequestsPerSec: number;
  statements: number;
  statementsPerRequest: number;
  statementsPerWorkflow: number;
  /** the server process (for sql: this process, driver + load generator) per request */
  serverCpuMsPerRequest: number;
  /** the PostgreSQL backends of the server's database per request */
  dbCpuMsPerRequest: number;
  /** this process (the load generator) per request */
  loadCpuMsPerRequest: number;
  errors: number;
  errorSamples: string[];
  request: { p50: number; p95: number; p99: number };
  workflow: { p50: number; p95: number; p99: number };
  ops: Record<string, import('./stats').OpStats>;
}
type LookupResult = LevelResult & { mode: 'closed' | 'paced'; intervalMs: number | null };

interface Bench {
  cpu: InstanceType<typeof BackendCpu>;
}

let trackingSeq = 0;

type Bound = { face: Face; target: Target };

/** The warehouse day: every scanner takes its next order through all 27 requests, until the time is up. */
function runLevel(bench: Bench, name: FaceName, bound: Bound, concurrency: number, tally: Tally, budget: number, warmupSeconds = 0) {
  const { face, target } = bound;
  return measure(
    bench,
    name,
    bound,
    concurrency,
    budget,
    tally,
    async (slot, queue, step) => {
      if (queue.length === 0) queue.push(...(await createUnits(target.pool, target.world, slot, REFILL)));
      const unit = queue.shift()!;
      await runWarehouseDay(face, target.world, slot, unit, step, `1ZBENCH${++trackingSeq}`);
    },
    warmupSeconds,
  );
}

/**
 * Lookups only: every scanner scans an item, a bin and a PO barcode in turn (stocked items, full bins, open POs).
 * With `intervalMs`, each scanner's k-th scan is due at start + k * intervalMs (start spread over one interval)
 * and its latency is counted from that time.
 */
function runLookups(bench: Bench, name: FaceName, bound: Bound, concurrency: number, intervalMs: number | null, tally: Tally, budget: number) {
  const { face, target } = bound;
  const world = target.world;
  let n = 0;
  const schedule = new Map<number, number>();
  const ops: [string, (queue: Unit[], k: number) => Promise<unknown>][] = [
    ['lookup_item', (_q, k) => face.lookupItem(world.readItemUpcs[(k * 7) % world.readItemUpcs.length])],
    ['lookup_bin', (_q, k) => face.lookupBin(world.readBinBarcodes[k % world.readBinBarcodes.length])],
    ['po_lookup', (q, k) => face.poLookup(q[k % q.length].poBarcode)],
  ];
  return measure(bench, name, bound, concurrency, budget, tally, async (slot, queue, step) => {
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
  }, TURN_WARMUP_SECONDS);
}

type Step = import('./workflow').Step;

/** What the turns of one face at one level add up to (a level is BENCH_ROUNDS rounds of turns). */
interface Tally {
  rec: InstanceType<typeof Recorder>;
  all: number[];
  wf: number[];
  workflows: number;
  seconds: number;
  serverMs: number;
  dbMs: number;
  loadMs: number;
  statements: number;
}
const newTally = (): Tally => ({ rec: new Recorder(), all: [], wf: [], workflows: 0, seconds: 0, serverMs: 0, dbMs: 0, loadMs: 0, statements: 0 });

/** Runs one turn of `budget` seconds, adds it to `tally` and returns the figures of all the tally's turns. */
async function measure(
  { cpu }: Bench,
  name: FaceName,
  { target }: Bound,
  concurrency: number,
  budget: number,
  tally: Tally,
  round1: (slot: World['slots'][number], queue: Unit[], step: Step) => Promise<void>,
  warmupSeconds = 0,
): Promise<LevelResult> {
  const { world, pool, queues, server } = target;
  const { rec, all, wf } = tally;
  const direct = name === 'sql';
  // orders for every scanner before the clock starts
  await Promise.all(
    world.slots.slice(0, concurrency).map(async (slot) => {
      const q = queues.get(slot.slot) ?? [];
      if (q.length < REFILL) q.push(...(await createUnits(pool, world, slot, REFILL * 2)));
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
    // unrecorded: pools reopen connections that idled out during other turns, backends and the server's code warm
    // their caches again (a face that follows another server and database starts cold)
    const until = performance.now() + warmupSeconds * 1000;
    const quiet: Step = (_op, fn) => fn();
    await Promise.all(
      world.slots.slice(0, concurrency).map(async (slot) => {
        while (performance.now() < until) await round1(slot, queues.get(slot.slot)!, quiet);
      }),
    );
  }
  await cpu.poll();
  const db0 = cpu.total(target.dbName);
  const own0 = process.cpuUsage();
  const srv0 = await server.stats();
  const stmt0 = direct ? statements('sql') : srv0.statements;
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
          tally.workflows++;
        } catch {
          // recorded by step(); this scanner moves on to its next order
        }
      }
    }),
  );
  tally.seconds += (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const srv1 = await server.stats();
  await cpu.poll();
  tally.dbMs += cpu.total(target.dbName) - db0;
  tally.statements += (direct ? statements('sql') : srv1.statements) - stmt0;
  const loadMs = (own.user + own.system) / 1000;
  tally.loadMs += loadMs;
  tally.serverMs += direct ? loadMs : srv1.cpuMs - srv0.cpuMs;

  const { seconds, workflows } = tally;
  const sorted = [...all].sort((a, b) => a - b);
  const wfSorted = [...wf].sort((a, b) => a - b);
  const requests = all.length;
  const ops = rec.summary(seconds);
  const perRequest = (ms: number) => round(ms / Math.max(1, requests), 3);
  return {
    face: name,
    target: target.label,
    concurrency,
    seconds: round(seconds, 2),
    workflows,
    workflowsPerSec: round(workflows / seconds, 2),
    requests,
    requestsPerSec: round(requests / seconds, 1),
    writeRequestsPerSec: round(Object.entries(ops).reduce((s, [op, o]) => s + (WRITE_OPS.has(op) ? o.count : 0), 0) / seconds, 1),
    statements: tally.statements,
    statementsPerRequest: round(tally.statements / Math.max(1, requests + rec.totalErrors()), 2),
    statementsPerWorkflow: round(tally.statements / Math.max(1, workflows), 1),
    serverCpuMsPerRequest: perRequest(tally.serverMs),
    dbCpuMsPerRequest: perRequest(tally.dbMs),
    loadCpuMsPerRequest: perRequest(tally.loadMs),
    errors: rec.totalErrors(),
    errorSamples: rec.errorSamples,
    request: { p50: round(pct(sorted, 0.5), 2), p95: round(pct(sorted, 0.95), 2), p99: round(pct(sorted, 0.99), 2) },
    workflow: { p50: round(pct(wfSorted, 0.5), 1), p95: round(pct(wfSorted, 0.95), 1), p99: round(pct(wfSorted, 0.99), 1) },
    ops,
  };
}

function ratios(results: LevelResult[]) {
  const out: Record<string, { restOfSql: number | null; graphqlOfRest: number | null; restOfBaseline: number | null }> = {};
  for (const c of new Set(results.map((r) => r.concurrency))) {
    const get = (f: string) => results.find((r) => r.concurrency === c && r.face === f)?.requestsPerSec;
    const sql = get('sql');
    const rest = get('rest');
    const gql = get('graphql');
    const base = get('baseline');
    out[`C${c}`] = {
      restOfSql: sql && rest !== undefined ? round(rest / sql, 3) : null,
      graphqlOfRest: rest && gql !== undefined ? round(gql / rest, 3) : null,
      restOfBaseline: base && rest !== undefined ? round(rest / base, 3) : null,
    };
  }
  return out;
}

const FACE_LABEL: Record<string, string> = { sql: 'direct SQL', rest: 'REST', graphql: 'GraphQL', baseline: 'REST, baseline' };

/** The README's tables: the warehouse day per face and level, per operation at the key level, the lookups. */
function markdownTable(report: { levels: LevelResult[]; lookups: LookupResult[]; ceilings: { tpcbTps: number | null; selectOnlyTps: number | null; clients: number } }): string {
  const lines = [
    `pgbench, ${report.ceilings.clients} clients: TPC-B ${report.ceilings.tpcbTps} tps, select-only ${report.ceilings.selectOnlyTps} tps`,
    '',
    '| Face | C | orders/s | requests/s | writes/s | p50 ms | p95 ms | p99 ms | statements / request | server CPU ms / request | PostgreSQL CPU ms / request | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.levels) {
    lines.push(
      `| ${FACE_LABEL[r.face]} | ${r.concurrency} | ${r.workflowsPerSec} | ${r.requestsPerSec} | ${r.writeRequestsPerSec} | ${r.request.p50} | ${r.request.p95} | ${r.request.p99} | ${r.statementsPerRequest} | ${r.serverCpuMsPerRequest} | ${r.dbCpuMsPerRequest} | ${r.errors} |`,
    );
  }
  const level = LEVELS.includes(KEY_LEVEL) ? KEY_LEVEL : Math.max(...LEVELS);
  const keyRows = report.levels.filter((r) => r.concurrency === level);
  const opNames = [...new Set(keyRows.flatMap((r) => Object.keys(r.ops)))];
  lines.push('', `| Operation (C = ${level}), p50 / p95 / p99 ms | ${keyRows.map((r) => FACE_LABEL[r.face]).join(' | ')} |`, `|---|${keyRows.map(() => '---:').join('|')}|`);
  for (const op of opNames) {
    lines.push(`| ${op} | ${keyRows.map((r) => (r.ops[op] ? `${r.ops[op].p50} / ${r.ops[op].p95} / ${r.ops[op].p99}` : '–')).join(' | ')} |`);
  }
  lines.push(
    '',
    '| Lookups only | Face | C | requests/s | p50 ms | p99 ms | item p99 | bin p99 | PO p99 | server CPU ms / request | PostgreSQL CPU ms / request | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of report.lookups) {
    const o = r.ops;
    lines.push(
      `| ${r.mode === 'paced' ? `each scanner every ${r.intervalMs} ms` : 'flat out'} | ${FACE_LABEL[r.face]} | ${r.concurrency} | ${r.requestsPerSec} | ${r.request.p50} | ${r.request.p99} | ` +
        `${o.lookup_item?.p99} | ${o.lookup_bin?.p99} | ${o.po_lookup?.p99} | ${r.serverCpuMsPerRequest} | ${r.dbCpuMsPerRequest} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}

interface BenchServer {
  url: string;
  pid: number;
  /** Statements the server sent, its CPU ms (from /proc), its RSS (bytes). */
  stats(): Promise<{ statements: number; cpuMs: number; rss: number }>;
  close(): Promise<void>;
}

/** The server of checkout `dir` in its own process (bench/server-worker.ts under tsx), ready when it listens. */
async function spawnServer(dir: string, env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', join(dir, 'bench', 'server-worker.ts')], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    child.on('message', (m: any) => {
      if (m?.type === 'bench:ready') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  let asked = 0;
  const ask = () =>
    new Promise<{ statements: number; rss: number }>((resolve, reject) => {
      const id = ++asked;
      const timer = setTimeout(() => reject(new Error(`server ${child.pid} did not answer`)), 5000);
      const onMessage = (m: any) => {
        if (m?.type !== 'bench:stats' || m.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send({ type: 'bench:stats', id });
    });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stats: async () => ({ ...(await ask()), cpuMs: processCpuMs(child.pid!) ?? 0 }),
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    },
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
