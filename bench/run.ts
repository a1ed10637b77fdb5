/**
 * `npm run bench`: the warehouse day under load, REST and GraphQL against the server started in-process,
 * and the same transactions straight to PostgreSQL (the limit), at several concurrency levels.
 *
 * Env: BENCH_SECONDS (per level and face, default 20), BENCH_CONCURRENCY (default 1,8,32,64),
 * BENCH_FACES (default sql,rest,graphql), BENCH_POOL (connection pool of the server and of the direct-SQL
 * face, default 10), BENCH_OUT (default bench/results/latest.json), REDIS_URL (default redis://127.0.0.1:6379).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { installQueryCounter, markOwn, statements } from './query-counter';
import { runWarehouseDay } from './workflow';

installQueryCounter(); // before any pg client exists

const { loadConfig } = await import('../src/config');
const { startServer } = await import('../src/server');
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
const OUT = resolve(process.env.BENCH_OUT ?? join(HERE, 'results', 'latest.json'));
const REFILL = 10;
const ADMIN_PASSWORD = 'Bench-admin-1234';

const log = (...a: unknown[]) => process.stderr.write(a.join(' ') + '\n');

async function main() {
  await setupTemplate();
  const db = await createTestDatabase();
  const redisPrefix = `bench-${process.pid}-${Date.now()}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'false',
    DB_POOL_MAX: String(POOL),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
  });
  const server = await startServer(config, { port: 0, host: '127.0.0.1' });
  const dataPool = new pg.Pool({ connectionString: db.url, max: 4 });
  markOwn(dataPool, 'data');
  const sqlPool = new pg.Pool({ connectionString: db.url, max: POOL, options: '-c TimeZone=UTC' });
  markOwn(sqlPool, 'sql');
  // Dropping the database at the end terminates idle connections; that must not crash the report.
  for (const pool of [dataPool, sqlPool]) pool.on('error', () => {});

  let rssMax = 0;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250);
  const started = Date.now();
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const world = await createWorld(dataPool, Math.max(...LEVELS));
    log(`world: warehouse ${world.warehouseId}, ${world.slots.length} scanners x ${world.slots[0].items.length} items; ${SECONDS}s per level; pool ${POOL}`);

    const faces: Record<Face['name'], Face> = {
      sql: directSqlFace(sqlPool),
      rest: restFace(server.url, token),
      graphql: graphqlFace(server.url, token),
    };
    const queues = new Map<number, Unit[]>();
    // warm-up (JIT, Prisma's query plans, pools), not recorded
    for (const f of FACES) await runLevel(faces[f], Math.min(8, Math.max(...LEVELS)), world, dataPool, queues, Math.min(3, SECONDS));
    const results: LevelResult[] = [];
    for (const c of LEVELS) {
      for (const f of FACES) {
        const r = await runLevel(faces[f], c, world, dataPool, queues);
        results.push(r);
        log(
          `${f.padEnd(8)} C=${String(c).padStart(3)}: ${r.workflowsPerSec} workflows/s, ${r.requestsPerSec} req/s, ` +
            `p50/p99 ${r.request.p50}/${r.request.p99} ms, ${r.statementsPerRequest} stmt/req, ${r.cpuMsPerRequest} cpu ms/req, errors ${r.errors}`,
        );
        for (const e of r.errorSamples) log(`   ! ${e}`);
      }
    }
    const rec = await reconcile(dataPool);
    log(`reconciliation: ${JSON.stringify(rec)}`);
    const report = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGb: round(totalmem() / 2 ** 30, 1), node: process.version, postgres: (await dataPool.query('SHOW server_version')).rows[0].server_version },
      settings: { secondsPerLevel: SECONDS, levels: LEVELS, faces: FACES, poolMax: POOL, linesPerOrder: world.slots[0].items.length, requestsPerWorkflow: REQUESTS_PER_WORKFLOW },
      runSeconds: Math.round((Date.now() - started) / 1000),
      processRssMaxMb: Math.round(rssMax / 2 ** 20),
      processRssEndMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      reconciliation: rec,
      totalErrors: results.reduce((s, r) => s + r.errors, 0),
      ratios: ratios(results),
      levels: results,
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
  ops: Record<string, import('./stats').OpStats>;
}

async function runLevel(face: Face, concurrency: number, world: World, dataPool: pg.Pool, queues: Map<number, Unit[]>, budget = SECONDS): Promise<LevelResult> {
  const rec = new Recorder();
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
  let workflows = 0;
  let tracking = 0;
  const stmt0 = statements(kind);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + budget * 1000;
  await Promise.all(
    world.slots.slice(0, concurrency).map(async (slot) => {
      const queue = queues.get(slot.slot)!;
      while (performance.now() < deadline) {
        if (queue.length === 0) queue.push(...(await createUnits(dataPool, world, slot, REFILL)));
        const unit = queue.shift()!;
        const w0 = performance.now();
        try {
          await runWarehouseDay(face, world, slot, unit, step, `1ZBENCH${++tracking}`);
          wf.push(performance.now() - w0);
          workflows++;
        } catch {
          // recorded by step(); this scanner moves on to its next order
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const stmts = statements(kind) - stmt0;
  const cpu = process.cpuUsage(cpu0);
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
    // CPU of this process (server + load generator; for sql: the driver + load generator) per request
    cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / Math.max(1, requests), 3),
    errors: rec.totalErrors(),
    errorSamples: rec.errorSamples,
    request: { p50: round(pct(all, 0.5), 2), p95: round(pct(all, 0.95), 2), p99: round(pct(all, 0.99), 2) },
    workflow: { p50: round(pct(wf, 0.5), 1), p95: round(pct(wf, 0.95), 1), p99: round(pct(wf, 0.99), 1) },
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

function markdownTable(report: { levels: LevelResult[] }): string {
  const lines = [
    '| Face | C | workflows/s | requests/s | p50 ms | p95 ms | p99 ms | SQL stmt/request | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.levels) {
    lines.push(
      `| ${r.face} | ${r.concurrency} | ${r.workflowsPerSec} | ${r.requestsPerSec} | ${r.request.p50} | ${r.request.p95} | ${r.request.p99} | ${r.statementsPerRequest} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
