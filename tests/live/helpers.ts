import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { loadConfig } from '../../src/config';
import type { RunningServer } from '../../src/server';
import { startServer } from '../../main';
import { TEST_JWT_SECRET, ADMIN_PASSWORD, type TestServer } from '../helpers/server';

/** A second server instance on the SAME database as `first` (its own pool, relay, hub), e.g. to test fan-out. */
export async function startSiblingServer(first: TestServer, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: first.app.config.databaseUrl!,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'false',
    DB_POOL_MAX: '5',
    ...env,
  });
  return startServer(config, { port: 0, host: '127.0.0.1' });
}

export interface WsConn {
  client: Client;
  /** Close events of the socket (code, reason). */
  closes: { code: number; reason: string }[];
  dispose(): Promise<void>;
}

export function connect(httpUrl: string, token: string | null): WsConn {
  const closes: { code: number; reason: string }[] = [];
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    shouldRetry: () => false,
    on: { closed: (ev: any) => closes.push({ code: ev.code, reason: String(ev.reason ?? '') }) },
    onNonLazyError: () => {},
  });
  return { client, closes, dispose: () => client.dispose() as Promise<void> };
}

export interface Sub<T = any> {
  values: T[];
  errors: any[];
  completed: boolean;
  /** Resolves when at least n values arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  waitError(timeoutMs?: number): Promise<any[]>;
  stop(): void;
}

export function subscribe<T = any>(conn: WsConn, query: string, variables: Record<string, unknown> = {}, pick?: (data: any) => T): Sub<T> {
  const s: Sub<T> = {
    values: [],
    errors: [],
    completed: false,
    waitFor: (n, timeoutMs = 10_000) => until(() => s.values.length >= n, timeoutMs, () => `waited for ${n} values, got ${s.values.length}: ${JSON.stringify(s.values).slice(0, 500)} errors ${JSON.stringify(s.errors)}`).then(() => s.values),
    waitError: (timeoutMs = 10_000) => until(() => s.errors.length > 0, timeoutMs, () => 'no error').then(() => s.errors),
    stop: () => unsub(),
  };
  const unsub = conn.client.subscribe(
    { query, variables },
    {
      next: (r: any) => {
        if (r.errors) s.errors.push(...r.errors);
        else s.values.push(pick ? pick(r.data) : r.data);
      },
      error: (e: any) => s.errors.push(...(Array.isArray(e) ? e : [e])),
      complete: () => (s.completed = true),
    },
  );
  return s;
}

export async function until(cond: () => boolean, timeoutMs = 10_000, what: () => string = () => 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const FEED = `subscription F($w: Int, $after: String) { activityFeed(warehouseId: $w, afterId: $after) { id topic warehouseId payload createdAt } }`;
export const DASH = `subscription D($w: Int) { dashboardStats(warehouseId: $w) { openPos pendingReceipts itemsAwaitingPutaway totalBins recentActivity { logId actionType } } }`;

/**
 * Subscribes on `server` (the instance `conn` is connected to) and resolves once that server attached the
 * subscription's listener to its event hub: from then on it receives every event the relay publishes.
 * The server's own signal, not a timed wait. Subscriptions on one server must be opened one after the other.
 */
export async function subscribeLive<T = any>(
  server: { app: RunningServer['app'] },
  conn: WsConn,
  query: string,
  variables: Record<string, unknown> = {},
  pick?: (data: any) => T,
): Promise<Sub<T>> {
  const hub = server.app.live!.hub;
  const before = hub.listenersAttached;
  const sub = subscribe(conn, query, variables, pick);
  await until(() => hub.listenersAttached > before || sub.errors.length > 0, 10_000, () => `subscription listening (errors ${JSON.stringify(sub.errors)})`);
  return sub;
}

/** Resolves once everything the server sent on `conn` before now has arrived: a query answered on the same socket. */
export async function drained(conn: WsConn): Promise<void> {
  const q = subscribe(conn, '{ __typename }');
  await q.waitFor(1);
}
