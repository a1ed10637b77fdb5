/**
 * Server CPU per request of each step of the warehouse day, measured sequentially (one scanner, warm): the real
 * server in its own process (NODE_ENV=production, LOG_LEVEL=silent, PostgreSQL + Redis) reports its own
 * process.cpuUsage() before and after every request, so the load generator's work is not counted. Repeatable
 * enough for A/B comparisons of small changes on a busy machine (CPU time, not wall-clock).
 * Run with: npx tsx bench/profile/day-cpu.ts [workflows, default 60] [--face=graphql]
 *   DAY_CPU_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server; DAY_CPU_ROOT=<another checkout, generated,
 *   with this worker copied in> measures that checkout's server (an A/B against an older commit).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import setup from '../../tests/helpers/global-setup';
import { createTestDatabase } from '../../tests/helpers/db';
import { createWorld, createUnits } from '../data';
import { restFace, graphqlFace } from '../faces';
import { runWarehouseDay } from '../workflow';

const HERE = dirname(fileURLToPath(import.meta.url));
const workflows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 60);
const faceName = process.argv.find((a) => a.startsWith('--face='))?.slice(7) ?? 'rest';

await setup();
const db = await createTestDatabase();
const child = spawn(process.execPath, [...(process.env.DAY_CPU_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(process.env.DAY_CPU_ROOT ? join(process.env.DAY_CPU_ROOT, 'bench', 'profile') : HERE, 'day-cpu-worker.ts')], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    JWT_SECRET: 'p'.repeat(40),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'Admin1234',
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'false',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `daycpu-${process.pid}`,
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const url = await new Promise<string>((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  child.on('message', (m: { type?: string; url?: string }) => m?.type === 'ready' && resolve(m.url!));
});
let sys = 0;
const cpu = () =>
  new Promise<number>((resolve) => {
    const on = (m: { type?: string; us?: number; sys?: number }) => {
      if (m?.type !== 'cpu') return;
      child.off('message', on);
      sys = m.sys!;
      resolve(m.us!);
    };
    child.on('message', on);
    child.send({ type: 'cpu' });
  });
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Admin1234' }) });
  const { token } = (await login.json()) as { token: string };
  const world = await createWorld(pool, 1);
  const slot = world.slots[0];
  const face = faceName === 'graphql' ? graphqlFace(url, token) : restFace(url, token);
  const units = await createUnits(pool, world, slot, workflows + 10);
  // the cost of asking (IPC) is measured and taken off
  let probe = 0;
  for (let i = 0; i < 200; i++) {
    const a = await cpu();
    probe += (await cpu()) - a;
  }
  const ask = probe / 200;
  const per = new Map<string, { n: number; us: number }>();
  let recording = false;
  let sysFrom = 0;
  for (const [i, unit] of units.slice(0, workflows + 10).entries()) {
    recording = i >= 10; // 10 workflows of warm-up
    if (i === 10) sysFrom = sys;
    await runWarehouseDay(face, world, slot, unit, async (op, fn) => {
      const before = await cpu();
      const out = await fn();
      const used = (await cpu()) - before - ask;
      if (recording) {
        const p = per.get(op) ?? { n: 0, us: 0 };
        p.n++;
        p.us += used;
        per.set(op, p);
      }
      return out;
    }, `1ZDAY${i}`);
  }
  let n = 0;
  let us = 0;
  for (const [op, p] of per) {
    n += p.n;
    us += p.us;
    process.stdout.write(`${op.padEnd(14)} ${String(p.n).padStart(5)} x ${(p.us / p.n / 1000).toFixed(3)} ms = ${(p.us / 1000).toFixed(0).padStart(6)} ms\n`);
  }
  process.stdout.write(
    `${faceName}: ${n} requests, server CPU ${(us / n / 1000).toFixed(3)} ms per request, of which system ${((sys - sysFrom) / n / 1000).toFixed(3)} ms ` +
      `(IPC probe ${(ask / 1000).toFixed(3)} ms taken off)\n`,
  );
} finally {
  await pool.end();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await db.drop();
}
