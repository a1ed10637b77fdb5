import { chain, or } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { argIn, inOwnWarehouse, isAdmin, isAuthenticated } from '../../auth/rules';
import { FLOOR_SETTINGS } from '../../settings/settings.service';

const admin = chain(isAuthenticated, isAdmin);

/**
 * Shield rules of the system module's root fields (anything not listed is denied). ADMIN only, except the two reads
 * the scanner app makes for floor users: the dashboard of one of their warehouses, and the floor settings.
 */
export const systemRules: ModuleRules = {
  Query: {
    auditLog: admin,
    auditLogPage: admin,
    auditLogVerify: admin,
    dashboard: chain(isAuthenticated, or(inOwnWarehouse((a) => a.warehouseId), isAdmin)),
    settings: admin,
    setting: chain(isAuthenticated, or(argIn('key', FLOOR_SETTINGS), isAdmin)),
  },
  Mutation: { settingsUpdate: admin },
};
