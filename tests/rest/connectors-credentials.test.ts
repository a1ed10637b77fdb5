import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { TEST_ENCRYPTION_KEY } from '../helpers/connectors';
import { Fernet } from '../../src/connectors/fernet';

const EXAMPLE = {
  name: 'example',
  config_schema: {
    api_key: { type: 'string', required: true, label: 'API Key', description: 'Your API authentication key' },
    base_url: { type: 'string', required: true, label: 'Base URL', description: 'API endpoint URL (e.g. https://api.example.com)' },
  },
  capabilities: ['sync_orders', 'sync_items', 'sync_inventory', 'push_fulfillment'],
};

let s: TestServer;
let admin: string;
let user: string;
let wh: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } });
  admin = await s.adminToken();
  wh = (await s.app.prisma.warehouse.findFirstOrThrow({ orderBy: { warehouseId: 'asc' } })).warehouseId;
  const u = await createUser(s.app, { role: 'USER', warehouseIds: [wh], allowedFunctions: ['receive'] });
  user = await s.login(u.username, u.password);
});
afterAll(() => s?.close());

const creds = (w: number) => `/api/admin/connectors/example/credentials?warehouse_id=${w}`;

describe('registry', () => {
  it('lists the example connector with its schema and capabilities, no credentials', async () => {
    const r = await s.api('GET', '/api/admin/connectors', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ connectors: [EXAMPLE] });
  });

  it('answers the config schema of one connector, 404 for an unknown one', async () => {
    const r = await s.api('GET', '/api/admin/connectors/example/config-schema', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(EXAMPLE);
    const missing = await s.api('GET', '/api/admin/connectors/shopify/config-schema', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "Connector 'shopify' not found" });
  });
});

describe('ADMIN only', () => {
  const calls: [string, string, unknown?][] = [
    ['GET', '/api/admin/connectors'],
    ['GET', '/api/admin/connectors/example/config-schema'],
    ['POST', '/api/admin/connectors/example/credentials', { warehouse_id: 1, credentials: { api_key: 'k' } }],
    ['GET', '/api/admin/connectors/example/credentials?warehouse_id=1'],
    ['DELETE', '/api/admin/connectors/example/credentials', { warehouse_id: 1 }],
    ['POST', '/api/admin/connectors/example/test', { warehouse_id: 1 }],
    ['GET', '/api/admin/connectors/example/sync-status?warehouse_id=1'],
    ['POST', '/api/admin/connectors/example/sync/orders', { warehouse_id: 1 }],
  ];
  it.each(calls)('%s %s: 403 for USER, 401 without a token', async (method, path, body) => {
    const asUser = await s.api(method, path, { token: user, body });
    expect(asUser.status).toBe(403);
    expect(asUser.body).toEqual({ error: 'Forbidden' });
    const anonymous = await s.api(method, path, { body });
    expect(anonymous.status).toBe(401);
  });
  it('did not store anything for the USER calls', async () => {
    expect(await s.app.prisma.connectorCredential.count()).toBe(0);
    expect(await s.app.prisma.syncState.count()).toBe(0);
  });
});

describe('credential vault', () => {
  it('saves, encrypts at rest with Fernet, and answers the keys in body order', async () => {
    const r = await s.api('POST', '/api/admin/connectors/example/credentials', {
      token: admin,
      body: { warehouse_id: wh, credentials: { base_url: 'https://api.example.com', api_key: 'sk_live_SECRET' } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Credentials saved', connector: 'example', warehouse_id: wh, keys: ['base_url', 'api_key'] });
    const rows = await s.app.prisma.connectorCredential.findMany({ where: { connectorName: 'example', warehouseId: wh } });
    expect(rows).toHaveLength(2);
    const f = new Fernet(TEST_ENCRYPTION_KEY);
    const apiKey = rows.find((x) => x.credentialKey === 'api_key')!;
    expect(apiKey.encryptedValue).not.toContain('SECRET');
    expect(apiKey.encryptedValue).toMatch(/^gAAAAA/);
    expect(f.decrypt(apiKey.encryptedValue).toString()).toBe('sk_live_SECRET');
  });

  it('lists stored keys masked, never the plaintext', async () => {
    const r = await s.api('GET', creds(wh), { token: admin });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('SECRET');
    expect(r.text).not.toContain('api.example.com');
    expect(r.body.connector).toBe('example');
    expect(r.body.warehouse_id).toBe(wh);
    expect(r.body.credentials.map((c: any) => [c.key, c.value])).toEqual([['api_key', '****'], ['base_url', '****']]);
    for (const c of r.body.credentials) {
      expect(Object.keys(c).sort()).toEqual(['created_at', 'key', 'updated_at', 'value']);
      expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT.*\+00:00$/);
    }
  });

  it('upserts: a saved key replaces the value and bumps updated_at, other keys are kept', async () => {
    const before = await s.app.prisma.connectorCredential.findFirstOrThrow({ where: { credentialKey: 'api_key', warehouseId: wh } });
    await new Promise((r) => setTimeout(r, 20));
    const r = await s.api('POST', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: wh, credentials: { api_key: 'rotated' } } });
    expect(r.status).toBe(200);
    const rows = await s.app.prisma.connectorCredential.findMany({ where: { connectorName: 'example', warehouseId: wh }, orderBy: { credentialKey: 'asc' } });
    expect(rows.map((x) => x.credentialKey)).toEqual(['api_key', 'base_url']);
    const after = rows[0];
    expect(new Fernet(TEST_ENCRYPTION_KEY).decrypt(after.encryptedValue).toString()).toBe('rotated');
    expect(after.updatedAt!.getTime()).toBeGreaterThan(before.updatedAt!.getTime());
    expect(after.id).toBe(before.id);
  });

  it('empty list for a warehouse with nothing stored', async () => {
    const r = await s.api('GET', creds(999), { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ connector: 'example', warehouse_id: 999, credentials: [] });
  });

  it.each(['', '?warehouse_id=', '?warehouse_id=abc', '?warehouse_id=0', '?warehouse_id=1.5'])(
    'GET credentials%s -> 400 before the connector lookup',
    async (q) => {
      const r = await s.api('GET', `/api/admin/connectors/nope/credentials${q}`, { token: admin });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: 'warehouse_id query parameter is required' });
    },
  );

  it('GET credentials of an unknown connector -> 404', async () => {
    const r = await s.api('GET', '/api/admin/connectors/nope/credentials?warehouse_id=1', { token: admin });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: "Connector 'nope' not found" });
  });

  it('validates the save body (400 validation_error) before the connector lookup', async () => {
    const empty = await s.api('POST', '/api/admin/connectors/nope/credentials', { token: admin, body: { warehouse_id: wh, credentials: {} } });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({
      error: 'validation_error',
      details: [{ type: 'too_short', loc: ['credentials'], msg: 'Dictionary should have at least 1 item after validation, not 0' }],
    });
    const bad = await s.api('POST', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: 0, credentials: { api_key: 5 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { type: 'greater_than', loc: ['warehouse_id'], msg: 'Input should be greater than 0' },
      { type: 'string_type', loc: ['credentials', 'api_key'], msg: 'Input should be a valid string' },
    ]);
    const missing = await s.api('POST', '/api/admin/connectors/example/credentials', { token: admin, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: any) => [d.type, d.loc])).toEqual([['missing', ['warehouse_id']], ['missing', ['credentials']]]);
    const unknown = await s.api('POST', '/api/admin/connectors/nope/credentials', { token: admin, body: { warehouse_id: wh, credentials: { a: 'b' } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Connector 'nope' not found" });
  });

  it('a credential key longer than 128 characters is a validation error, not a 500', async () => {
    const r = await s.api('POST', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: wh, credentials: { ['k'.repeat(129)]: 'v' } } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('validation_error');
  });

  it('saving for a warehouse that does not exist is 404 Warehouse not found (legacy: 500)', async () => {
    const r = await s.api('POST', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: 424242, credentials: { api_key: 'x' } } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'Warehouse not found' });
    expect(await s.app.prisma.connectorCredential.count({ where: { warehouseId: 424242 } })).toBe(0);
  });

  it('deletes every key of one connector + warehouse and nothing else', async () => {
    const other = await s.app.prisma.warehouse.create({ data: { warehouseCode: 'CONN2', warehouseName: 'Second' } });
    await s.api('POST', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: other.warehouseId, credentials: { api_key: 'keep' } } });
    const r = await s.api('DELETE', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: wh } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Credentials deleted', connector: 'example', warehouse_id: wh });
    expect((await s.api('GET', creds(wh), { token: admin })).body.credentials).toEqual([]);
    expect((await s.api('GET', creds(other.warehouseId), { token: admin })).body.credentials.map((c: any) => c.key)).toEqual(['api_key']);
    const again = await s.api('DELETE', '/api/admin/connectors/example/credentials', { token: admin, body: { warehouse_id: wh } });
    expect(again.status).toBe(200);
  });

  it('delete without a warehouse_id (what the legacy panel sends) is a validation error and deletes nothing', async () => {
    const before = await s.app.prisma.connectorCredential.count();
    const r = await s.api('DELETE', '/api/admin/connectors/example/credentials', { token: admin });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'validation_error', details: [{ type: 'missing', loc: ['warehouse_id'], msg: 'Field required' }] });
    expect(await s.app.prisma.connectorCredential.count()).toBe(before);
    const unknown = await s.api('DELETE', '/api/admin/connectors/nope/credentials', { token: admin, body: { warehouse_id: wh } });
    expect(unknown.status).toBe(404);
  });
});

describe('encryption key missing or malformed', () => {
  let noKey: TestServer;
  let badKey: TestServer;
  beforeAll(async () => {
    [noKey, badKey] = await Promise.all([
      startTestServer({ seed: true }),
      startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: 'this-is-not-a-fernet-key' } }),
    ]);
  });
  afterAll(() => Promise.all([noKey?.close(), badKey?.close()]));

  it('saving credentials without a key fails with a clear 500 naming the variable, and stores nothing', async () => {
    const token = await noKey.adminToken();
    const r = await noKey.api('POST', '/api/admin/connectors/example/credentials', { token, body: { warehouse_id: 1, credentials: { api_key: 'plain-secret' } } });
    expect(r.status).toBe(500);
    expect(r.body.error).toMatch(/^SENTRY_ENCRYPTION_KEY environment variable is required\./);
    expect(r.text).not.toContain('plain-secret');
    expect(await noKey.app.prisma.connectorCredential.count()).toBe(0);
  });

  it('a malformed key fails with a clear 500 that does not echo the key', async () => {
    const token = await badKey.adminToken();
    const r = await badKey.api('POST', '/api/admin/connectors/example/credentials', { token, body: { warehouse_id: 1, credentials: { api_key: 'x' } } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: 'SENTRY_ENCRYPTION_KEY is not a valid Fernet key: it must be 32 url-safe base64-encoded bytes.' });
    expect(r.text).not.toContain('this-is-not-a-fernet-key');
  });

  it('stored credentials become unusable for test, with a clear error, when the key is missing', async () => {
    // A token made under another key is stored directly; the server has no key.
    await noKey.app.prisma.connectorCredential.create({
      data: { connectorName: 'example', warehouseId: 1, credentialKey: 'api_key', encryptedValue: new Fernet(TEST_ENCRYPTION_KEY).encrypt('x') },
    });
    const token = await noKey.adminToken();
    const r = await noKey.api('POST', '/api/admin/connectors/example/test', { token, body: { warehouse_id: 1 } });
    expect(r.status).toBe(500);
    expect(r.body.error).toMatch(/^SENTRY_ENCRYPTION_KEY environment variable is required\./);
  });

  it('a key that cannot decrypt the stored values answers a clear 500', async () => {
    await badKey.app.prisma.connectorCredential.create({
      data: { connectorName: 'example', warehouseId: 1, credentialKey: 'api_key', encryptedValue: new Fernet(TEST_ENCRYPTION_KEY).encrypt('x') },
    });
    const other = await startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: Fernet.generateKey() } });
    try {
      await other.app.prisma.connectorCredential.create({
        data: { connectorName: 'example', warehouseId: 1, credentialKey: 'api_key', encryptedValue: new Fernet(TEST_ENCRYPTION_KEY).encrypt('x') },
      });
      const r = await other.api('POST', '/api/admin/connectors/example/test', { token: await other.adminToken(), body: { warehouse_id: 1 } });
      expect(r.status).toBe(500);
      expect(r.body.error).toMatch(/cannot be decrypted with the configured SENTRY_ENCRYPTION_KEY/);
    } finally {
      await other.close();
    }
  });
});
