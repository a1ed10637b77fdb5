// GraphQL types, queries and mutations of the connectors module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { SyncStatus, SyncType } from '../graphql/enums';
import { parseInput } from '../validation/errors';
import { snakeKeys } from '../shared/case';
import { ConnectorTestInput, CredentialsDeleteInput, CredentialsSaveInput } from './connectors.inputs';
import * as connectors from './connectors.service';
import type { SyncStateRow } from './sync-state';
import { admin } from '../auth/rules';

const ConnectorConfigField = builder
  .objectRef<{ key: string; type: string; required: boolean; label: string; description: string }>('ConnectorConfigField')
  .implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      type: t.exposeString('type'),
      required: t.exposeBoolean('required'),
      label: t.exposeString('label'),
      description: t.exposeString('description'),
    }),
  });

const Connector = builder.objectRef<connectors.ConnectorView>('Connector').implement({
  description: 'A registered connector: its credential fields and what it can sync. Never carries credentials.',
  fields: (t) => ({
    name: t.exposeString('name'),
    configSchema: t.field({ type: 'JSON', description: 'field name -> {type, required, label, description}', resolve: (c) => c.configSchema }),
    configFields: t.field({
      type: [ConnectorConfigField],
      resolve: (c) => Object.entries(c.configSchema).map(([key, f]) => ({ key, ...f })),
    }),
    capabilities: t.stringList({ resolve: (c) => c.capabilities }),
  }),
});

const ConnectorCredential = builder
  .objectRef<{ key: string; value: string; createdAt: Date | null; updatedAt: Date | null }>('ConnectorCredential')
  .implement({
    description: 'A stored credential key; the value is always the mask `****`.',
    fields: (t) => ({
      key: t.exposeString('key'),
      value: t.exposeString('value'),
      createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    }),
  });

const ConnectorCredentialList = builder
  .objectRef<Awaited<ReturnType<typeof connectors.listCredentials>>>('ConnectorCredentialList')
  .implement({
    fields: (t) => ({
      connector: t.exposeString('connector'),
      warehouseId: t.exposeInt('warehouseId'),
      credentials: t.field({ type: [ConnectorCredential], resolve: (r) => r.credentials }),
    }),
  });

const ConnectorCredentialsSavePayload = builder
  .objectRef<Awaited<ReturnType<typeof connectors.saveCredentials>>>('ConnectorCredentialsSavePayload')
  .implement({
    fields: (t) => ({
      message: t.exposeString('message'),
      connector: t.exposeString('connector'),
      warehouseId: t.exposeInt('warehouseId'),
      keys: t.exposeStringList('keys'),
    }),
  });

const ConnectorCredentialsDeletePayload = builder
  .objectRef<Awaited<ReturnType<typeof connectors.deleteCredentials>>>('ConnectorCredentialsDeletePayload')
  .implement({
    fields: (t) => ({
      message: t.exposeString('message'),
      connector: t.exposeString('connector'),
      warehouseId: t.exposeInt('warehouseId'),
    }),
  });

const ConnectorTestResult = builder.objectRef<Awaited<ReturnType<typeof connectors.testConnection>>>('ConnectorTestResult').implement({
  fields: (t) => ({
    connector: t.exposeString('connector'),
    warehouseId: t.exposeInt('warehouseId'),
    connected: t.exposeBoolean('connected'),
    message: t.exposeString('message', { description: 'Printable ASCII only, at most 500 characters.' }),
  }),
});

const ConnectorSyncState = builder.objectRef<SyncStateRow>('ConnectorSyncState').implement({
  fields: (t) => ({
    connectorName: t.exposeString('connectorName'),
    warehouseId: t.exposeInt('warehouseId'),
    syncType: t.expose('syncType', { type: SyncType }),
    syncStatus: t.expose('syncStatus', { type: SyncStatus }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true }),
    lastSuccessAt: t.expose('lastSuccessAt', { type: 'DateTime', nullable: true }),
    lastErrorAt: t.expose('lastErrorAt', { type: 'DateTime', nullable: true }),
    lastErrorMessage: t.exposeString('lastErrorMessage', { nullable: true }),
    consecutiveErrors: t.exposeInt('consecutiveErrors'),
  }),
});

const ConnectorSyncStatus = builder.objectRef<Awaited<ReturnType<typeof connectors.syncStatus>>>('ConnectorSyncStatus').implement({
  fields: (t) => ({
    connector: t.exposeString('connector'),
    warehouseId: t.exposeInt('warehouseId'),
    syncStates: t.field({ type: [ConnectorSyncState], resolve: (r) => r.syncStates }),
  }),
});

const ConnectorSyncTriggerPayload = builder
  .objectRef<Awaited<ReturnType<typeof connectors.triggerSync>>>('ConnectorSyncTriggerPayload')
  .implement({
    fields: (t) => ({
      message: t.exposeString('message'),
      taskId: t.exposeString('taskId', { description: 'Id of the queued background job.' }),
      connector: t.exposeString('connector'),
      warehouseId: t.exposeInt('warehouseId'),
      syncType: t.expose('syncType', { type: SyncType }),
    }),
  });

const ConnectorCredentialsSaveInput = builder.inputType('ConnectorCredentialsSaveInput', {
  fields: (t) => ({
    warehouseId: t.int({ required: true }),
    credentials: t.field({ type: 'JSON', required: true, description: 'credential key -> string value' }),
  }),
});

const ConnectorWarehouseInput = builder.inputType('ConnectorWarehouseInput', {
  fields: (t) => ({ warehouseId: t.int({ required: true }) }),
});

builder.queryField('connectors', (t) =>
  t.withShield(admin).field({ type: [Connector], description: 'Every registered connector (metadata only).', resolve: () => connectors.listConnectors() }),
);

builder.queryField('connectorConfigSchema', (t) =>
  t.withShield(admin).field({
    type: Connector,
    args: { connectorName: t.arg.string({ required: true }) },
    resolve: (_r, { connectorName }) => connectors.getConnector(connectorName),
  }),
);

builder.queryField('connectorCredentials', (t) =>
  t.withShield(admin).field({
    type: ConnectorCredentialList,
    args: { connectorName: t.arg.string({ required: true }), warehouseId: t.arg.int() },
    resolve: (_r, { connectorName, warehouseId }, ctx) => connectors.listCredentials(ctx, connectorName, warehouseId),
  }),
);

builder.queryField('connectorSyncStatus', (t) =>
  t.withShield(admin).field({
    type: ConnectorSyncStatus,
    args: { connectorName: t.arg.string({ required: true }), warehouseId: t.arg.int() },
    resolve: (_r, { connectorName, warehouseId }, ctx) => connectors.syncStatus(ctx, connectorName, warehouseId),
  }),
);

builder.mutationField('connectorCredentialsSave', (t) =>
  t.withShield(admin).field({
    type: ConnectorCredentialsSavePayload,
    description: 'Encrypts and stores credentials for one connector + warehouse (other keys are kept).',
    args: { connectorName: t.arg.string({ required: true }), input: t.arg({ type: ConnectorCredentialsSaveInput, required: true }) },
    resolve: (_r, { connectorName, input }, ctx) =>
      connectors.saveCredentials(ctx, connectorName, parseInput(CredentialsSaveInput, snakeKeys(input))),
  }),
);

builder.mutationField('connectorCredentialsDelete', (t) =>
  t.withShield(admin).field({
    type: ConnectorCredentialsDeletePayload,
    args: { connectorName: t.arg.string({ required: true }), input: t.arg({ type: ConnectorWarehouseInput, required: true }) },
    resolve: (_r, { connectorName, input }, ctx) =>
      connectors.deleteCredentials(ctx, connectorName, parseInput(CredentialsDeleteInput, snakeKeys(input))),
  }),
);

builder.mutationField('connectorTest', (t) =>
  t.withShield(admin).field({
    type: ConnectorTestResult,
    description: 'Runs the connector\'s connection test with the stored credentials. A base URL reaching an internal address fails with BAD_USER_INPUT (error blocked_destination).',
    args: { connectorName: t.arg.string({ required: true }), input: t.arg({ type: ConnectorWarehouseInput, required: true }) },
    resolve: (_r, { connectorName, input }, ctx) =>
      connectors.testConnection(ctx, connectorName, parseInput(ConnectorTestInput, snakeKeys(input))),
  }),
);

builder.mutationField('connectorSyncTrigger', (t) =>
  t.withShield(admin).field({
    type: ConnectorSyncTriggerPayload,
    description: 'Queues a manual sync (orders, items, inventory, fulfillment). CONFLICT while the same sync is running.',
    args: { connectorName: t.arg.string({ required: true }), syncType: t.arg({ type: SyncType, required: true }), warehouseId: t.arg.int() },
    resolve: (_r, { connectorName, syncType, warehouseId }, ctx) => connectors.triggerSync(ctx, connectorName, syncType, warehouseId),
  }),
);
