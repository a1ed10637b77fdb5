/** Inputs of the connector mutations (spec 80): one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { id, int, text, textMap } from '../graphql/inputs';
import { SYNC_TYPES } from './sync-state';

// The connector is looked up by name in the registry: a name no connector has (whatever its length) is not found.
const connectorName = () => text();

/** The credentials to store for one warehouse; their keys are data (the connector's config fields), kept as sent. */
export const ConnectorCredentialsFields = z.object({
  warehouseId: id(),
  // legacy-difference: a credential key longer than the column (varchar(128)) was a 500; now a problem at its entry
  credentials: textMap({ min: 1, keyMax: 128 }),
});

/** connectorCredentialsSave */
export const ConnectorCredentialsSaveInput = ConnectorCredentialsFields.extend({ connectorName: connectorName() });
export type ConnectorCredentialsSaveInput = z.output<typeof ConnectorCredentialsSaveInput>;

/** The warehouse whose stored credentials a connector mutation uses. */
export const ConnectorWarehouseFields = z.object({ warehouseId: id() });

/** connectorCredentialsDelete and connectorTest */
export const ConnectorWarehouseInput = ConnectorWarehouseFields.extend({ connectorName: connectorName() });
export type ConnectorWarehouseInput = z.output<typeof ConnectorWarehouseInput>;

/** connectorSyncTrigger: a warehouse id that names no warehouse is not found, like an unknown one. */
export const ConnectorSyncTriggerInput = z.object({
  connectorName: connectorName(),
  syncType: z.enum(SYNC_TYPES),
  warehouseId: int(),
});
export type ConnectorSyncTriggerInput = z.output<typeof ConnectorSyncTriggerInput>;
