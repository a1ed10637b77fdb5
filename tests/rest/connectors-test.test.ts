import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { json, startStubApi, TEST_ENCRYPTION_KEY, type StubApi } from '../helpers/connectors';
import { connectorRegistry } from '../../src/connectors/registry';
import { defineExampleConnector } from '../../src/connectors/example.connector';

// The example connector's test makes no network call (the reference); `probe` is the same connector with a
// connection test that calls `GET <base_url>/health`, the shape of a connector that calls out.
// Two servers: one as deployed (loopback blocked like any internal address), one with the test-only
// CONNECTOR_ALLOW_LOOPBACK so the probe can reach the local stub API.
connectorRegistry.register(defineExampleConnector('probe', { probeHealth: true }));
let strict: TestServer;
let loose: TestServer;
let stub: StubApi;

beforeAll(async () => {
  [strict, loose, stub] = await Promise.all([
    startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } }),
    startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, CONNECTOR_ALLOW_LOOPBACK: 'true' } }),
    startStubApi(),
  ]);
  stub.route('GET', '/good/health', (req, res) => {
    if (req.headers.authorization !== 'Bearer key-123') return json(res, 401, { error: 'bad key' });
    json(res, 200, { status: 'ok' });
  });
  stub.route('GET', '/noisy/health', (_q, res) => {
    res.statusCode = 500;
    res.end(`\x1b[31mboom\x00\x07 ünïcödé ${'z'.repeat(900)}`);
  });
  stub.route('GET', '/redirect/health', (_q, res) => {
    res.statusCode = 302;
    res.setHeader('location', 'http://169.254.169.254/latest/meta-data/iam/');
    res.end();
  });
});
afterAll(() => Promise.all([strict?.close(), loose?.close(), stub?.close()]));

async function save(s: TestServer, credentials: Record<string, string>, warehouseId = 1, connector = 'probe') {
  const r = await s.api('POST', `/api/admin/connectors/${connector}/credentials`, { token: await s.adminToken(), body: { warehouse_id: warehouseId, credentials } });
  expect(r.status).toBe(200);
}
const test = async (s: TestServer, warehouseId = 1, connector = 'probe') =>
  s.api('POST', `/api/admin/connectors/${connector}/test`, { token: await s.adminToken(), body: { warehouse_id: warehouseId } });

describe('POST /api/admin/connectors/example/test (the reference: no network call)', () => {
  it.each([
    ['an internal address', 'http://169.254.169.254/latest/meta-data/'],
    ['a host that does not resolve', 'http://no-such-host.invalid/'],
    ['the local stub', 'STUB'],
  ])('answers 200 connected with the example message whatever base_url is stored: %s', async (_label, baseUrl) => {
    const before = stub.requests.length;
    await save(strict, { base_url: baseUrl === 'STUB' ? `${stub.url}/good` : baseUrl, api_key: 'key-123' }, 1, 'example');
    const r = await test(strict, 1, 'example');
    expect(r).toMatchObject({ status: 200, body: { connector: 'example', warehouse_id: 1, connected: true, message: 'Example connector - no real connection' } });
    expect(Object.keys(r.body).sort()).toEqual(['connected', 'connector', 'message', 'warehouse_id']);
    expect(stub.requests.length).toBe(before);
  });

  it('answers the same without stored credentials', async () => {
    const r = await test(strict, 4242, 'example');
    expect(r.body).toEqual({ connector: 'example', warehouse_id: 4242, connected: true, message: 'Example connector - no real connection' });
  });
});

describe('POST /api/admin/connectors/{name}/test of a connector that calls out', () => {
  it('connects to the configured base URL with the stored API key', async () => {
    await save(loose, { base_url: `${stub.url}/good`, api_key: 'key-123' });
    const r = await test(loose);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ connector: 'probe', warehouse_id: 1, connected: true, message: `Connected to ${stub.url} (HTTP 200)` });
    expect(stub.requests.at(-1)).toMatchObject({ method: 'GET', path: '/good/health' });
  });

  it('reports a refused key as not connected (200)', async () => {
    await save(loose, { api_key: 'wrong' });
    const r = await test(loose);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ connector: 'probe', warehouse_id: 1, connected: false, message: 'Authentication failed (HTTP 401)' });
  });

  it('strips non-printable bytes from the message and caps it at 500 characters', async () => {
    await save(loose, { base_url: `${stub.url}/noisy`, api_key: 'k' });
    const r = await test(loose);
    expect(r.status).toBe(200);
    expect(r.body.connected).toBe(false);
    expect(r.body.message).toHaveLength(500);
    expect(r.body.message.startsWith('Unexpected response: HTTP 500 [31mboom ncd zzz')).toBe(true);
    expect(r.body.message.endsWith('...')).toBe(true);
    expect(r.body.message).toMatch(/^[\x20-\x7e\t\r\n]*$/);
  });

  it('without stored credentials: not connected, naming what is missing', async () => {
    const r = await test(loose, 777);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ connector: 'probe', warehouse_id: 777, connected: false, message: 'Missing required credentials: api_key, base_url' });
  });

  it('a redirect to an internal address is blocked (the hop is re-checked)', async () => {
    await save(loose, { base_url: `${stub.url}/redirect`, api_key: 'k' });
    const r = await test(loose);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      connector: 'probe', warehouse_id: 1, connected: false, error: 'blocked_destination',
      message: 'Blocked: destination 169.254.169.254 is a private or internal address',
    });
  });

  const blocked: [string, string][] = [
    ['http://127.0.0.1:PORT/good', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://2130706433:PORT/good', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://0x7f.0.0.1:PORT/good', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://017700000001:PORT/good', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://[::1]:PORT/good', 'Blocked: destination ::1 is a private or internal address'],
    ['http://[::ffff:127.0.0.1]:PORT/good', 'Blocked: destination ::ffff:7f00:1 is a private or internal address'],
    ['http://[64:ff9b::7f00:1]:PORT/good', 'Blocked: destination 64:ff9b::7f00:1 is a private or internal address'],
    ['http://[2002:7f00:1::1]:PORT/good', 'Blocked: destination 2002:7f00:1::1 is a private or internal address'],
    ['http://[fe80::1]/', 'Blocked: destination fe80::1 is a private or internal address'],
    ['http://169.254.169.254/latest/meta-data/', 'Blocked: destination 169.254.169.254 is a private or internal address'],
    ['http://100.100.100.200/', 'Blocked: destination 100.100.100.200 is a private or internal address'],
    ['http://10.0.0.5/', 'Blocked: destination 10.0.0.5 is a private or internal address'],
    ['http://192.168.1.1/', 'Blocked: destination 192.168.1.1 is a private or internal address'],
    ['http://172.20.0.3/', 'Blocked: destination 172.20.0.3 is a private or internal address'],
    ['http://224.0.0.251/', 'Blocked: destination 224.0.0.251 is a private or internal address'],
    ['http://0.0.0.0:PORT/', 'Blocked: destination 0.0.0.0 is a private or internal address'],
    ['http://localhost:PORT/good', "Blocked: hostname 'localhost' is reserved for internal services"],
    ['http://db:5432/', "Blocked: hostname 'db' is reserved for internal services"],
    ['http://sentry-redis:6379/', "Blocked: hostname 'sentry-redis' is reserved for internal services"],
    ['ftp://files.example.com/', "Blocked: only http/https URLs are permitted, got scheme 'ftp'"],
    ['file:///etc/passwd', "Blocked: only http/https URLs are permitted, got scheme 'file'"],
    ['gopher://127.0.0.1:6379/_FLUSHALL', "Blocked: only http/https URLs are permitted, got scheme 'gopher'"],
  ];
  it.each(blocked)('blocks %s with 400 blocked_destination before connecting', async (template, message) => {
    const port = new URL(stub.url).port;
    const before = stub.requests.length;
    await save(strict, { base_url: template.replace('PORT', port), api_key: 'key-123' });
    const r = await test(strict);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ connector: 'probe', warehouse_id: 1, connected: false, error: 'blocked_destination', message });
    expect(stub.requests.length).toBe(before); // nothing reached the stub
  });

  it('validates the body, then 404 for an unknown connector', async () => {
    const token = await strict.adminToken();
    const bad = await strict.api('POST', '/api/admin/connectors/nope/test', { token, body: {} });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'validation_error', details: [{ type: 'missing', loc: ['warehouse_id'], msg: 'Field required' }] });
    const zero = await strict.api('POST', '/api/admin/connectors/example/test', { token, body: { warehouse_id: 0 } });
    expect(zero.status).toBe(400);
    expect(zero.body.details[0].type).toBe('greater_than');
    const unknown = await strict.api('POST', '/api/admin/connectors/nope/test', { token, body: { warehouse_id: 1 } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Connector 'nope' not found" });
  });
});
