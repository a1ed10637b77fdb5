import type { RestRoute } from './route';
import { routes as auth } from './routes/auth';
import { routes as warehouses } from './routes/warehouses';
import { routes as inbound } from './routes/inbound';
import { routes as outbound } from './routes/outbound';
import { routes as inventory } from './routes/inventory';
import { routes as adminCatalog } from './routes/admin-catalog';
import { routes as adminOrders } from './routes/admin-orders';
import { routes as connectors } from './routes/connectors';
/** Every legacy `/api` path this adapter serves. Each module keeps its own table under routes/. */
export const routes: RestRoute[] = [
  ...auth,
  ...warehouses,
  ...inbound,
  ...outbound,
  ...inventory,
  ...adminCatalog,
  ...adminOrders,
  ...connectors,
];

