import { appendFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { loadConfig } from '../../src/config';
import type { RunningServer } from '../../src/server';
import { startServer } from '../../main';
import { createTestDatabase } from './db';

/** True in the `pglite` vitest project: test servers run on the embedded database instead of PostgreSQL. */
export const onPglite = () => process.env.TEST_DB === 'pglite';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const ADMIN_PASSWORD = 'Admin1234';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface TestServer {
  url: string;
  server: RunningServer;
  app: RunningServer['app'];
  /** A token of the bootstrap admin (fetched once). */
  adminToken(): Promise<string>;
  login(username: string, password: string): Promise<string>;
  api<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: any; status: number }>;
  close(): Promise<void>;
}

/**
 * Starts the real server on a free port against a fresh database cloned from the migrated template
 * (or, with TEST_DB=pglite, a fresh in-memory embedded database).
 * `seed` loads the demo data set (one warehouse, zones, bins, items, a PO and SOs).
 */
export async function startTestServer(opts: { seed?: boolean; env?: Record<string, string>; sameDatabaseAs?: TestServer } = {}): Promise<TestServer> {
  // TEST_DB=pglite (the `pglite` vitest project): the embedded database of the default start, in memory, one per file;
  // sameDatabaseAs: a second instance on another's PostgreSQL database (two servers of one deployment), dropped by the first
  const db = opts.sameDatabaseAs
    ? { url: opts.sameDatabaseAs.app.config.databaseUrl!, drop: async () => {} }
    : onPglite()
      ? { url: undefined, drop: async () => {} }
      : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    ...(db.url ? { DATABASE_URL: db.url } : { DATA_DIR: 'memory://' }),
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: opts.seed ? 'true' : 'false',
    DB_POOL_MAX: '5',
    ...opts.env,
  });
  const server = await startServer(config, { port: 0, host: '127.0.0.1' });
  const url = server.url;
  let token: string | undefined;

  const api: TestServer['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* HTML pages stay text */
    }
    const out = { status: res.status, body: parsed, text, headers: res.headers };
    return process.env.STATUS_AUDIT && res.status >= 400 ? auditStatus(out, method, path) : out;
  };

  const login = async (username: string, password: string) => {
    const r = await api('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    return r.body.token as string;
  };

  return {
    url,
    server,
    app: server.app,
    api,
    login,
    adminToken: async () => (token ??= await login('admin', ADMIN_PASSWORD)),
    gql: async (query, variables, tok) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(tok ? { authorization: `Bearer ${tok}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await res.json()) as { data?: any; errors?: any[] };
      return { ...json, status: res.status };
    },
    close: async () => {
      await server.close();
      await db.drop();
    },
  };
}

/** STATUS_AUDIT=<file>: records error answers whose body was read but whose status never was (call site). */
const audited: { site: string; line: string; status: boolean; body: boolean }[] = [];
if (process.env.STATUS_AUDIT) {
  afterAll(() => {
    for (const a of audited) if (a.body && !a.status) appendFileSync(process.env.STATUS_AUDIT!, `${a.site} ${a.line}\n`);
  });
}
function auditStatus(out: ApiResponse, method: string, path: string): ApiResponse {
  const site = ((new Error().stack ?? '').split('\n').find((l) => l.includes('.test.ts')) ?? '?').trim();
  const a = { site, line: `${method} ${path} ${out.status}`, status: false, body: false };
  audited.push(a);
  return new Proxy(out, {
    get(t, k) {
      if (k === 'status') a.status = true;
      if (k === 'body' || k === 'text') a.body = true;
      return (t as any)[k];
    },
  });
}

/** An error answer checked whole: status and exact body together (a 404 turned 400 must fail). */
export function expectAnswer(r: ApiResponse, status: number, body: unknown): void {
  expect({ status: r.status, body: r.body }).toEqual({ status, body });
}

/** Asserts the status and returns the answer, for checks on part of its body. */
export function answered<T extends ApiResponse>(r: T, status: number): T {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  return r;
}
