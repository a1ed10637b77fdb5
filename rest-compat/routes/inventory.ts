import {
  AdjustmentReviewInput,
  BinMoveInput,
  CycleCountCreateInput,
  CycleCountSubmitInput,
  DirectAdjustmentInput,
  InterWarehouseTransferInput,
} from '../../src/inventory/inventory.inputs';
import { intFilter } from '../../src/shared/pagination';
import { defineRoutes, existsElsewhere, notFoundAnswer, pathInt, queryInt } from '../route';


/** `unexpected` is only present on the summary entries of unexpected items. */
const dropNullUnexpected = (entries: Array<Record<string, unknown>>) =>
  entries.map(({ unexpected, ...rest }) => (unexpected === null ? rest : { ...rest, unexpected }));

export const routes = defineRoutes([
  {
    method: 'POST', path: '/api/inventory/cycle-count/create', auth: 'user',
    operation: 'InventoryCountCreate', input: CycleCountCreateInput,
  },
  {
    method: 'GET', path: '/api/inventory/cycle-count/:count_id#', auth: 'user', operation: 'InventoryCount',
    // An id beyond int32 cannot exist: ask for 0 (404 "Cycle count not found").
    variables: (req) => ({ countId: pathInt(req, 'count_id') }),
    // a count of another warehouse: 403 (legacy)
    missing: existsElsewhere(
      (req, prisma) => prisma.cycleCount.findUnique({ where: { countId: pathInt(req, 'count_id') }, select: { countId: true } }),
      notFoundAnswer('Cycle count not found'),
    ),
  },
  {
    method: 'POST', path: '/api/inventory/cycle-count/submit', auth: 'user',
    operation: 'InventoryCountSubmit', input: CycleCountSubmitInput,
    result: (d) => {
      const r = d.inventoryCountSubmit;
      return { ...r, summary: { ...r.summary, adjustments: dropNullUnexpected(r.summary.adjustments) } };
    },
  },
  { method: 'POST', path: '/api/transfers/move', auth: 'user', operation: 'InventoryMove', input: BinMoveInput },
  { method: 'GET', path: '/api/admin/cycle-counts', auth: 'admin', operation: 'InventoryCycleCounts', result: (d) => ({ cycle_counts: d.inventoryCycleCounts }) },
  {
    method: 'GET', path: '/api/admin/adjustments/pending', auth: 'admin', operation: 'InventoryPendingAdjustments',
    result: (d) => ({ adjustments: d.inventoryPendingAdjustments }),
  },
  {
    method: 'POST', path: '/api/admin/adjustments/review', auth: 'admin',
    operation: 'InventoryAdjustmentsReview', input: AdjustmentReviewInput,
  },
  {
    method: 'POST', path: '/api/admin/adjustments/direct', auth: 'admin',
    operation: 'InventoryAdjustmentDirect', input: DirectAdjustmentInput, status: 201,
  },
  {
    method: 'GET', path: '/api/admin/adjustments/list', auth: 'admin', operation: 'InventoryAdjustments',
    variables: (req) => ({
      warehouseId: intFilter(req.query.get('warehouse_id')) ?? null,
      page: queryInt(req, 'page') ?? 1,
      perPage: queryInt(req, 'per_page') ?? 50,
      // applied adjustments unless the caller asks for a status (the panel never does)
      status: req.query.get('status') || null,
    }),
  },
  {
    method: 'POST', path: '/api/admin/inter-warehouse-transfer', auth: 'admin',
    operation: 'InventoryInterWarehouseTransfer', input: InterWarehouseTransferInput, status: 201,
    result: (d) => ({ message: d.inventoryInterWarehouseTransfer.message, ...d.inventoryInterWarehouseTransfer.transfer }),
  },
  {
    method: 'GET', path: '/api/admin/inter-warehouse-transfers', auth: 'admin', operation: 'InventoryInterWarehouseTransfers',
    variables: (req) => ({ limit: queryInt(req, 'limit') ?? 50 }),
    result: (d) => ({ transfers: d.inventoryInterWarehouseTransfers }),
  },
  {
    method: 'GET', path: '/api/admin/short-picks', auth: 'admin', operation: 'InventoryShortPicks',
    variables: (req) => ({
      days: queryInt(req, 'days') ?? 30,
      warehouseId: intFilter(req.query.get('warehouse_id')) ?? null,
    }),
  },
]);
