import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { isAdmin, isAuthenticated } from '../auth/rules';

const adminOnly = chain(isAuthenticated, isAdmin);

/** Shield rules of the connectors module's root fields (anything not listed is denied). Every one is ADMIN only. */
export const connectorsRules: ModuleRules = {
  Query: { connectors: adminOnly, connectorConfigSchema: adminOnly, connectorCredentials: adminOnly, connectorSyncStatus: adminOnly },
  Mutation: { connectorCredentialsSave: adminOnly, connectorCredentialsDelete: adminOnly, connectorTest: adminOnly, connectorSyncTrigger: adminOnly },
};
