import { ConnectorCredentialsFields, ConnectorWarehouseFields } from '../../src/connectors/connectors.inputs';
import { badRequest } from '../../src/errors';
import { BLOCKED_DESTINATION } from '../../src/connectors/connectors.service';
import { SYNC_TYPES } from '../../src/connectors/sync-state';
import { isValueOf, SyncType } from '../../src/graphql/enums';
import { legacyInput } from '../legacy-input';
import { defineRoutes, notFoundAnswer, type RestRequest } from '../route';

/**
 * A `warehouse_id` the legacy read outside the body schema (query string, or the sync trigger's raw body):
 * integers, integer strings (` 5 `, `1_000`) and booleans; anything else (or out of the int range) is
 * treated as absent, which the endpoints answer with their "required" 400.
 */
function looseWarehouseId(value: unknown): number | null {
  let n: number;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) n = Number(value.replace(/[_\s]/g, ''));
  else return null;
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : null;
}

const name = (r: RestRequest) => r.params.connector_name;
const queryWarehouse = (r: RestRequest) => looseWarehouseId(r.query.get('warehouse_id'));
/** The GET routes' warehouse: missing, not an integer or 0 is the legacy 400, before the connector lookup. */
const requiredQueryWarehouse = (r: RestRequest) => {
  const warehouseId = queryWarehouse(r);
  if (!warehouseId) throw badRequest('warehouse_id query parameter is required');
  return warehouseId;
};
/** Sync trigger: the body's warehouse_id when present and truthy, else the query string's (spec 80 §8). */
const triggerWarehouse = (r: RestRequest) =>
  r.body.warehouse_id ? looseWarehouseId(r.body.warehouse_id) : queryWarehouse(r);
/** The body's fields, the connector the path's. */
const withConnector = (r: RestRequest) => ({ input: { ...r.body, connectorName: name(r) } });

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
    input: legacyInput(ConnectorCredentialsFields), variables: withConnector,
  },
  {
    method: 'GET', path: '/api/admin/connectors/:connector_name/credentials', auth: 'admin', operation: 'ConnectorCredentials',
    variables: (r) => ({ connectorName: name(r), warehouseId: requiredQueryWarehouse(r) }),
  },
  {
    method: 'DELETE', path: '/api/admin/connectors/:connector_name/credentials', auth: 'admin', operation: 'ConnectorCredentialsDelete',
    // warehouse_id is required in the body, as in the legacy (its panel sends none, spec 95 §7.1)
    input: legacyInput(ConnectorWarehouseFields), variables: withConnector,
  },
  {
    method: 'POST', path: '/api/admin/connectors/:connector_name/test', auth: 'admin', operation: 'ConnectorTest',
    input: legacyInput(ConnectorWarehouseFields), variables: withConnector,
    errorBody: ({ message, data }) =>
      data?.reason === BLOCKED_DESTINATION
        ? { error: BLOCKED_DESTINATION, connector: data.connector, warehouse_id: data.warehouseId, connected: data.connected, message }
        : undefined,
  },
  {
    method: 'GET', path: '/api/admin/connectors/:connector_name/sync-status', auth: 'admin', operation: 'ConnectorSyncStatus',
    variables: (r) => ({ connectorName: name(r), warehouseId: requiredQueryWarehouse(r) }),
  },
  {
    method: 'POST', path: '/api/admin/connectors/:connector_name/sync/:sync_type', auth: 'admin', operation: 'ConnectorSyncTrigger',
    // The legacy checked the warehouse (missing or 0: required), then the sync type, before the connector.
    variables: (r) => {
      const warehouseId = triggerWarehouse(r);
      if (!warehouseId) throw badRequest('warehouse_id is required');
      const syncType = r.params.sync_type;
      if (!isValueOf(SyncType, syncType)) throw badRequest(`Invalid sync_type '${syncType}'. Must be one of: ${SYNC_TYPES.join(', ')}`);
      return { input: { connectorName: name(r), syncType, warehouseId } };
    },
    status: 202,
  },
]);
