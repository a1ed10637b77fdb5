import { defineRoutes } from '../route';

export const routes = defineRoutes([
  {
    method: 'GET', path: '/api/warehouses/list', auth: 'user', operation: 'ActiveWarehouses',
    result: (d) => ({ warehouses: d.activeWarehouses }),
  },
]);
