/** Per-call cost of the pieces of a REST request (sequential, warm). */
import setup from '../../tests/helpers/global-setup';
import { createTestDatabase } from '../../tests/helpers/db';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { createRequestHandlers } from '../../src/server';
import { authenticate } from '../../src/auth/authenticate';
import { signToken, verifyToken } from '../../src/auth/jwt';

await setup();
const db = await createTestDatabase();
const app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET: 'p'.repeat(40), ADMIN_PASSWORD: 'Admin1234', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true' }));
const { yoga } = createRequestHandlers(app);
const admin = await app.prisma.user.findFirstOrThrow({ where: { username: 'admin' } });
const token = signToken(app.config.jwtSecret, { userId: admin.userId, username: 'admin', role: 'ADMIN', warehouseId: null, warehouseIds: [] });
const header = `Bearer ${token}`;

async function time(label: string, n: number, fn: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 20; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  process.stdout.write(`${label.padEnd(40)} ${((performance.now() - t) / n).toFixed(3)} ms\n`);
}
const auth = await authenticate(app, header);
await time('jwt verify', 2000, () => verifyToken(app.config.jwtSecret, token));
await time('authenticate (verify + user row)', 500, () => authenticate(app, header));
await time('prisma warehouse.findMany', 500, () => app.prisma.warehouse.findMany({ where: { isActive: true } }));
await time('prisma $queryRaw SELECT 1', 500, () => app.prisma.$queryRaw`SELECT 1`);
await time('prisma item.findFirst', 500, () => app.prisma.item.findFirst({ where: { sku: 'TST-001' } }));
const body = JSON.stringify({ query: 'query ActiveWarehouses { activeWarehouses { id code name } }', operationName: 'ActiveWarehouses' });
await time('yoga.fetch activeWarehouses', 500, async () => {
  const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body }, { restAuth: auth, clientIp: '127.0.0.1', requestId: 'x' });
  return r.json();
});
const body2 = JSON.stringify({ query: '{ __typename }' });
await time('yoga.fetch __typename', 500, async () => {
  const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body2 }, { restAuth: auth, clientIp: '127.0.0.1', requestId: 'x' });
  return r.json();
});
await app.close();
await db.drop();
