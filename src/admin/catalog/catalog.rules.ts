import { chain, or } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { inOwnWarehouse, isAdmin, isAuthenticated } from '../../auth/rules';

const admin = chain(isAuthenticated, isAdmin);
/** The scanner app lists the bins of its warehouse for floor users too (receive screen). */
const adminOrOwnWarehouseBins = chain(isAuthenticated, or(inOwnWarehouse((a) => a.filter?.warehouseId), isAdmin));

/** Shield rules of the catalog module's root fields (anything not listed is denied). ADMIN only, except bin lists. */
export const catalogRules: ModuleRules = {
  Query: {
    ...Object.fromEntries(
      [
        'warehouses', 'warehousesPage', 'warehouse',
        'zones', 'zonesPage', 'zone',
        'bin',
        'items', 'itemsPage', 'item',
        'inventory', 'inventoryPage',
        'preferredBins', 'preferredBinList',
      ].map((f) => [f, admin]),
    ),
    bins: adminOrOwnWarehouseBins,
    binsPage: adminOrOwnWarehouseBins,
  },
  Mutation: Object.fromEntries(
    [
      'warehouseCreate', 'warehouseUpdate', 'warehouseDelete',
      'zoneCreate', 'zoneUpdate',
      'binCreate', 'binUpdate',
      'itemCreate', 'itemUpdate', 'itemArchive', 'itemDelete',
      'preferredBinCreate', 'preferredBinUpdate', 'preferredBinDelete',
    ].map((f) => [f, admin]),
  ),
};
