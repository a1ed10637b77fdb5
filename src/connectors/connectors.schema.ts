// GraphQL types, queries and mutations of the connectors module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { payloadOf, payloadType } from '../graphql/payloads';
import { ConnectorCapability, ConnectorConfigFieldType, SyncStatus, SyncType } from '../graphql/enums';
import { parseInput } from '../graphql/inputs';
import {
  ConnectorCredentialsSaveInput as ConnectorCredentialsSaveSchema,
  ConnectorSyncTriggerInput as ConnectorSyncTriggerSchema,
  ConnectorWarehouseInput as ConnectorWarehouseSchema,
} from './connectors.inputs';
import * as connectors from './connectors.service';
import type { SyncStateRow } from './sync-state';
import { admin } from '../auth/rules';

const ConnectorConfigField = builder
  .objectRef<{ key: string; type: string; required: boolean; label: string; description: string }>('ConnectorConfigField')
  .implement({
    description: 'One credential field a connector needs.',
    fields: (t) => ({
      key: t.exposeString('key', { description: 'The credential key.' }),
      type: t.expose('type', { type: ConnectorConfigFieldType, description: 'The kind of value.' }),
      required: t.exposeBoolean('required', { description: 'Whether the connector needs the field.' }),
      label: t.exposeString('label', { description: 'A label for a form.' }),
      description: t.exposeString('description', { description: 'A help text for a form.' }),
    }),
  });

const Connector = builder.objectRef<connectors.ConnectorView>('Connector').implement({
  description: 'A registered connector: its credential fields and what it can sync. Never carries credentials.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The connector name (connectorName of the connector operations).' }),
    configSchema: t.field({ type: 'JSON', description: 'field name -> {type, required, label, description}', resolve: (c) => c.configSchema }),
    configFields: t.field({ description: 'The credential fields of the connector.',
      type: [ConnectorConfigField],
      resolve: (c) => Object.entries(c.configSchema).map(([key, f]) => ({ key, ...f })),
    }),
    capabilities: t.field({ type: [ConnectorCapability], description: 'What the connector can do.', resolve: (c) => c.capabilities }),
  }),
});

const ConnectorCredential = builder
  .objectRef<{ key: string; value: string; createdAt: Date | null; updatedAt: Date | null }>('ConnectorCredential')
  .implement({
    description: 'A stored credential key; the value is always the mask `****`.',
    fields: (t) => ({
      key: t.exposeString('key', { description: 'The credential key.' }),
      value: t.exposeString('value', { description: 'Always the mask ****.' }),
      createdAt: t.expose('createdAt', { description: 'When the credential was first stored; null when unknown.', type: 'DateTime', nullable: true }),
      updatedAt: t.expose('updatedAt', { description: 'When the credential was last changed; null when unknown.', type: 'DateTime', nullable: true }),
    }),
  });

const ConnectorCredentialList = builder
  .objectRef<Awaited<ReturnType<typeof connectors.listCredentials>>>('ConnectorCredentialList')
  .implement({
    description: 'The credential keys stored for one connector and warehouse.',
    fields: (t) => ({
      connector: t.exposeString('connector', { description: 'The connector name.' }),
      warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse the credentials belong to.' }),
      credentials: t.field({ description: 'The stored keys, values masked.', type: [ConnectorCredential], resolve: (r) => r.credentials }),
    }),
  });

const ConnectorCredentialsSaved = builder
  .objectRef<Awaited<ReturnType<typeof connectors.saveCredentials>>>('ConnectorCredentialsSaved')
  .implement({
    description: 'Credentials stored for one connector and warehouse: the keys now stored (never the values).',
    fields: (t) => ({
      message: t.exposeString('message', { description: 'A confirmation text for the screen.' }),
      connector: t.exposeString('connector', { description: 'The connector name.' }),
      warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse the credentials belong to.' }),
      keys: t.exposeStringList('keys', { description: 'The credential keys now stored.' }),
    }),
  });

const ConnectorCredentialsDeleted = builder
  .objectRef<Awaited<ReturnType<typeof connectors.deleteCredentials>>>('ConnectorCredentialsDeleted')
  .implement({
    description: 'Every credential of one connector and warehouse deleted.',
    fields: (t) => ({
      message: t.exposeString('message', { description: 'A confirmation text for the screen.' }),
      connector: t.exposeString('connector', { description: 'The connector name.' }),
      warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse whose credentials were deleted.' }),
    }),
  });

const ConnectorTestResult = builder.objectRef<Awaited<ReturnType<typeof connectors.testConnection>>>('ConnectorTestResult').implement({
  description: 'The outcome of a connection test with the stored credentials.',
  fields: (t) => ({
    connector: t.exposeString('connector', { description: 'The connector name.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse whose credentials were tested.' }),
    connected: t.exposeBoolean('connected', { description: 'Whether the connector reached its system.' }),
    message: t.exposeString('message', { description: 'Printable ASCII only, at most 500 characters.' }),
  }),
});

const ConnectorSyncState = builder.objectRef<SyncStateRow>('ConnectorSyncState').implement({
  description: 'The sync state of one connector, warehouse and sync type.',
  fields: (t) => ({
    connectorName: t.exposeString('connectorName', { description: 'The connector name.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse synced.' }),
    syncType: t.expose('syncType', { description: 'What is synced.', type: SyncType }),
    syncStatus: t.expose('syncStatus', { description: 'Whether a sync is idle, running or failed last.', type: SyncStatus }),
    lastSyncedAt: t.expose('lastSyncedAt', { description: 'When the last sync ended; null when never synced.', type: 'DateTime', nullable: true }),
    lastSuccessAt: t.expose('lastSuccessAt', { description: 'When the last successful sync ended; null when none.', type: 'DateTime', nullable: true }),
    lastErrorAt: t.expose('lastErrorAt', { description: 'When the last failed sync ended; null when none.', type: 'DateTime', nullable: true }),
    lastErrorMessage: t.exposeString('lastErrorMessage', { description: 'The error of the last failed sync; null when none.', nullable: true }),
    consecutiveErrors: t.exposeInt('consecutiveErrors', { description: 'The failed syncs since the last success.' }),
  }),
});

const ConnectorSyncStatus = builder.objectRef<Awaited<ReturnType<typeof connectors.syncStatus>>>('ConnectorSyncStatus').implement({
  description: 'The sync states of one connector and warehouse.',
  fields: (t) => ({
    connector: t.exposeString('connector', { description: 'The connector name.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse synced.' }),
    syncStates: t.field({ description: 'One state per sync type that has run.', type: [ConnectorSyncState], resolve: (r) => r.syncStates }),
  }),
});

const ConnectorSyncQueued = builder
  .objectRef<Awaited<ReturnType<typeof connectors.triggerSync>>>('ConnectorSyncQueued')
  .implement({
    description: 'A manual sync queued as a background job.',
    fields: (t) => ({
      message: t.exposeString('message', { description: 'A confirmation text for the screen.' }),
      taskId: t.exposeString('taskId', { description: 'Id of the queued background job.' }),
      connector: t.exposeString('connector', { description: 'The connector name.' }),
      warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse to sync.' }),
      syncType: t.expose('syncType', { description: 'What will be synced.', type: SyncType }),
    }),
  });

const ConnectorCredentialsSaveInput = builder.inputType('ConnectorCredentialsSaveInput', {
  description: 'Credentials to store for one connector and warehouse.',
  fields: (t) => ({
    connectorName: t.string({ required: true, description: 'The connector name (see connectors); a name no connector has is NOT_FOUND.' }),
    warehouseId: t.int({ description: 'The warehouse the credentials belong to.', required: true }),
    credentials: t.field({
      type: 'JSON',
      required: true,
      description: 'Credential key -> string value (at least one; keys of up to 128 characters, as the connector names them in configFields). Stored encrypted, never returned.',
    }),
  }),
});

const ConnectorWarehouseInput = builder.inputType('ConnectorWarehouseInput', {
  description: 'The connector and warehouse whose stored credentials a connector mutation uses.',
  fields: (t) => ({
    connectorName: t.string({ required: true, description: 'The connector name (see connectors); a name no connector has is NOT_FOUND.' }),
    warehouseId: t.int({ required: true, description: 'The warehouse.' }),
  }),
});

const ConnectorSyncTriggerInput = builder.inputType('ConnectorSyncTriggerInput', {
  description: 'Which sync to queue, for which connector and warehouse.',
  fields: (t) => ({
    connectorName: t.string({ required: true, description: 'The connector name (see connectors); a name no connector has is NOT_FOUND.' }),
    syncType: t.field({ type: SyncType, required: true, description: 'What to sync.' }),
    warehouseId: t.int({ required: true, description: 'The warehouse; an id that names no warehouse is NOT_FOUND.' }),
  }),
});

const ConnectorCredentialsSavePayload = payloadType<Awaited<ReturnType<typeof connectors.saveCredentials>>>('ConnectorCredentialsSavePayload', {
  description: 'Result of connectorCredentialsSave.',
  resultField: 'credentials',
  resultType: ConnectorCredentialsSaved,
  resultDescription: 'The stored keys; null when userErrors is not empty.',
});
const ConnectorCredentialsDeletePayload = payloadType<Awaited<ReturnType<typeof connectors.deleteCredentials>>>('ConnectorCredentialsDeletePayload', {
  description: 'Result of connectorCredentialsDelete.',
  resultField: 'deletion',
  resultType: ConnectorCredentialsDeleted,
  resultDescription: 'What was deleted; null when userErrors is not empty.',
});
const ConnectorTestPayload = payloadType<Awaited<ReturnType<typeof connectors.testConnection>>>('ConnectorTestPayload', {
  description: 'Result of connectorTest.',
  resultField: 'test',
  resultType: ConnectorTestResult,
  resultDescription: 'The outcome; null when userErrors is not empty (e.g. a base URL reaching an internal address: code BAD_USER_INPUT, data.reason "blocked_destination").',
});
const ConnectorSyncTriggerPayload = payloadType<Awaited<ReturnType<typeof connectors.triggerSync>>>('ConnectorSyncTriggerPayload', {
  description: 'Result of connectorSyncTrigger.',
  resultField: 'sync',
  resultType: ConnectorSyncQueued,
  resultDescription: 'The queued job; null when userErrors is not empty (CONFLICT while the same sync is running).',
});

builder.queryField('connectors', (t) =>
  t.withShield(admin).field({ type: [Connector], description: 'Every registered connector (metadata only).', resolve: () => connectors.listConnectors() }),
);

builder.queryField('connectorConfigSchema', (t) =>
  t.withShield(admin).field({
    type: Connector,
    nullable: true,
    description: 'The registered connector of this name with its configuration schema, or null when there is none.',
    args: { connectorName: t.arg.string({ description: 'The connector name (see connectors).', required: true }) },
    resolve: (_r, { connectorName }) => connectors.getConnector(connectorName),
  }),
);

builder.queryField('connectorCredentials', (t) =>
  t.withShield(admin).field({ description: 'The credential keys stored for a connector and warehouse (values masked).',
    type: ConnectorCredentialList,
    args: { connectorName: t.arg.string({ description: 'The connector name (see connectors).', required: true }), warehouseId: t.arg.int({ required: true, description: 'The warehouse.' }) },
    resolve: (_r, { connectorName, warehouseId }, ctx) => connectors.listCredentials(ctx, connectorName, warehouseId),
  }),
);

builder.queryField('connectorSyncStatus', (t) =>
  t.withShield(admin).field({ description: 'The sync states of a connector for a warehouse.',
    type: ConnectorSyncStatus,
    args: { connectorName: t.arg.string({ description: 'The connector name (see connectors).', required: true }), warehouseId: t.arg.int({ required: true, description: 'The warehouse.' }) },
    resolve: (_r, { connectorName, warehouseId }, ctx) => connectors.syncStatus(ctx, connectorName, warehouseId),
  }),
);

builder.mutationFields((t) => ({
  connectorCredentialsSave: t.withShield(admin).field({
    type: ConnectorCredentialsSavePayload,
    description: 'Encrypts and stores credentials for one connector + warehouse (other keys are kept).',
    args: { input: t.arg({ type: ConnectorCredentialsSaveInput, required: true, description: 'The connector, the warehouse and the credentials.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => connectors.saveCredentials(ctx, parseInput(ConnectorCredentialsSaveSchema, input))),
  }),
  connectorCredentialsDelete: t.withShield(admin).field({
    type: ConnectorCredentialsDeletePayload,
    description: 'Deletes every stored credential of one connector and warehouse.',
    args: { input: t.arg({ type: ConnectorWarehouseInput, required: true, description: 'The connector and the warehouse.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => connectors.deleteCredentials(ctx, parseInput(ConnectorWarehouseSchema, input))),
  }),
  connectorTest: t.withShield(admin).field({
    type: ConnectorTestPayload,
    description: 'Runs the connector\'s connection test with the stored credentials.',
    args: { input: t.arg({ type: ConnectorWarehouseInput, required: true, description: 'The connector and the warehouse whose credentials to test.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => connectors.testConnection(ctx, parseInput(ConnectorWarehouseSchema, input))),
  }),
  connectorSyncTrigger: t.withShield(admin).field({
    type: ConnectorSyncTriggerPayload,
    description: 'Queues a manual sync (orders, items, inventory, fulfillment).',
    args: { input: t.arg({ type: ConnectorSyncTriggerInput, required: true, description: 'The connector, the sync type and the warehouse.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => connectors.triggerSync(ctx, parseInput(ConnectorSyncTriggerSchema, input))),
  }),
}));
