import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/server';
import { json, REDIS_URL, startStubApi, TEST_ENCRYPTION_KEY, uniqueRedisPrefix, waitForSyncState, type StubApi } from '../helpers/connectors';

let s: TestServer;
let stub: StubApi;
let admin: string;
let redis: Redis;
const prefix = uniqueRedisPrefix('sync');

/** Holds a stub response until released, so a run can be observed while `running`. */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { release, opened };
}
let ordersGate = gate();
let itemsStatus = 500;

beforeAll(async () => {
  [s, stub] = await Promise.all([
    startTestServer({
      seed: true,
      env: {
        SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, CONNECTOR_ALLOW_LOOPBACK: 'true', REDIS_URL, REDIS_PREFIX: prefix,
        CONNECTOR_SYNC_RETRY_DELAY_MS: '100',
      },
    }),
    startStubApi(),
  ]);
  admin = await s.adminToken();
  redis = new Redis(REDIS_URL);
  stub.route('GET', '/api/orders', async (_q, res) => {
    await ordersGate.opened;
    json(res, 200, { data: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  });
  stub.route('GET', '/api/inventory', async (_q, res) => {
    await ordersGate.opened;
    json(res, 200, []);
  });
  stub.route('GET', '/api/items', (_q, res) => json(res, itemsStatus, itemsStatus === 200 ? [{ sku: 'A' }] : { error: 'down' }));
  stub.route('GET', '/api/health', (_q, res) => json(res, 200, {}));
  const r = await s.api('POST', '/api/admin/connectors/example/credentials', {
    token: admin,
    body: { warehouse_id: 1, credentials: { base_url: `${stub.url}/api`, api_key: 'sync-key' } },
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  ordersGate.release();
  await s?.close();
  await stub?.close();
  if (!redis) return;
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const trigger = (type: string, body?: unknown, query = '') =>
  s.api('POST', `/api/admin/connectors/example/sync/${type}${query}`, { token: admin, body });

describe('POST /api/admin/connectors/{name}/sync/{sync_type}', () => {
  it('checks warehouse_id, then sync_type, then the connector, then the warehouse', async () => {
    const none = await trigger('bogus', {});
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ error: 'warehouse_id is required' });
    const type = await s.api('POST', '/api/admin/connectors/nope/sync/bogus', { token: admin, body: { warehouse_id: 1 } });
    expect(type.status).toBe(400);
    expect(type.body).toEqual({ error: "Invalid sync_type 'bogus'. Must be one of: orders, items, inventory, fulfillment" });
    const conn = await s.api('POST', '/api/admin/connectors/nope/sync/orders', { token: admin, body: { warehouse_id: 1 } });
    expect(conn.status).toBe(404);
    expect(conn.body).toEqual({ error: "Connector 'nope' not found" });
    const wh = await trigger('orders', { warehouse_id: 31337 });
    expect(wh.status).toBe(404);
    expect(wh.body).toEqual({ error: 'Warehouse not found' });
    expect(await s.app.prisma.syncState.count()).toBe(0);
  });

  it('runs idle -> running -> idle through the BullMQ worker, 409 while running', async () => {
    expect(s.app.jobs.kind).toBe('bullmq');
    const r = await trigger('orders', { warehouse_id: 1 });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ message: 'Sync queued', task_id: expect.stringMatching(/^[0-9a-f-]{36}$/), connector: 'example', warehouse_id: 1, sync_type: 'orders' });
    expect(await redis.exists(`${prefix}:bull:connectors:${r.body.task_id}`)).toBe(1);

    const running = await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'orders' }, (x) => x.sync_status === 'running');
    expect(running).toMatchObject({ connector_name: 'example', warehouse_id: 1, last_success_at: null, consecutive_errors: 0 });
    await waitForStubRequest('/api/orders');

    const dup = await trigger('orders', { warehouse_id: 1 });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ error: 'Sync already running', connector: 'example', warehouse_id: 1, sync_type: 'orders' });

    ordersGate.release();
    const done = await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'orders' }, (x) => x.sync_status === 'idle');
    expect(done.last_success_at).not.toBeNull();
    expect(done.last_synced_at).toBe(done.last_success_at);
    expect(done).toMatchObject({ consecutive_errors: 0, last_error_at: null, last_error_message: null });
    const req = stub.requests.find((x) => x.path === '/api/orders')!;
    expect(req.headers.authorization).toBe('Bearer sync-key');

    // the next run asks for changes since the last success
    const again = await trigger('orders', undefined, '?warehouse_id=1');
    expect(again.status).toBe(202);
    await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'orders' }, (x) => x.sync_status === 'idle' && x.last_success_at !== done.last_success_at);
    const since = stub.requests.filter((x) => x.path === '/api/orders').map((x) => x.query.get('since'));
    expect(since).toHaveLength(2);
    expect(since[0]).toBe('1970-01-01T00:00:00.000Z');
    expect(new Date(since[1]!).getTime()).toBe(new Date(done.last_success_at).getTime());
  });

  it('of N concurrent triggers exactly one is queued, the others get 409', async () => {
    ordersGate = gate();
    const results = await Promise.all(Array.from({ length: 12 }, () => trigger('inventory', { warehouse_id: 1 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 202)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(11);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body).toEqual({ error: 'Sync already running', connector: 'example', warehouse_id: 1, sync_type: 'inventory' });
    }
    ordersGate.release();
    await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'inventory' }, (x) => x.sync_status === 'idle' && x.last_success_at);
    expect(stub.requests.filter((x) => x.path === '/api/inventory')).toHaveLength(1);
  });

  it('records failures: consecutive_errors counts up, error from the third, one success resets', async () => {
    itemsStatus = 500;
    for (let n = 1; n <= 3; n++) {
      const r = await trigger('items', { warehouse_id: 1 });
      expect(r.status).toBe(202);
      const row = await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'items' }, (x) => x.consecutive_errors === n && x.sync_status !== 'running');
      expect(row.sync_status).toBe(n >= 3 ? 'error' : 'idle');
      expect(row.last_error_message).toBe('GET /items answered HTTP 500');
      expect(row.last_error_at).not.toBeNull();
      expect(row.last_success_at).toBeNull();
    }
    itemsStatus = 200;
    expect((await trigger('items', { warehouse_id: 1 })).status).toBe(202); // a run may start from `error`
    const ok = await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'items' }, (x) => x.consecutive_errors === 0);
    expect(ok.sync_status).toBe('idle');
    expect(ok.last_success_at).not.toBeNull();
  });

  it('an exception inside the run is recorded; a blocked destination is not retried', async () => {
    const other = await s.app.prisma.warehouse.create({ data: { warehouseCode: 'SYNC2', warehouseName: 'Blocked' } });
    await s.api('POST', '/api/admin/connectors/example/credentials', {
      token: admin, body: { warehouse_id: other.warehouseId, credentials: { base_url: 'http://169.254.169.254/', api_key: 'k' } },
    });
    expect((await trigger('orders', { warehouse_id: other.warehouseId })).status).toBe(202);
    const row = await waitForSyncState(s, admin, { warehouseId: other.warehouseId, syncType: 'orders' }, (x) => x.consecutive_errors >= 1);
    expect(row.last_error_message).toBe('Blocked: destination 169.254.169.254 is a private or internal address');
    await new Promise((r) => setTimeout(r, 600)); // retry delay is 100 ms in this file
    const later = await waitForSyncState(s, admin, { warehouseId: other.warehouseId, syncType: 'orders' }, () => true);
    expect(later.consecutive_errors).toBe(1);
  });

  it('fulfillment runs the connection health check', async () => {
    expect((await trigger('fulfillment', { warehouse_id: 1 })).status).toBe(202);
    const row = await waitForSyncState(s, admin, { warehouseId: 1, syncType: 'fulfillment' }, (x) => x.last_success_at);
    expect(row.sync_status).toBe('idle');
  });

  it('a running state left by a crashed worker is taken over once stale', async () => {
    const other = await s.app.prisma.warehouse.create({ data: { warehouseCode: 'SYNC3', warehouseName: 'Stale' } });
    await s.app.prisma.syncState.create({ data: { connectorName: 'example', warehouseId: other.warehouseId, syncType: 'items', syncStatus: 'running' } });
    expect((await trigger('items', { warehouse_id: other.warehouseId })).status).toBe(409); // fresh: still a live run
    await s.app.prisma.$executeRaw`UPDATE sync_state SET updated_at = now() - interval '2 hours' WHERE warehouse_id = ${other.warehouseId}`;
    expect((await trigger('items', { warehouse_id: other.warehouseId })).status).toBe(202);
    const row = await waitForSyncState(s, admin, { warehouseId: other.warehouseId, syncType: 'items' }, (x) => x.sync_status !== 'running');
    expect(row.consecutive_errors).toBe(1); // no credentials for that warehouse: the run failed, but it ran
    expect(row.last_error_message).toBe('Missing required credentials: api_key, base_url');
  });
});

describe('GET /api/admin/connectors/{name}/sync-status', () => {
  it('lists existing rows ordered by sync_type', async () => {
    const r = await s.api('GET', '/api/admin/connectors/example/sync-status?warehouse_id=1', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.connector).toBe('example');
    expect(r.body.warehouse_id).toBe(1);
    expect(r.body.sync_states.map((x: any) => x.sync_type)).toEqual(['fulfillment', 'inventory', 'items', 'orders']);
    expect(Object.keys(r.body.sync_states[0]).sort()).toEqual([
      'connector_name', 'consecutive_errors', 'last_error_at', 'last_error_message', 'last_success_at', 'last_synced_at', 'sync_status', 'sync_type', 'warehouse_id',
    ]);
  });

  it('one idle row per sync type before the first run (the reference); 400 without warehouse_id (before the connector lookup); 404 unknown connector', async () => {
    const never = (sync_type: string) => ({
      connector_name: 'example', warehouse_id: 999, sync_type, sync_status: 'idle', last_synced_at: null, last_success_at: null,
      last_error_at: null, last_error_message: null, consecutive_errors: 0,
    });
    const r0 = await s.api('GET', '/api/admin/connectors/example/sync-status?warehouse_id=999', { token: admin });
    expect(r0).toMatchObject({ status: 200 });
    expect(r0.body).toEqual({ connector: 'example', warehouse_id: 999, sync_states: ['fulfillment', 'inventory', 'items', 'orders'].map(never) });
    // one type has run: its stored row, the others idle rows next to it
    const wh = await s.app.prisma.warehouse.create({ data: { warehouseCode: 'SYNC9', warehouseName: 'One run' } });
    await s.app.prisma.syncState.create({ data: { connectorName: 'example', warehouseId: wh.warehouseId, syncType: 'items', syncStatus: 'error', consecutiveErrors: 3, lastErrorMessage: 'boom' } });
    const r1 = await s.api('GET', `/api/admin/connectors/example/sync-status?warehouse_id=${wh.warehouseId}`, { token: admin });
    expect(r1.body.sync_states.map((x: any) => [x.sync_type, x.sync_status, x.consecutive_errors, x.last_error_message])).toEqual([
      ['fulfillment', 'idle', 0, null], ['inventory', 'idle', 0, null], ['items', 'error', 3, 'boom'], ['orders', 'idle', 0, null],
    ]);
    for (const q of ['', '?warehouse_id=0', '?warehouse_id=x']) {
      const r = await s.api('GET', `/api/admin/connectors/nope/sync-status${q}`, { token: admin });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: 'warehouse_id query parameter is required' });
    }
    const r = await s.api('GET', '/api/admin/connectors/nope/sync-status?warehouse_id=1', { token: admin });
    expect(r.status).toBe(404);
  });
});

describe('worker in its own process', () => {
  it('scripts/worker.ts as a child process: starts, runs a job an API without a worker queued, drains it on SIGTERM and exits 0', async () => {
    const own = await startStubApi();
    const held = gate();
    let itemsCalls = 0;
    own.route('GET', '/api/items', async (_q, res) => {
      if (++itemsCalls === 2) await held.opened; // the second run is held while the worker is told to stop
      json(res, 200, [{ sku: 'A' }]);
    });
    const alonePrefix = `${prefix}_alone`;
    const env = { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, CONNECTOR_ALLOW_LOOPBACK: 'true', REDIS_URL, REDIS_PREFIX: alonePrefix, JOBS_IN_PROCESS_WORKER: 'false' };
    const api = await startTestServer({ seed: true, env });
    let child: ChildProcess | undefined;
    try {
      const token = await api.adminToken();
      const cred = await api.api('POST', '/api/admin/connectors/example/credentials', { token, body: { warehouse_id: 1, credentials: { base_url: `${own.url}/api`, api_key: 'k' } } });
      expect(cred.status).toBe(200);
      const sync = () => api.api('POST', '/api/admin/connectors/example/sync/items', { token, body: { warehouse_id: 1 } });
      expect((await sync()).status).toBe(202);
      // queued, and nobody runs it: the API has no worker
      expect((await waitForSyncState(api, token, { warehouseId: 1, syncType: 'items' }, () => true)).sync_status).toBe('running');
      expect(itemsCalls).toBe(0);

      // what `npm run worker` runs, as its own process (node --import tsx, so signals reach it directly)
      child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
        cwd: process.cwd(),
        env: { ...process.env, ...env, NODE_ENV: 'test', DATABASE_URL: api.app.config.databaseUrl!, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
      const logged = (msg: string) => until(() => out.includes(`"msg":"${msg}`), 30_000, () => `worker log "${msg}": ${out.slice(-2000)}`);
      await logged('worker started');
      const first = await waitForSyncState(api, token, { warehouseId: 1, syncType: 'items', timeoutMs: 30_000 }, (x) => x.sync_status === 'idle');
      expect(first.last_success_at).not.toBeNull();
      expect(itemsCalls).toBe(1);

      // a second job is running (held at the remote API) when SIGTERM arrives: the worker finishes it, then exits
      expect((await sync()).status).toBe(202);
      await until(() => itemsCalls === 2, 30_000, () => 'second run reached the remote API');
      child.kill('SIGTERM');
      await logged('worker stopping');
      expect(child.exitCode).toBeNull(); // still draining: the job cannot have finished while the remote API holds it
      held.release();
      expect(await exited).toBe(0);
      const second = await waitForSyncState(api, token, { warehouseId: 1, syncType: 'items' }, (x) => x.sync_status === 'idle');
      expect(new Date(second.last_success_at).getTime()).toBeGreaterThan(new Date(first.last_success_at).getTime());
      expect(itemsCalls).toBe(2);
    } finally {
      held.release();
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await api.close();
      await own.close();
      const keys = await redis.keys(`${alonePrefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
  }, 90_000);
});

async function until(cond: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForStubRequest(path: string) {
  const deadline = Date.now() + 5000;
  while (!stub.requests.some((r) => r.path === path)) {
    if (Date.now() > deadline) throw new Error(`stub never got ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
