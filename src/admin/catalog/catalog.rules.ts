import { chain } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { isAdmin, isAuthenticated } from '../../auth/rules';

const admin = chain(isAuthenticated, isAdmin);

/** Shield rules of the catalog module's root fields (anything not listed is denied). All ADMIN only. */
export const catalogRules: ModuleRules = {
  Query: Object.fromEntries(
    [
      'warehouses', 'warehousesPage', 'warehouse',
      'zones', 'zonesPage', 'zone',
      'bins', 'binsPage', 'bin',
      'items', 'itemsPage', 'item',
      'inventory', 'inventoryPage',
      'preferredBins', 'preferredBinList',
    ].map((f) => [f, admin]),
  ),
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
