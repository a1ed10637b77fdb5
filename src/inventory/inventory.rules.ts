import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { can, isAdmin, isAuthenticated } from '../auth/rules';

const admin = chain(isAuthenticated, isAdmin);

/** Shield rules of the inventory module's root fields (anything not listed is denied). */
export const inventoryRules: ModuleRules = {
  Query: {
    // Read-only: a valid token; the service checks the count's warehouse and hides blind quantities.
    inventoryCount: isAuthenticated,
    inventoryCycleCounts: admin,
    inventoryPendingAdjustments: admin,
    inventoryAdjustments: admin,
    inventoryInterWarehouseTransfers: admin,
    inventoryShortPicks: admin,
  },
  Mutation: {
    inventoryCountCreate: chain(isAuthenticated, can('count')),
    inventoryCountSubmit: chain(isAuthenticated, can('count')),
    inventoryMove: chain(isAuthenticated, can('transfer')),
    inventoryAdjustmentsReview: admin,
    inventoryAdjustmentDirect: admin,
    inventoryInterWarehouseTransfer: admin,
  },
};
