/**
 * CPU profile of the hot request path: one in-process server, C concurrent clients hammering one
 * REST path for N seconds. Run with: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile/hot-path.ts
 */
import setup from '../../tests/helpers/global-setup';
import { createTestDatabase } from '../../tests/helpers/db';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';

const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 8);
const path = process.env.PROFILE_PATH ?? '/api/lookup/item/TST-001';

await setup();
const db = await createTestDatabase();
const server = await startServer(
  loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET: 'p'.repeat(40), ADMIN_PASSWORD: 'Admin1234', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true' }),
  { port: 0, host: '127.0.0.1' },
);
try {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Admin1234' }),
  });
  const { token } = (await login.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  let count = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const r = await fetch(server.url + path, { headers });
        if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
        await r.arrayBuffer();
        count++;
      }
    }),
  );
  process.stdout.write(`${path}: ${(count / seconds).toFixed(1)} req/s at C=${concurrency}\n`);
} finally {
  await server.close();
  await db.drop();
}
