/**
 * The SQL statements of each request of one warehouse-day workflow (REST), as the server sends them: one
 * in-process server on a fresh test database, every pg.Client#query logged under the request that sent it, and
 * the socket writes to PostgreSQL counted (statements sent together go out in one write: one round trip). The
 * live relay's reads and the audit sealer (same process, own schedule) are left out.
 * Run with: npx tsx bench/profile/trace-day.ts [--full]
 */
import { Socket } from 'node:net';
import pg from 'pg';
import setup from '../../tests/helpers/global-setup';
import { createTestDatabase } from '../../tests/helpers/db';
import { loadConfig } from '../../src/config';
import { startServer } from '../../main';
import { createWorld, createUnits } from '../data';
import { restFace } from '../faces';
import { runWarehouseDay } from '../workflow';

const full = process.argv.includes('--full');
let current: string | null = null;
const BACKGROUND = /FROM event_outbox|audit_log_seal|pg_current_xact_id|pg_advisory_(un)?lock\(\$1::bigint\)/;
const background = new Set<Socket>();
const log: { op: string; text: string }[] = [];
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first?.text ?? '?');
  if ((this as unknown as { benchOwn?: boolean }).benchOwn) return original.apply(this, args);
  // the relay's reads and the audit sealer run on their own schedule, not for a request
  if (BACKGROUND.test(text)) {
    const socket = (this as unknown as { connection: { stream: Socket } }).connection.stream;
    background.add(socket);
    const out = original.apply(this, args) as Promise<unknown>;
    void Promise.resolve(out).catch(() => {}).finally(() => background.delete(socket));
    return out;
  }
  if (current) log.push({ op: current, text: text.replace(/\s+/g, ' ').trim() });
  return original.apply(this, args);
};

// round trips: socket writes to PostgreSQL (statements corked together go out in one)
let writes = 0;
const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...a: unknown[]) => unknown>;
for (const m of ['_write', '_writev'] as const) {
  const orig = proto[m];
  proto[m] = function (this: Socket, ...a: unknown[]) {
    if (current && this.remotePort === 5432 && !background.has(this)) writes++;
    return orig.apply(this, a);
  };
}

await setup();
const db = await createTestDatabase();
const server = await startServer(
  loadConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, JWT_SECRET: 'p'.repeat(40), ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'Admin1234', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' }),
  { port: 0, host: '127.0.0.1' },
);
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
pool.on('connect', (c) => ((c as unknown as { benchOwn: boolean }).benchOwn = true));
try {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Admin1234' }) });
  const { token } = (await login.json()) as { token: string };
  const world = await createWorld(pool, 1);
  const slot = world.slots[0];
  const face = restFace(server.url, token);
  const [warm, unit] = await createUnits(pool, world, slot, 2);
  await runWarehouseDay(face, world, slot, warm, (_op, fn) => fn(), '1ZWARM');
  await new Promise((r) => setTimeout(r, 300));
  const counts = new Map<string, { requests: number; statements: number; writes: number }>();
  await runWarehouseDay(face, world, slot, unit, async (op, fn) => {
    current = op;
    const before = log.length;
    const writesBefore = writes;
    try {
      return await fn();
    } finally {
      current = null;
      const c = counts.get(op) ?? { requests: 0, statements: 0, writes: 0 };
      c.requests++;
      c.statements += log.length - before;
      c.writes += writes - writesBefore;
      counts.set(op, c);
    }
  }, '1ZTRACE');
  for (const [op, c] of counts) {
    process.stdout.write(`${op.padEnd(14)} ${c.requests} requests, ${(c.statements / c.requests).toFixed(1)} statements, ${(c.writes / c.requests).toFixed(1)} writes to PostgreSQL each\n`);
  }
  const total = [...counts.values()].reduce((s, c) => s + c.statements, 0);
  const totalWrites = [...counts.values()].reduce((s, c) => s + c.writes, 0);
  const requests = [...counts.values()].reduce((s, c) => s + c.requests, 0);
  process.stdout.write(`total ${total} statements, ${totalWrites} writes / ${requests} requests = ${(total / requests).toFixed(2)}, ${(totalWrites / requests).toFixed(2)}\n`);
  if (full) {
    const seen = new Set<string>();
    for (const { op, text } of log) {
      const k = op + text;
      if (seen.has(k)) continue;
      seen.add(k);
      process.stdout.write(`[${op}] ${full ? text.slice(0, 300) : ''}\n`);
    }
  }
} finally {
  await pool.end();
  await server.close();
  await db.drop();
}
