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

const SAVE = `mutation($input: ConnectorCredentialsSaveInput!) { connectorCredentialsSave(input: $input) { credentials { message connector warehouseId keys } userErrors { field code message } } }`;

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
    const saved = await s.gql(SAVE, { input: { connectorName: 'example', warehouseId: 1, credentials: { api_key: 'gql-secret', base_url: 'http://10.1.1.1' } } }, admin);
    expect(saved.data.connectorCredentialsSave).toEqual({ credentials: { message: 'Credentials saved', connector: 'example', warehouseId: 1, keys: ['api_key', 'base_url'] }, userErrors: [] });
    const list = await s.gql(`{ connectorCredentials(connectorName: "example", warehouseId: 1) { credentials { key value } } }`, {}, admin);
    expect(JSON.stringify(list)).not.toContain('gql-secret');
    expect(list.data.connectorCredentials.credentials).toEqual([{ key: 'api_key', value: '****' }, { key: 'base_url', value: '****' }]);
    const tested = await s.gql(`mutation { connectorTest(input: { connectorName: "example", warehouseId: 1 }) { test { connected message } userErrors { code } } }`, {}, admin);
    // the example makes no network call, whatever base_url is stored (the reference)
    expect(tested.data.connectorTest).toEqual({ test: { connected: true, message: 'Example connector - no real connection' }, userErrors: [] });
    const del = await s.gql(`mutation { connectorCredentialsDelete(input: { connectorName: "example", warehouseId: 1 }) { deletion { message } userErrors { code } } }`, {}, admin);
    expect(del.data.connectorCredentialsDelete).toEqual({ deletion: { message: 'Credentials deleted' }, userErrors: [] });
  });

  it('validation, not found and conflict codes', async () => {
    const empty = await s.gql(SAVE, { input: { connectorName: 'example', warehouseId: 1, credentials: {} } }, admin);
    expect(empty.errors).toBeUndefined();
    expect(empty.data.connectorCredentialsSave).toEqual({
      credentials: null,
      userErrors: [{ field: ['input', 'credentials'], code: 'BAD_USER_INPUT', message: 'Map should have at least 1 entry' }],
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
    const busy = await s.gql(`mutation { connectorSyncTrigger(input: { connectorName: "example", syncType: ORDERS, warehouseId: 1 }) { sync { taskId } userErrors { code message data } } }`, {}, admin);
    expect(busy.errors).toBeUndefined();
    expect(busy.data.connectorSyncTrigger).toEqual({
      sync: null,
      userErrors: [{ code: 'CONFLICT', message: 'Sync already running', data: { connector: 'example', warehouseId: 1, syncType: 'orders' } }],
    });
  });

  it('one input: problems name the camelCase field (keys are data, as sent), nothing is stored', async () => {
    const before = await s.app.prisma.connectorCredential.count();
    const bad = await s.gql(SAVE, { input: { connectorName: 'example', warehouseId: 0, credentials: { apiKey: 5 } } }, admin);
    expect(bad.errors).toBeUndefined();
    expect(bad.data.connectorCredentialsSave).toEqual({
      credentials: null,
      userErrors: [
        { field: ['input', 'warehouseId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
        { field: ['input', 'credentials', 'apiKey'], code: 'BAD_USER_INPUT', message: 'Input should be a valid string' },
      ],
    });
    const long = await s.gql(SAVE, { input: { connectorName: 'example', warehouseId: 1, credentials: { ['k'.repeat(129)]: 'v' } } }, admin);
    expect(long.data.connectorCredentialsSave.userErrors).toEqual([
      { field: ['input', 'credentials', 'k'.repeat(129)], code: 'BAD_USER_INPUT', message: 'String should have at most 128 characters' },
    ]);
    const del = await s.gql(`mutation { connectorCredentialsDelete(input: { connectorName: "example", warehouseId: -1 }) { deletion { message } userErrors { field code } } }`, {}, admin);
    expect(del.data.connectorCredentialsDelete).toEqual({ deletion: null, userErrors: [{ field: ['input', 'warehouseId'], code: 'BAD_USER_INPUT' }] });
    expect(await s.app.prisma.connectorCredential.count()).toBe(before);
  });

  it('an unknown connector or warehouse is NOT_FOUND, nothing stored or queued; secrets never come back', async () => {
    const before = await s.app.prisma.connectorCredential.count();
    const nope = await s.gql(SAVE, { input: { connectorName: 'nope', warehouseId: 1, credentials: { api_key: 'nf-secret' } } }, admin);
    expect(nope.data.connectorCredentialsSave).toEqual({ credentials: null, userErrors: [{ field: null, code: 'NOT_FOUND', message: "Connector 'nope' not found" }] });
    const noWarehouse = await s.gql(SAVE, { input: { connectorName: 'example', warehouseId: 424242, credentials: { api_key: 'nf-secret' } } }, admin);
    expect(noWarehouse.data.connectorCredentialsSave).toEqual({ credentials: null, userErrors: [{ field: null, code: 'NOT_FOUND', message: 'Warehouse not found' }] });
    expect(JSON.stringify([nope, noWarehouse])).not.toContain('nf-secret');
    expect(await s.app.prisma.connectorCredential.count()).toBe(before);

    const ok = await s.gql(SAVE, { input: { connectorName: 'example', warehouseId: 1, credentials: { api_key: 'kept-secret' } } }, admin);
    expect(ok.data.connectorCredentialsSave.userErrors).toEqual([]);
    expect(JSON.stringify(ok)).not.toContain('kept-secret');
    const tested = await s.gql(`mutation { connectorTest(input: { connectorName: "nope", warehouseId: 1 }) { test { connected } userErrors { code message } } }`, {}, admin);
    expect(tested.data.connectorTest).toEqual({ test: null, userErrors: [{ code: 'NOT_FOUND', message: "Connector 'nope' not found" }] });

    const states = await s.app.prisma.syncState.count();
    const trigger = `mutation($input: ConnectorSyncTriggerInput!) { connectorSyncTrigger(input: $input) { sync { taskId } userErrors { field code message } } }`;
    for (const [input, message] of [
      [{ connectorName: 'nope', syncType: 'ITEMS', warehouseId: 1 }, "Connector 'nope' not found"],
      [{ connectorName: 'example', syncType: 'ITEMS', warehouseId: 424242 }, 'Warehouse not found'],
      [{ connectorName: 'example', syncType: 'ITEMS', warehouseId: -3 }, 'Warehouse not found'],
    ] as const) {
      const r = await s.gql(trigger, { input }, admin);
      expect(r.data.connectorSyncTrigger).toEqual({ sync: null, userErrors: [{ field: null, code: 'NOT_FOUND', message }] });
    }
    expect(await s.app.prisma.syncState.count()).toBe(states);
  });

  it.each([
    '{ connectors { name } }',
    '{ connectorConfigSchema(connectorName: "example") { name } }',
    '{ connectorCredentials(connectorName: "example", warehouseId: 1) { connector } }',
    '{ connectorSyncStatus(connectorName: "example", warehouseId: 1) { connector } }',
    'mutation { connectorCredentialsSave(input: { connectorName: "example", warehouseId: 1, credentials: { a: "b" } }) { userErrors { code } } }',
    'mutation { connectorCredentialsDelete(input: { connectorName: "example", warehouseId: 1 }) { userErrors { code } } }',
    'mutation { connectorTest(input: { connectorName: "example", warehouseId: 1 }) { userErrors { code } } }',
    'mutation { connectorSyncTrigger(input: { connectorName: "example", syncType: ITEMS, warehouseId: 1 }) { userErrors { code } } }',
  ])('FORBIDDEN for a USER: %s', async (q) => {
    const r = await s.gql(q, {}, user);
    expect(r.errors[0].extensions.code).toBe('FORBIDDEN');
    // no data: null, or the nullable field null (connectorConfigSchema)
    expect(r.data === null || Object.values(r.data).every((v) => v === null)).toBe(true);
  });
});
