/**
 * `npm run soak`: load held. Starts the API in-process on loopback against a fresh PostgreSQL database (cloned
 * from the test template, dropped at the end) and Redis (own REDIS_PREFIX), and runs the benchmark's warehouse
 * day (bench/data.ts, bench/faces.ts: PO lookup -> 3 x (receive, bin lookup, put-away) -> wave -> next/confirm
 * -> complete -> 3 x (item lookup, pack verify) -> pack complete -> ship, plus one lookup of a catalogue item
 * per order) with SOAK_CONCURRENCY scanners for SOAK_SECONDS. Every scanner owns its items, orders and bins,
 * so any error is a bug. Memory (RSS, heap) is sampled every SOAK_SAMPLE_SECONDS. At the end: requests,
 * errors, latency percentiles, a memory table, the stock reconciliation (every unit received is on hand,
 * allocated or shipped) and the audit hash chain. Exits 1 on any error or a failed reconciliation.
 * Bounded: stops by itself at the deadline (each scanner finishes the order it is on) or after
 * SOAK_MAX_ORDERS orders, whichever comes first. Not part of `npm test`.
 *
 * Env: SOAK_SECONDS (default 600), SOAK_CONCURRENCY (default 8, at most 64), SOAK_FACE (rest | graphql |
 * mixed, default mixed: even scanners REST, odd scanners GraphQL), SOAK_MAX_ORDERS (default 100000),
 * SOAK_SAMPLE_SECONDS (default 10), SOAK_POOL (server pool, default 10), SOAK_OUT (default
 * bench/results/soak.json), REDIS_URL (default redis://127.0.0.1:6379; SOAK_REDIS=off runs without Redis),
 * TEST_DATABASE_URL (the PostgreSQL server, default postgresql://postgres@127.0.0.1:5432/test).
 * Run with NODE_OPTIONS=--expose-gc to sample the heap after a full GC (live heap, not garbage).
 *
 *   npm run soak                                   SOAK_SECONDS=120 SOAK_CONCURRENCY=8 npm run soak
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase } from '../tests/helpers/db';
import setupTemplate from '../tests/helpers/global-setup';
import { ADMIN_URL } from '../tests/helpers/pg';
import { loadConfig } from '../src/config';
import { startServer } from '../main';
import { createUnits, createWorld, reconcile, type Unit, type World } from '../bench/data';
import { graphqlFace, restFace, type Face } from '../bench/faces';
import { pct, Recorder, round } from '../bench/stats';
import { runWarehouseDay } from '../bench/workflow';

const HERE = dirname(fileURLToPath(import.meta.url));
const num = (name: string, dflt: number, max = Infinity) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return Math.min(v, max);
};
const SECONDS = num('SOAK_SECONDS', 600, 24 * 3600);
const CONCURRENCY = Math.floor(num('SOAK_CONCURRENCY', 8, 64));
const MAX_ORDERS = Math.floor(num('SOAK_MAX_ORDERS', 100_000));
const SAMPLE_MS = num('SOAK_SAMPLE_SECONDS', 10) * 1000;
const POOL = Math.floor(num('SOAK_POOL', 10, 100));
const FACE = (process.env.SOAK_FACE ?? 'mixed') as 'rest' | 'graphql' | 'mixed';
if (!['rest', 'graphql', 'mixed'].includes(FACE)) throw new Error('SOAK_FACE must be rest, graphql or mixed');
const OUT = resolve(process.env.SOAK_OUT ?? join(HERE, '..', 'bench', 'results', 'soak.json'));
const REDIS_URL = process.env.SOAK_REDIS === 'off' ? undefined : (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const ADMIN_PASSWORD = 'Soak-admin-1234';
const REFILL = 10;
const READ_ITEMS = 300; // bench/data.ts: RX-1..RX-300, UPC 'R' + 6 digits

// Loopback only: the soak never points load at another machine.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
for (const [what, u] of [['TEST_DATABASE_URL', ADMIN_URL], ['REDIS_URL', REDIS_URL]] as const) {
  if (u && !LOOPBACK.has(new URL(u).hostname)) throw new Error(`soak: ${what} must be a loopback address, got ${new URL(u).hostname}`);
}

const log = (...a: unknown[]) => process.stderr.write(a.join(' ') + '\n');
const mb = (n: number) => round(n / 2 ** 20, 1);
const gc = (globalThis as { gc?: () => void }).gc;

interface MemSample {
  t: number;
  requests: number;
  errors: number;
  orders: number;
  reqPerSec: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

async function main() {
  await setupTemplate();
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    JWT_SECRET: 'soak-secret-that-is-long-enough-for-hs256-0123456789',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'false',
    DB_POOL_MAX: String(POOL),
    ...(REDIS_URL ? { REDIS_URL, REDIS_PREFIX: `soak-${process.pid}-${Date.now()}` } : {}),
  });
  const server = await startServer(config, { port: 0, host: '127.0.0.1' });
  const dataPool = new pg.Pool({ connectionString: db.url, max: 2 });
  // pool.end() resolves before the sockets are closed; the DROP DATABASE ... WITH (FORCE) at the end may then
  // terminate a closing client (57P01), which must not crash the run after the report is written.
  dataPool.on('error', (e) => log(`soak data pool: ${e.message}`));
  const rec = new Recorder();
  const all: number[] = [];
  const wf: number[] = [];
  const samples: MemSample[] = [];
  let orders = 0;
  let started = 0;
  let lastReq = 0;
  let lastT = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`soak: login -> ${login.status}`);
    const token = ((await login.json()) as { token: string }).token;
    const world: World = await createWorld(dataPool, CONCURRENCY);
    const faces = { rest: restFace(server.url, token), graphql: graphqlFace(server.url, token) };
    const faceOf = (slot: number): Face => (FACE === 'mixed' ? (slot % 2 === 0 ? faces.rest : faces.graphql) : faces[FACE]);
    const queues = new Map<number, Unit[]>();
    for (const slot of world.slots) queues.set(slot.slot, await createUnits(dataPool, world, slot, REFILL));

    const sample = () => {
      gc?.();
      const m = process.memoryUsage();
      const t = (performance.now() - started) / 1000;
      const requests = all.length;
      samples.push({
        t: round(t, 1),
        requests,
        errors: rec.totalErrors(),
        orders,
        reqPerSec: round((requests - lastReq) / Math.max(0.001, t - lastT), 1),
        rssMb: mb(m.rss),
        heapUsedMb: mb(m.heapUsed),
        heapTotalMb: mb(m.heapTotal),
        externalMb: mb(m.external),
      });
      lastReq = requests;
      lastT = t;
      const s = samples[samples.length - 1];
      log(`  ${String(s.t).padStart(6)} s  ${String(s.requests).padStart(7)} req  ${String(s.reqPerSec).padStart(6)} req/s  errors ${s.errors}  rss ${s.rssMb} MiB  heap ${s.heapUsedMb} MiB`);
    };

    log(`soak: ${SECONDS} s, ${CONCURRENCY} scanners (${FACE}), pool ${POOL}, ${server.url}, PostgreSQL ${db.name}${REDIS_URL ? ', Redis' : ''}${gc ? ', heap after GC' : ''}`);
    started = performance.now();
    sample();
    sampler = setInterval(sample, SAMPLE_MS);
    const deadline = started + SECONDS * 1000;
    let tracking = 0;
    const step = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
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
    await Promise.all(
      world.slots.map(async (slot) => {
        const face = faceOf(slot.slot);
        const queue = queues.get(slot.slot)!;
        let k = slot.slot;
        while (performance.now() < deadline && orders < MAX_ORDERS) {
          orders++;
          if (queue.length === 0) queue.push(...(await createUnits(dataPool, world, slot, REFILL)));
          const unit = queue.shift()!;
          const w0 = performance.now();
          try {
            await runWarehouseDay(face, world, slot, unit, step, `1ZSOAK${slot.slot}X${++tracking}`);
            k = (k * 7919 + 13) % READ_ITEMS;
            await step('lookup_catalogue', () => face.lookupItem(`R${String(k + 1).padStart(6, '0')}`));
            wf.push(performance.now() - w0);
          } catch {
            // recorded by step(); the scanner moves on to its next order
          }
        }
      }),
    );
    clearInterval(sampler);
    sampler = undefined;
    const seconds = (performance.now() - started) / 1000;
    sample();

    const stock = await reconcile(dataPool);
    // rows committed since the server's last seal are linked first, so the check covers every row
    await dataPool.query('SELECT audit_log_seal(1000000)');
    const broken = (await dataPool.query('SELECT audit_log_verify_chain() AS broken')).rows[0].broken as string | null;
    const auditRows = Number((await dataPool.query('SELECT count(*) AS n FROM audit_log')).rows[0].n);
    all.sort((a, b) => a - b);
    wf.sort((a, b) => a - b);
    const errors = rec.totalErrors();
    const heap = samples.map((s) => s.heapUsedMb);
    const rss = samples.map((s) => s.rssMb);
    const report = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memGb: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        postgres: (await dataPool.query('SHOW server_version')).rows[0].server_version,
      },
      settings: { seconds: SECONDS, concurrency: CONCURRENCY, face: FACE, poolMax: POOL, redis: Boolean(REDIS_URL), maxOrders: MAX_ORDERS, sampleSeconds: SAMPLE_MS / 1000, heapAfterGc: Boolean(gc) },
      note: 'server and load generator share one process: memory figures are both together',
      runSeconds: round(seconds, 1),
      requests: all.length,
      requestsPerSec: round(all.length / seconds, 1),
      workflowsCompleted: wf.length,
      workflowsPerSec: round(wf.length / seconds, 2),
      errors,
      errorSamples: rec.errorSamples,
      latencyMs: { p50: round(pct(all, 0.5), 2), p95: round(pct(all, 0.95), 2), p99: round(pct(all, 0.99), 2), max: round(all[all.length - 1] ?? 0, 1) },
      workflowMs: { p50: round(pct(wf, 0.5), 1), p95: round(pct(wf, 0.95), 1), p99: round(pct(wf, 0.99), 1) },
      ops: rec.summary(seconds),
      memory: {
        rssStartMb: rss[0],
        rssMaxMb: Math.max(...rss),
        rssEndMb: rss[rss.length - 1],
        heapUsedStartMb: heap[0],
        heapUsedMaxMb: Math.max(...heap),
        heapUsedEndMb: heap[heap.length - 1],
        samples,
      },
      reconciliation: stock,
      audit: { rows: auditRows, chainIntact: broken === null, firstBrokenLogId: broken },
      ok: errors === 0 && stock.ok && broken === null,
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');

    const lines = [
      '',
      `soak ${report.runSeconds} s, ${CONCURRENCY} scanners (${FACE}): ${report.requests} requests (${report.requestsPerSec}/s), ${report.workflowsCompleted} orders received -> shipped, errors ${errors}`,
      `latency ms: p50 ${report.latencyMs.p50}, p95 ${report.latencyMs.p95}, p99 ${report.latencyMs.p99}, max ${report.latencyMs.max}; order (27+1 requests) p50 ${report.workflowMs.p50}, p99 ${report.workflowMs.p99}`,
      '',
      '| t (s) | requests | req/s | errors | RSS MiB | heap used MiB | heap total MiB |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...samples.map((s) => `| ${s.t} | ${s.requests} | ${s.reqPerSec} | ${s.errors} | ${s.rssMb} | ${s.heapUsedMb} | ${s.heapTotalMb} |`),
      '',
      '| op | n | p50 ms | p95 ms | p99 ms | errors |',
      '|---|---:|---:|---:|---:|---:|',
      ...Object.entries(report.ops).map(([op, o]) => `| ${op} | ${o.count} | ${o.p50} | ${o.p95} | ${o.p99} | ${o.errors} |`),
      '',
      `reconciliation: ${JSON.stringify(stock)}`,
      `audit log: ${auditRows} rows, hash chain ${broken === null ? 'intact' : `broken at log_id ${broken}`}`,
      `wrote ${OUT}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    for (const e of rec.errorSamples) log(`   ! ${e}`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await server.close();
    await dataPool.end();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
