// Connectors as the dashboard's integration settings use them: the catalog of connectors (keyed by name: they are
// configuration, not Node objects), credentials saved and read back masked, a connection test, the sync status, an
// empty credential map as a userError on input.credentials, a running sync as a CONFLICT userError with its facts,
// an unknown connector as null beside the catalog, and the cost of every answer.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { TEST_ENCRYPTION_KEY } from '../helpers/connectors';
import { seeded } from '../helpers/inbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCostReported, signIn, type DashboardClient } from './dashboard';
import {
  ConnectorCatalogDocument,
  ConnectorPanelDocument,
  SaveConnectorCredentialsDocument,
  TestConnectorDocument,
  TriggerSyncDocument,
  type ErrorCode,
  type SyncStatus,
} from './generated/graphql';

let s: TestServer;
let client: DashboardClient;
let warehouseId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true, env: { SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } });
  warehouseId = (await seeded(s.app)).warehouseId;
  client = await signIn(s);
});
afterAll(async () => {
  await s?.close();
});

describe('e2e connectors', () => {
  it('lists the connector catalog; an unknown connector is null beside it', async () => {
    const data = await client.request(ConnectorCatalogDocument, { name: 'nope' });
    expectCostReported(client);
    expect(data.connectorConfigSchema).toBeNull();
    expect(data.connectors.map((c) => c.name)).toEqual(['example']);
    expect(new Set(data.connectors.map((c) => c.name)).size).toBe(data.connectors.length);
    expect(data.connectors[0].configFields.map((f) => [f.key, f.required])).toEqual([['api_key', expect.any(Boolean)], ['base_url', expect.any(Boolean)]]);
    expect((await client.request(ConnectorCatalogDocument, { name: 'example' })).connectorConfigSchema).toEqual({ name: 'example' });
  });

  it('saves credentials, reads them back masked, tests the connection and reads the sync status', async () => {
    const saved = await client.request(SaveConnectorCredentialsDocument, { input: { connectorName: 'example', warehouseId, credentials: { api_key: 'e2e-secret', base_url: 'http://10.9.9.9' } } });
    expectCostReported(client);
    expect(saved.connectorCredentialsSave).toEqual({ credentials: { message: 'Credentials saved', connector: 'example', warehouseId, keys: ['api_key', 'base_url'] }, userErrors: [] });

    const panel = await client.request(ConnectorPanelDocument, { name: 'example', warehouseId });
    expectCostReported(client);
    expect(JSON.stringify(panel)).not.toContain('e2e-secret');
    expect(panel.connectorCredentials.credentials).toEqual([{ key: 'api_key', value: '****' }, { key: 'base_url', value: '****' }]);
    expectTypeOf(panel.connectorSyncStatus.syncStates[0].syncStatus).toEqualTypeOf<SyncStatus>();
    expect(panel.connectorSyncStatus.syncStates.map((st) => st.syncStatus)).toEqual(['IDLE', 'IDLE', 'IDLE', 'IDLE']);

    const tested = await client.request(TestConnectorDocument, { input: { connectorName: 'example', warehouseId } });
    expectCostReported(client);
    expect(tested.connectorTest).toEqual({ test: { connected: true, message: 'Example connector - no real connection' }, userErrors: [] });
  });

  it('an empty credential map is a userError on input.credentials; a running sync is a CONFLICT userError with its facts', async () => {
    const empty = await client.request(SaveConnectorCredentialsDocument, { input: { connectorName: 'example', warehouseId, credentials: {} } });
    expectCostReported(client);
    expectTypeOf(empty.connectorCredentialsSave.userErrors[0].code).toEqualTypeOf<ErrorCode>();
    expect(empty.connectorCredentialsSave).toEqual({
      credentials: null,
      userErrors: [{ field: ['input', 'credentials'], code: 'BAD_USER_INPUT', message: 'Map should have at least 1 entry' }],
    });

    await s.app.prisma.syncState.create({ data: { connectorName: 'example', warehouseId, syncType: 'orders', syncStatus: 'running' } });
    const busy = await client.request(TriggerSyncDocument, { input: { connectorName: 'example', syncType: 'ORDERS', warehouseId } });
    expectCostReported(client);
    expect(busy.connectorSyncTrigger).toEqual({
      sync: null,
      userErrors: [{ field: null, code: 'CONFLICT', message: 'Sync already running', data: { connector: 'example', warehouseId, syncType: 'orders' } }],
    });
  });
});
