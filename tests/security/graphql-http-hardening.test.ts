import { getIntrospectionQuery, parse, validate } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOperations } from '../../rest-compat/operations';
import { buildSchema } from '../../src/graphql/schema';
import { GRAPHQL_BATCH_LIMIT, GRAPHQL_LIMITS } from '../../src/reliability/graphql-limits';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let prod: TestServer;
let admin: string;

beforeAll(async () => {
  [s, prod] = await Promise.all([
    startTestServer({ seed: true }),
    startTestServer({ env: { NODE_ENV: 'production', CORS_ORIGINS: 'https://panel.example.com' } }),
  ]);
  admin = await s.adminToken();
});
afterAll(async () => {
  await Promise.all([s?.close(), prod?.close()]);
});

const post = (srv: TestServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('GraphQL operation limits', () => {
  it('rejects depth > 12 before any resolver runs; the standard introspection query still passes', async () => {
    const deep = '{ me ' + Array.from({ length: 13 }, () => '{ x').join(' ') + ' ' + '}'.repeat(14);
    const r = await s.gql(deep, undefined, admin);
    expect(r.errors?.map((e: any) => e.message)).toContain('Syntax Error: Query depth limit of 12 exceeded, found 14.');
    expect(r.data).toBeUndefined();
    expect((await s.gql(getIntrospectionQuery(), undefined, admin)).errors).toBeUndefined();
  });

  it('rejects more than 30 aliases, 2000 tokens or 20 directives', async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    expect((await s.gql(aliases, undefined, admin)).errors?.[0]?.message).toMatch(/aliases limit of 30 exceeded/i);
    const ok = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    expect((await s.gql(ok, undefined, admin)).errors).toBeUndefined();
    const tokens = `{ ${Array.from({ length: 2100 }, () => '__typename').join(' ')} }`;
    expect((await s.gql(tokens, undefined, admin)).errors?.[0]?.message).toMatch(/Token limit of 2000 exceeded/);
    const directives = `{ __typename ${'@skip(if: false) '.repeat(25)} }`;
    expect((await s.gql(directives, undefined, admin)).errors?.[0]?.message).toMatch(/directives limit/i);
  });

  // (the query cost does not apply to them: tests/graphql/query-cost.test.ts)
  it('every REST adapter operation stays inside the depth and alias limits', () => {
    const schema = buildSchema();
    const { ops, invalid } = loadOperations(schema);
    expect([...invalid.keys()]).toEqual([]);
    for (const op of ops.values()) {
      const errors = validate(schema, parse(op.source), [
        maxDepthRule({ n: GRAPHQL_LIMITS.maxDepth }),
        maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases }),
      ]);
      expect({ op: op.name, errors: errors.map((e) => e.message) }).toEqual({ op: op.name, errors: [] });
    }
  });

  it(`allows batches of up to ${GRAPHQL_BATCH_LIMIT} operations and refuses larger ones`, async () => {
    const ok = await post(s, Array.from({ length: GRAPHQL_BATCH_LIMIT }, () => ({ query: '{ __typename }' })));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(GRAPHQL_BATCH_LIMIT);
    const tooMany = await post(s, Array.from({ length: GRAPHQL_BATCH_LIMIT + 1 }, () => ({ query: '{ __typename }' })));
    expect(tooMany.status).toBe(413);
    expect(JSON.stringify(await tooMany.json())).toMatch(/Batching is limited to 10 operations per request/);
  });
});

describe('introspection', () => {
  it('is on in development/test and off in production (GRAPHQL_INTROSPECTION unset)', async () => {
    expect((await s.gql('{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const r = await (await post(prod, { query: '{ __schema { queryType { name } } }' })).json();
    expect(r.data).toBeUndefined();
    expect(r.errors[0].message).toMatch(/introspection has been disabled/i);
    // production also hides "Did you mean ...?" suggestions
    const typo = await (await post(prod, { query: '{ mee { username } }' })).json();
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean/);
  });

  it('GraphiQL (every asset inline, no CDN) is served outside production only', async () => {
    const dev = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(dev.status).toBe(200);
    expect(dev.headers.get('content-type')).toContain('text/html');
    const html = await dev.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="(?!data:)/);
    const off = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await off.text()).not.toContain('GraphiQL');
  });

  it('can be forced on in production with GRAPHQL_INTROSPECTION=true', async () => {
    const on = await startTestServer({ env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' } });
    try {
      const r = await (await post(on, { query: '{ __schema { queryType { name } } }' })).json();
      expect(r.data.__schema.queryType.name).toBe('Query');
    } finally {
      await on.close();
    }
  });
});

describe('CORS and security headers', () => {
  const legacyHeaders = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'x-xss-protection': '0',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
  const expectSecurityHeaders = (h: Headers, what: string) => {
    for (const [k, v] of Object.entries(legacyHeaders)) expect({ what, k, v: h.get(k) }).toEqual({ what, k, v });
    expect(h.get('x-request-id')).toBeTruthy();
  };

  it('every kind of response carries the legacy security headers, /graphql included', async () => {
    const cases: [string, RequestInit & { path: string }][] = [
      ['REST 200', { path: '/api/health' }],
      ['REST 401', { path: '/api/auth/me' }],
      ['REST 404 page', { path: '/api/nope' }],
      ['REST 405', { path: '/api/auth/login' }],
      ['GraphQL POST', { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }],
      ['GraphQL GET', { path: '/graphql?query=%7B__typename%7D', headers: { accept: 'application/json' } }],
      ['GraphQL parse error', { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{"}' }],
      ['GraphQL bad JSON', { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
      ['GraphQL preflight', { path: '/graphql', method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } }],
      ['healthz', { path: '/healthz' }],
      ['unknown path', { path: '/nope' }],
    ];
    for (const [what, { path, ...init }] of cases) {
      const r = await fetch(s.url + path, init);
      await r.arrayBuffer();
      expectSecurityHeaders(r.headers, what);
    }
  });

  it('REST: an allowed origin is echoed, a disallowed one is not; preflights answer 204', async () => {
    const ok = await fetch(`${s.url}/api/health`, { headers: { origin: 'http://localhost:3000' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await fetch(`${s.url}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${s.url}/api/receiving/receive`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    const preEvil = await fetch(`${s.url}/api/receiving/receive`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preEvil.headers.get('access-control-allow-origin')).toBeNull();
    expect(preEvil.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('/graphql: an allowed origin is echoed, a disallowed one is not; preflight allows Idempotency-Key', async () => {
    const ok = await post(s, { query: '{ __typename }' }, { origin: 'http://localhost:3000' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const evil = await post(s, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).not.toBe('*');
    const pre = await fetch(`${s.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect((pre.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain('idempotency-key');
    const prodEvil = await post(prod, { query: '{ __typename }' }, { origin: 'http://localhost:3000' });
    expect(prodEvil.headers.get('access-control-allow-origin')).not.toBe('http://localhost:3000');
    const prodOk = await post(prod, { query: '{ __typename }' }, { origin: 'https://panel.example.com' });
    expect(prodOk.headers.get('access-control-allow-origin')).toBe('https://panel.example.com');
  });
});
