import {
  AdjustmentReviewInput,
  BinMoveInput,
  CycleCountCreateInput,
  CycleCountSubmitInput,
  DirectAdjustmentInput,
  InterWarehouseTransferInput,
} from '../../src/inventory/inventory.inputs';
import { intFilter } from '../pagination';
import { legacyInput } from '../legacy-input';
import { defineRoutes, existsElsewhere, notFoundAnswer, pathInt, queryInt, type RestRequest } from '../route';
import { InventoryAdjustmentStatus, isValueOf } from '../../src/graphql/enums';


/**
 * The `status` of the adjustment history (any case): absent, the adjustments applied to stock (the panel never
 * sends one); ALL (null: no condition), every status; a status outside the set matches nothing (legacy exact match).
 */
function adjustmentStatuses(req: RestRequest): string[] | null {
  const s = (req.query.get('status') || 'APPROVED').toUpperCase();
  if (s === 'ALL') return null;
  return isValueOf(InventoryAdjustmentStatus, s) ? [s] : [];
}

/** `unexpected` is only present on the summary entries of unexpected items. */
const dropNullUnexpected = (entries: Array<Record<string, unknown>>) =>
  entries.map(({ unexpected, ...rest }) => (unexpected === null ? rest : { ...rest, unexpected }));

export const routes = defineRoutes([
  {
    method: 'POST', path: '/api/inventory/cycle-count/create', auth: 'user',
    operation: 'InventoryCountCreate', input: legacyInput(CycleCountCreateInput),
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
    operation: 'InventoryCountSubmit', input: legacyInput(CycleCountSubmitInput, { models: { lines: 'CycleCountLineEntry' } }),
    result: (d) => {
      const r = d.inventoryCountSubmit;
      return { ...r, summary: { ...r.summary, adjustments: dropNullUnexpected(r.summary.adjustments) } };
    },
  },
  { method: 'POST', path: '/api/transfers/move', auth: 'user', operation: 'InventoryMove', input: legacyInput(BinMoveInput) },
  { method: 'GET', path: '/api/admin/cycle-counts', auth: 'admin', operation: 'InventoryCycleCounts', result: (d) => ({ cycle_counts: d.inventoryCycleCounts }) },
  {
    // every pending adjustment: the legacy list is not paginated
    method: 'GET', path: '/api/admin/adjustments/pending', auth: 'admin', operation: 'InventoryPendingAdjustments',
    page: { rows: 'adjustments', all: true },
    result: (d) => ({ adjustments: d.inventoryAdjustments }),
  },
  {
    method: 'POST', path: '/api/admin/adjustments/review', auth: 'admin',
    operation: 'InventoryAdjustmentsReview', input: legacyInput(AdjustmentReviewInput, { models: { decisions: 'AdjustmentDecision' }, enums: { 'decisions.action': { min: 1 } } }),
  },
  {
    method: 'POST', path: '/api/admin/adjustments/direct', auth: 'admin',
    operation: 'InventoryAdjustmentDirect', input: legacyInput(DirectAdjustmentInput, { enums: { adjustmentType: { min: 1, max: 10, caseInsensitive: true } } }), status: 201,
  },
  {
    method: 'GET', path: '/api/admin/adjustments/list', auth: 'admin', operation: 'InventoryAdjustments',
    page: { rows: 'adjustments' },
    variables: (req) => ({ filter: { warehouseId: intFilter(req.query.get('warehouse_id')) ?? null, status: adjustmentStatuses(req) } }),
  },
  {
    method: 'POST', path: '/api/admin/inter-warehouse-transfer', auth: 'admin',
    operation: 'InventoryInterWarehouseTransfer', input: legacyInput(InterWarehouseTransferInput, {
      // the legacy admin panel sends source_* / destination_*; the documented from_* / to_* win when present
      aliases: { fromBinId: ['source_bin_id'], fromWarehouseId: ['source_warehouse_id'], toBinId: ['destination_bin_id'], toWarehouseId: ['destination_warehouse_id'] },
    }), status: 201,
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
