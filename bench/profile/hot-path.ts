/**
 * CPU profile of the hot request path: one in-process server, C concurrent clients hammering one REST path, or
 * one named GraphQL operation of rest-compat/operations (PROFILE_OPERATION + PROFILE_VARIABLES), for N seconds.
 * Run with: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile/hot-path.ts
 *   PROFILE_PATH=/api/lookup/item/TST-001 (default) | PROFILE_OPERATION=LookupItem PROFILE_VARIABLES='{"barcode":"TST-001"}'
 */
import { Agent, request } from 'undici';
import setup from '../../tests/helpers/global-setup';
import { createTestDatabase } from '../../tests/helpers/db';
import { loadConfig } from '../../src/config';
import { startServer } from '../../main';
import { loadOperations } from '../../rest-compat/operations';

const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 8);
const path = process.env.PROFILE_PATH ?? '/api/lookup/item/TST-001';
const operation = process.env.PROFILE_OPERATION;

await setup();
const db = await createTestDatabase();
const server = await startServer(
  loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET: 'p'.repeat(40), ADMIN_PASSWORD: 'Admin1234', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true' }),
  { port: 0, host: '127.0.0.1' },
);
const agent = new Agent({ connections: 256 });
try {
  const login = await request(`${server.url}/api/auth/login`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Admin1234' }),
  });
  const { token } = (await login.body.json()) as { token: string };
  const op = operation ? loadOperations().ops.get(operation) : undefined;
  if (operation && !op) throw new Error(`unknown operation ${operation}`);
  const body = op ? JSON.stringify({ query: op.source, operationName: operation, variables: JSON.parse(process.env.PROFILE_VARIABLES ?? '{}') }) : undefined;
  const url = op ? `${server.url}/graphql` : server.url + path;
  const headers = { authorization: `Bearer ${token}`, ...(op ? { 'content-type': 'application/json' } : {}) };
  let count = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const r = await request(url, { method: op ? 'POST' : 'GET', headers, body, dispatcher: agent });
        const text = await r.body.text();
        if (r.statusCode !== 200 || text.includes('"errors"')) throw new Error(`${r.statusCode} ${text}`);
        count++;
      }
    }),
  );
  const cpu = process.cpuUsage();
  process.stdout.write(`${operation ?? path}: ${(count / seconds).toFixed(1)} req/s at C=${concurrency}, ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} CPU ms/request (whole run)\n`);
} finally {
  await agent.close();
  await server.close();
  await db.drop();
}
