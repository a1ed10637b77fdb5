import { builder } from '../graphql/builder';
import { authenticated } from '../auth/rules';

interface WarehouseOption {
  id: number;
  code: string;
  name: string;
}

const WarehouseOptionRef = builder.objectRef<WarehouseOption>('WarehouseOption').implement({
  description: 'An active warehouse as the scanner app lists it after sign-in.',
  fields: (t) => ({
    id: t.exposeInt('id', { description: 'The warehouse id (the legacy scanner reads `id`).' }),
    warehouseNodeId: t.globalID({ description: 'Global id of the Warehouse.', resolve: (w) => ({ type: 'Warehouse', id: w.id }) }),
    code: t.exposeString('code', { description: 'The short unique code of the warehouse.' }),
    name: t.exposeString('name', { description: 'The display name of the warehouse.' }),
  }),
});

builder.queryField('activeWarehouses', (t) =>
  t.withShield(authenticated).field({
    type: [WarehouseOptionRef],
    description: 'Every active warehouse, by name. Not warehouse-scoped (the legacy scanner picks from it).',
    resolve: async (_r, _a, ctx) => {
      const rows = await ctx.app.prisma.warehouse.findMany({
        where: { isActive: true },
        orderBy: { warehouseName: 'asc' },
        select: { warehouseId: true, warehouseCode: true, warehouseName: true },
      });
      return rows.map((w) => ({ id: w.warehouseId, code: w.warehouseCode, name: w.warehouseName }));
    },
  }),
);
