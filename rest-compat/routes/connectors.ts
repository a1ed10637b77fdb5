import { ConnectorTestInput, CredentialsDeleteInput, CredentialsSaveInput, looseWarehouseId } from '../../src/connectors/connectors.inputs';
import { badRequest } from '../../src/errors';
import { BLOCKED_DESTINATION, invalidSyncType } from '../../src/connectors/connectors.service';
import { isValueOf, SyncType } from '../../src/graphql/enums';
import { defineRoutes, notFoundAnswer, type RestRequest } from '../route';

const name = (r: RestRequest) => r.params.connector_name;
const queryWarehouse = (r: RestRequest) => looseWarehouseId(r.query.get('warehouse_id'));
/** Sync trigger: the body's warehouse_id when present and truthy, else the query string's (spec 80 §8). */
const triggerWarehouse = (r: RestRequest) =>
  r.body.warehouse_id ? looseWarehouseId(r.body.warehouse_id) : queryWarehouse(r);

export const routes = defineRoutes([
  {
    method: 'GET', path: '/api/admin/connectors', auth: 'admin', operation: 'Connectors',
    result: (d) => ({ connectors: d.connectors }),
  },
  {
    method: 'GET', path: '/api/admin/connectors/:connector_name/config-schema', auth: 'admin', operation: 'ConnectorConfigSchema',
    variables: (r) => ({ connectorName: name(r) }),
    missing: (r) => notFoundAnswer(`Connector '${name(r)}' not found`),
  },
  {
    method: 'POST', path: '/api/admin/connectors/:connector_name/credentials', auth: 'admin', operation: 'ConnectorCredentialsSave',
    input: CredentialsSaveInput,
    variables: (r) => ({ connectorName: name(r), input: { warehouseId: r.body.warehouse_id, credentials: r.body.credentials } }),
  },
  {
    method: 'GET', path: '/api/admin/connectors/:connector_name/credentials', auth: 'admin', operation: 'ConnectorCredentials',
    variables: (r) => ({ connectorName: name(r), warehouseId: queryWarehouse(r) }),
  },
  {
    method: 'DELETE', path: '/api/admin/connectors/:connector_name/credentials', auth: 'admin', operation: 'ConnectorCredentialsDelete',
    input: CredentialsDeleteInput,
    variables: (r) => ({ connectorName: name(r), input: { warehouseId: r.body.warehouse_id } }),
  },
  {
    method: 'POST', path: '/api/admin/connectors/:connector_name/test', auth: 'admin', operation: 'ConnectorTest',
    input: ConnectorTestInput,
    variables: (r) => ({ connectorName: name(r), input: { warehouseId: r.body.warehouse_id } }),
    errorBody: ({ message, data }) =>
      data?.reason === BLOCKED_DESTINATION
        ? { error: BLOCKED_DESTINATION, connector: data.connector, warehouse_id: data.warehouseId, connected: data.connected, message }
        : undefined,
  },
  {
    method: 'GET', path: '/api/admin/connectors/:connector_name/sync-status', auth: 'admin', operation: 'ConnectorSyncStatus',
    variables: (r) => ({ connectorName: name(r), warehouseId: queryWarehouse(r) }),
  },
  {
    method: 'POST', path: '/api/admin/connectors/:connector_name/sync/:sync_type', auth: 'admin', operation: 'ConnectorSyncTrigger',
    variables: (r) => {
      // GraphQL refuses a sync type outside the enum before the resolver runs; keep the legacy check order.
      const warehouseId = triggerWarehouse(r);
      if (!isValueOf(SyncType, r.params.sync_type)) throw warehouseId ? invalidSyncType(r.params.sync_type) : badRequest('warehouse_id is required');
      return { connectorName: name(r), input: { syncType: r.params.sync_type, warehouseId } };
    },
    status: 202,
  },
]);
