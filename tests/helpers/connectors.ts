import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { TestServer } from './server';

/** A valid Fernet key for test servers (the Fernet spec vectors' key). */
export const TEST_ENCRYPTION_KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A Redis key prefix no other test file (or run) shares. */
export const uniqueRedisPrefix = (name: string) => `t_${name}_${randomBytes(4).toString('hex')}`;

export type StubHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

/** A local HTTP server standing in for a connector's remote API (loopback only). */
export interface StubApi {
  url: string;
  requests: { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string }[];
  route(method: string, path: string, handler: StubHandler): void;
  close(): Promise<void>;
}

export async function startStubApi(): Promise<StubApi> {
  const routes = new Map<string, StubHandler>();
  const requests: StubApi['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      requests.push({ method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body });
      const handler = routes.get(`${req.method} ${path}`);
      if (!handler) {
        res.statusCode = 404;
        res.end('{"error":"no stub"}');
        return;
      }
      await handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
};

/** Polls sync-status until `predicate` holds for the row of `syncType` (or times out with the last rows). */
export async function waitForSyncState(
  s: TestServer,
  token: string,
  opts: { connector?: string; warehouseId: number; syncType: string; timeoutMs?: number },
  predicate: (row: any) => boolean,
): Promise<any> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: any;
  for (;;) {
    const r = await s.api('GET', `/api/admin/connectors/${opts.connector ?? 'example'}/sync-status?warehouse_id=${opts.warehouseId}`, { token });
    last = r.body?.sync_states?.find((x: any) => x.sync_type === opts.syncType);
    if (last && predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`sync state never matched; last: ${JSON.stringify(last)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
