import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildOpenApiDocument } from '../../rest-compat/openapi/document';
import { createMetrics } from '../../src/metrics';
import { startTestServer, type TestServer } from '../helpers/server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startTestServer({ seed: true, env: { REDIS_URL, REDIS_PREFIX: `wms-ops-${randomBytes(4).toString('hex')}` } });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

/** The value of one sample (`name{labels} value`) in the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const scrape = async () => {
  const r = await s.api('GET', '/metrics');
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/plain');
  return r.text;
};

describe('OpenAPI endpoints', () => {
  it('GET /api/openapi.json serves the generated document without a token', async () => {
    const r = await s.api('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('GET /api/docs serves Swagger UI on the document, every asset from this server', async () => {
    const r = await s.api('GET', '/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const refs = [...r.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(['/api/docs/swagger-ui.css', '/api/docs/favicon-32x32.png', '/api/docs/favicon-16x16.png', '/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']);
    for (const ref of refs) {
      const a = await fetch(s.url + ref);
      expect({ ref, status: a.status }).toEqual({ ref, status: 200 });
      expect((await a.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const init = await s.api('GET', '/api/docs/init.js');
    expect(init.text).toContain("url: '/api/openapi.json'");
    expect(init.text).toContain('validatorUrl: null');
    // anything else under /api/docs is the legacy 404 page, never a file of the server
    expect((await s.api('GET', '/api/docs/package.json')).status).toBe(404);
    expect((await s.api('GET', '/api/docs/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('other methods on them stay legacy 405/404 pages', async () => {
    expect((await s.api('POST', '/api/openapi.json')).status).toBe(404);
  });
});

describe('GET /metrics', () => {
  it('labels HTTP latency with the REST route pattern, not the raw path', async () => {
    const r = await s.api('GET', '/api/lookup/item/NO-SUCH-BARCODE-123', { token: admin });
    expect(r.status).toBe(404);
    const text = await scrape();
    expect(sample(text, 'wms_http_request_duration_seconds_count', { method: 'GET', route: '/api/lookup/item/:barcode', status: '404' })).toBe(1);
    expect(text).not.toContain('NO-SUCH-BARCODE-123');
    // the REST route ran its GraphQL operation through yoga: it answered null without an error (no such item),
    // which the route's `missing` turned into the legacy 404
    expect(sample(text, 'wms_graphql_operation_duration_seconds_count', { operation: 'LookupItem', type: 'query', via: 'rest', status: 'ok' })).toBe(1);
    expect(sample(text, 'wms_graphql_operation_duration_seconds_count', { operation: 'LookupItem', type: 'query', via: 'rest', status: 'error' }) ?? 0).toBe(0);
    expect(sample(text, 'wms_errors_total', { code: 'NOT_FOUND', source: 'rest' })).toBeGreaterThanOrEqual(1);
  });

  it('groups unmatched paths under one label and counts REST errors by code', async () => {
    await s.api('GET', `/api/nothing-here-${randomBytes(3).toString('hex')}`);
    const r = await s.api('GET', '/api/auth/me');
    expect(r.status).toBe(401);
    const text = await scrape();
    expect(sample(text, 'wms_http_request_duration_seconds_count', { route: '/api/*', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'wms_http_request_duration_seconds_count', { route: '/api/auth/me', status: '401' })).toBe(1);
    expect(sample(text, 'wms_errors_total', { code: 'UNAUTHENTICATED', source: 'rest' })).toBe(1);
  });

  it('times GraphQL operations by operation name and counts their errors by code', async () => {
    const ok = await s.gql('query OpsWarehouses { activeWarehouses { id } }', {}, admin);
    expect(ok.errors).toBeUndefined();
    const denied = await s.gql('query OpsMe { me { userId } }');
    expect(denied.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await s.gql('query OpsBad { noSuchField }', {}, admin);
    const text = await scrape();
    expect(sample(text, 'wms_graphql_operation_duration_seconds_count', { operation: 'OpsWarehouses', type: 'query', status: 'ok', via: 'graphql' })).toBe(1);
    expect(sample(text, 'wms_graphql_operation_duration_seconds_count', { operation: 'OpsMe', status: 'error', via: 'graphql' })).toBe(1);
    expect(sample(text, 'wms_errors_total', { code: 'UNAUTHENTICATED', source: 'graphql' })).toBe(1);
    expect(sample(text, 'wms_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', source: 'graphql' })).toBe(1);
    expect(sample(text, 'wms_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(2);
  });

  it('checks the database and Redis on scrape', async () => {
    const text = await scrape();
    expect(sample(text, 'wms_database_up')).toBe(1);
    expect(sample(text, 'wms_redis_up')).toBe(1);
    const spy = vi.spyOn(s.app.redis!, 'ping').mockRejectedValueOnce(new Error('down'));
    expect(sample(await scrape(), 'wms_redis_up')).toBe(0);
    spy.mockRestore();
    expect(sample(await scrape(), 'wms_redis_up')).toBe(1);
  });

  it('exposes the queue depth others report', async () => {
    s.app.metrics.setQueueDepthProvider('ops-test', () => 7);
    s.app.metrics.queueDepth.set({ queue: 'ops-set' }, 3);
    const text = await scrape();
    expect(sample(text, 'wms_queue_depth', { queue: 'ops-test' })).toBe(7);
    expect(sample(text, 'wms_queue_depth', { queue: 'ops-set' })).toBe(3);
  });

  it('counts active subscriptions while they are open', async () => {
    const query = 'subscription OpsDash { dashboardStats { openPos } }';
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query }),
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"dashboardStats"')) text += new TextDecoder().decode((await reader.read()).value);
    expect(sample(await scrape(), 'wms_graphql_active_subscriptions', { operation: 'OpsDash' })).toBe(1);
    ctrl.abort();
    await reader.cancel().catch(() => {});
    const deadline = Date.now() + 5000;
    let open: number | undefined = 1;
    while (Date.now() < deadline && open !== 0) {
      await new Promise((r) => setTimeout(r, 50));
      open = sample(await scrape(), 'wms_graphql_active_subscriptions', { operation: 'OpsDash' });
    }
    expect(open).toBe(0);
  });

  it('keeps one registry per server instance', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.httpDuration.observe({ method: 'GET', route: '/only-a', status: '200' }, 0.01);
    expect((await a.scrape()).body).toContain('/only-a');
    expect((await b.scrape()).body).not.toContain('/only-a');
    expect(s.app.metrics.registry).not.toBe(a.registry);
  });
});

describe('request log', () => {
  it('logs request id, user id, route pattern, operation, status and duration; returns X-Request-Id', async () => {
    const lines: Record<string, unknown>[] = [];
    const spy = vi.spyOn(s.app.logger, 'info').mockImplementation(((obj: unknown, msg?: string) => {
      if (msg === 'request') lines.push(obj as Record<string, unknown>);
    }) as any);
    try {
      const me = await s.api('GET', '/api/auth/me', { token: admin, headers: { 'x-request-id': 'ops-req-1' } });
      expect(me.status).toBe(200);
      expect(me.headers.get('x-request-id')).toBe('ops-req-1');
      const gql = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'ops-req-2' },
        body: JSON.stringify({ query: 'query OpsLogMe { me { userId } }' }),
      });
      expect(gql.headers.get('x-request-id')).toBe('ops-req-2');
      await gql.json();
      const generated = await s.api('GET', '/api/health');
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((r) => setTimeout(r, 50)); // 'finish' fires after the client has the response
    } finally {
      spy.mockRestore();
    }
    const userId = (await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).userId;
    expect(lines.find((l) => l.requestId === 'ops-req-1')).toMatchObject({
      method: 'GET', path: '/api/auth/me', route: '/api/auth/me', operation: 'Me', userId, status: 200, ms: expect.any(Number),
    });
    expect(lines.find((l) => l.requestId === 'ops-req-2')).toMatchObject({
      method: 'POST', route: '/graphql', operation: 'OpsLogMe', userId, status: 200,
    });
    expect(lines.find((l) => l.path === '/api/health')).toMatchObject({ route: '/api/health', status: 200 });
  });
});
