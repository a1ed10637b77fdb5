/**
 * Bounded soak: starts the API on loopback against DATABASE_URL (or an in-memory PGlite), drives a mix of
 * REST calls for SOAK_SECONDS (default 60) with SOAK_CONCURRENCY workers (default 8), prints latency
 * percentiles, status counts and memory every 10 s and at the end. Not part of `npm test`.
 *   npm run soak                      SOAK_SECONDS=300 SOAK_CONCURRENCY=16 npm run soak
 */
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 8);
const password = 'Soak-admin-1';
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  ADMIN_USERNAME: 'soakadmin',
  ADMIN_PASSWORD: password,
  SEED_DEMO_DATA: 'true',
  DATA_DIR: process.env.DATABASE_URL ? (process.env.DATA_DIR ?? './data') : 'memory://soak',
  JWT_SECRET: process.env.JWT_SECRET ?? 'soak-secret-soak-secret-soak-secret-0123456789',
});
const server = await startServer(config, { port: 0, host: '127.0.0.1' });
const url = server.url;
const call = async (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url + path, {
    method,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  await res.arrayBuffer();
  return res.status;
};
const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'soakadmin', password }) });
const token = ((await login.json()) as { token: string }).token;

let n = 0;
const mix: [string, () => Promise<number>][] = [
  ['GET /api/auth/me', () => call('GET', '/api/auth/me', token)],
  ['GET /api/admin/warehouses', () => call('GET', '/api/admin/warehouses', token)],
  ['GET /api/admin/items', () => call('GET', '/api/admin/items?page=1&per_page=20', token)],
  ['GET /api/lookup/item/search', () => call('GET', '/api/lookup/item/search?q=TST', token)],
  ['GET /api/admin/dashboard', () => call('GET', '/api/admin/dashboard', token)],
  ['POST /api/admin/zones (idempotent)', () => {
    const k = n++;
    return call('POST', '/api/admin/zones', token, { warehouse_id: 1, zone_code: `SK${process.pid}-${k}`, zone_name: 'Soak', zone_type: 'STORAGE' }, { 'idempotency-key': `soak-${process.pid}-${k}` });
  }],
  ['POST /graphql me', () => call('POST', '/graphql', token, { query: '{ me { username } }' })],
];
const lat: Record<string, number[]> = {};
const statuses: Record<string, number> = {};
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : 0);
const mem = () => {
  const m = process.memoryUsage();
  return `rss ${(m.rss / 2 ** 20).toFixed(0)} MiB, heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB`;
};
const report = (label: string) => {
  const all = Object.values(lat).flat();
  console.log(`[${label}] requests ${all.length}, p50 ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms, statuses ${JSON.stringify(statuses)}, ${mem()}`);
};
const end = Date.now() + seconds * 1000;
console.log(`soak: ${seconds} s, ${concurrency} workers, ${url} (${config.databaseUrl ? 'PostgreSQL' : 'PGlite in memory'}); start ${mem()}`);
const ticker = setInterval(() => report(`${Math.round((seconds * 1000 - (end - Date.now())) / 1000)} s`), 10_000);
await Promise.all(
  Array.from({ length: concurrency }, async (_, w) => {
    let i = w;
    while (Date.now() < end) {
      const [name, fn] = mix[i++ % mix.length];
      const t = performance.now();
      const status = await fn().catch(() => 0);
      (lat[name] ??= []).push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
clearInterval(ticker);
report('final');
for (const [name, xs] of Object.entries(lat)) console.log(`  ${name.padEnd(36)} n=${xs.length} p50=${pct(xs, 50).toFixed(1)} p95=${pct(xs, 95).toFixed(1)} p99=${pct(xs, 99).toFixed(1)} ms`);
await server.close();
const failed = Object.entries(statuses).filter(([s]) => Number(s) >= 500 || s === '0').reduce((a, [, c]) => a + c, 0);
process.exit(failed > 0 ? 1 : 0);
