import { authRules } from '../auth/auth.rules';
import { warehousesRules } from '../warehouses/warehouses.schema';
import type { ModuleRules } from '../auth/shield';
import { receivingRules } from '../receiving/receiving.rules';
import { putawayRules } from '../putaway/putaway.rules';
import { lookupRules } from '../lookup/lookup.rules';
import { pickingRules } from '../picking/picking.rules';
import { packingRules } from '../packing/packing.rules';
import { shippingRules } from '../shipping/shipping.rules';
import { inventoryRules } from '../inventory/inventory.rules';
import { catalogRules } from '../admin/catalog/catalog.rules';
import { systemRules } from '../admin/system/system.rules';
import { ordersRules } from '../admin/orders/orders.rules';
import { usersRules } from '../admin/users/users.rules';
import { importsRules } from '../admin/imports/imports.rules';
import { connectorsRules } from '../connectors/connectors.rules';
import { liveRules } from '../live/live.rules';

/** Shield rules of every module; a root field missing here is denied. */
export const moduleRules: ModuleRules[] = [
  authRules,
  warehousesRules,
  receivingRules,
  putawayRules,
  lookupRules,
  pickingRules,
  packingRules,
  shippingRules,
  inventoryRules,
  catalogRules,
  systemRules,
  ordersRules,
  usersRules,
  importsRules,
  connectorsRules,
  liveRules,
];
