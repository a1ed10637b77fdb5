import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { TEST_ENCRYPTION_KEY } from '../helpers/connectors';

let s: TestServer;
let admin: string;
let user: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } });
  admin = await s.adminToken();
  const u = await createUser(s.app, { role: 'USER', warehouseIds: [1] });
  user = await s.login(u.username, u.password);
});
afterAll(() => s?.close());

const SAVE = `mutation($input: ConnectorCredentialsSaveInput!) { connectorCredentialsSave(connectorName: "example", input: $input) { credentials { message connector warehouseId keys } userErrors { field code message } } }`;

describe('connectors over GraphQL', () => {
  it('lists connectors with typed config fields', async () => {
    const r = await s.gql(`{ connectors { name capabilities configFields { key type required label } configSchema } }`, {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.connectors).toHaveLength(1);
    expect(r.data.connectors[0].name).toBe('example');
    expect(r.data.connectors[0].configFields.map((f: any) => f.key)).toEqual(['api_key', 'base_url']);
    expect(r.data.connectors[0].configSchema.base_url.label).toBe('Base URL');
    expect(r.data.connectors[0].configFields.map((f: any) => f.type)).toEqual(['STRING', 'STRING']);
    expect(r.data.connectors[0].capabilities).toEqual(expect.arrayContaining(['SYNC_ORDERS']));
  });

  it('saves, lists masked, tests and deletes', async () => {
    const saved = await s.gql(SAVE, { input: { warehouseId: 1, credentials: { api_key: 'gql-secret', base_url: 'http://10.1.1.1' } } }, admin);
    expect(saved.data.connectorCredentialsSave).toEqual({ credentials: { message: 'Credentials saved', connector: 'example', warehouseId: 1, keys: ['api_key', 'base_url'] }, userErrors: [] });
    const list = await s.gql(`{ connectorCredentials(connectorName: "example", warehouseId: 1) { credentials { key value } } }`, {}, admin);
    expect(JSON.stringify(list)).not.toContain('gql-secret');
    expect(list.data.connectorCredentials.credentials).toEqual([{ key: 'api_key', value: '****' }, { key: 'base_url', value: '****' }]);
    const tested = await s.gql(`mutation { connectorTest(connectorName: "example", input: { warehouseId: 1 }) { test { connected message } userErrors { code } } }`, {}, admin);
    // the example makes no network call, whatever base_url is stored (the reference)
    expect(tested.data.connectorTest).toEqual({ test: { connected: true, message: 'Example connector - no real connection' }, userErrors: [] });
    const del = await s.gql(`mutation { connectorCredentialsDelete(connectorName: "example", input: { warehouseId: 1 }) { deletion { message } userErrors { code } } }`, {}, admin);
    expect(del.data.connectorCredentialsDelete).toEqual({ deletion: { message: 'Credentials deleted' }, userErrors: [] });
  });

  it('validation, not found and conflict codes', async () => {
    const empty = await s.gql(SAVE, { input: { warehouseId: 1, credentials: {} } }, admin);
    expect(empty.errors).toBeUndefined();
    expect(empty.data.connectorCredentialsSave).toEqual({
      credentials: null,
      userErrors: [{ field: ['input', 'credentials'], code: 'BAD_USER_INPUT', message: 'Dictionary should have at least 1 item after validation, not 0' }],
    });
    // an unknown connector is null, not an error
    const missing = await s.gql(`{ connectorConfigSchema(connectorName: "nope") { name } }`, {}, admin);
    expect(missing).toMatchObject({ data: { connectorConfigSchema: null } });
    expect(missing.errors).toBeUndefined();
    const status = await s.gql(`{ connectorSyncStatus(connectorName: "example", warehouseId: 1) { syncStates { syncType syncStatus lastSyncedAt } } }`, {}, admin);
    expect(status.data.connectorSyncStatus.syncStates).toEqual(
      ['FULFILLMENT', 'INVENTORY', 'ITEMS', 'ORDERS'].map((syncType) => ({ syncType, syncStatus: 'IDLE', lastSyncedAt: null })),
    );
    await s.app.prisma.syncState.create({ data: { connectorName: 'example', warehouseId: 1, syncType: 'orders', syncStatus: 'running' } });
    const busy = await s.gql(`mutation { connectorSyncTrigger(connectorName: "example", input: { syncType: ORDERS, warehouseId: 1 }) { sync { taskId } userErrors { code message data } } }`, {}, admin);
    expect(busy.errors).toBeUndefined();
    expect(busy.data.connectorSyncTrigger).toEqual({
      sync: null,
      userErrors: [{ code: 'CONFLICT', message: 'Sync already running', data: { connector: 'example', warehouseId: 1, syncType: 'orders' } }],
    });
  });

  it.each([
    '{ connectors { name } }',
    '{ connectorConfigSchema(connectorName: "example") { name } }',
    '{ connectorCredentials(connectorName: "example", warehouseId: 1) { connector } }',
    '{ connectorSyncStatus(connectorName: "example", warehouseId: 1) { connector } }',
    'mutation { connectorCredentialsSave(connectorName: "example", input: { warehouseId: 1, credentials: { a: "b" } }) { userErrors { code } } }',
    'mutation { connectorCredentialsDelete(connectorName: "example", input: { warehouseId: 1 }) { userErrors { code } } }',
    'mutation { connectorTest(connectorName: "example", input: { warehouseId: 1 }) { userErrors { code } } }',
    'mutation { connectorSyncTrigger(connectorName: "example", input: { syncType: ITEMS, warehouseId: 1 }) { userErrors { code } } }',
  ])('FORBIDDEN for a USER: %s', async (q) => {
    const r = await s.gql(q, {}, user);
    expect(r.errors[0].extensions.code).toBe('FORBIDDEN');
    // no data: null, or the nullable field null (connectorConfigSchema)
    expect(r.data === null || Object.values(r.data).every((v) => v === null)).toBe(true);
  });
});
