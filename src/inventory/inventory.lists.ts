// Lists of stock moves, cycle counts and adjustments (issue #16), in the house list style of src/graphql/lists.ts.
import { builder } from '../graphql/builder';
import { CycleCountStatus, InventoryAdjustmentStatus } from '../graphql/enums';
import { admin } from '../auth/rules';
import * as adjustments from './adjustments.service';
import { InventoryAdjustment } from './inventory.schema';
import { dateRange, defineList, sortInput, warehouseScope } from '../graphql/lists';
import type { CurrentUser } from '../context';

// ---------------------------------------------------------------------------------------------------
// Stock moves (bin transfers)
// ---------------------------------------------------------------------------------------------------

export const StockMoveType = builder.enumType('StockMoveType', {
  description: 'Why stock moved between bins.',
  values: {
    PUTAWAY: { value: 'PUTAWAY', description: 'Put away from a receiving bin to a storage bin.' },
    MOVE: { value: 'MOVE', description: 'Moved between two bins of one warehouse.' },
    INTER_WAREHOUSE: { value: 'INTER_WAREHOUSE', description: 'Sent to a bin of another warehouse (listed under the sending warehouse).' },
  } as const,
});

const StockMove = builder.prismaNode('BinTransfer', {
  name: 'StockMove',
  id: { field: 'transferId' },
  description: 'Units of one item moved from one bin to another (the legacy bin transfer).',
  fields: (t) => ({
    transferId: t.exposeInt('transferId', { description: 'Integer id (the REST `transfer_id`).' }),
    moveType: t.field({ type: StockMoveType, description: 'Why the stock moved.', resolve: (m) => m.transferType as any }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse the stock left.' }),
    itemId: t.exposeInt('itemId', { description: 'Item moved.' }),
    sku: t.string({ description: 'SKU of the item.', select: { item: { select: { sku: true } } }, resolve: (m) => m.item.sku }),
    quantity: t.exposeInt('quantity', { description: 'Units moved.' }),
    fromBinId: t.exposeInt('fromBinId', { description: 'Bin the units left.' }),
    fromBinCode: t.string({ description: 'Code of that bin.', select: { fromBin: { select: { binCode: true } } }, resolve: (m) => m.fromBin.binCode }),
    toBinId: t.exposeInt('toBinId', { description: 'Bin the units went to.' }),
    toBinCode: t.string({ description: 'Code of that bin.', select: { toBin: { select: { binCode: true } } }, resolve: (m) => m.toBin.binCode }),
    toWarehouseId: t.int({
      description: 'Warehouse the stock went to (another one for an INTER_WAREHOUSE move).',
      select: { toBin: { select: { warehouseId: true } } },
      resolve: (m) => m.toBin.warehouseId,
    }),
    lotNumber: t.exposeString('lotNumber', { nullable: true, description: 'Lot moved, when lot-tracked.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Reason entered by the mover.' }),
    transferredBy: t.exposeString('transferredBy', { nullable: true, description: 'Username of the mover.' }),
    transferredAt: t.field({ type: 'DateTime', nullable: true, description: 'When it moved (ISO-8601 UTC).', resolve: (m) => m.transferredAt }),
  }),
});

const StockMoveFilter = builder.inputType('StockMoveFilter', {
  description: 'Conditions on stock moves; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'One warehouse (one the caller may not see lists nothing).' }),
    itemId: t.int({ description: 'One item.' }),
    binId: t.int({ description: 'Moves out of or into this bin.' }),
    moveType: t.field({ type: [StockMoveType], description: 'Any of these kinds of move.' }),
    movedFrom: t.field({ type: 'DateTime', description: 'Moved at or after this instant.' }),
    movedTo: t.field({ type: 'DateTime', description: 'Moved before this instant.' }),
  }),
});

const StockMoveSortField = builder.enumType('StockMoveSortField', {
  description: 'Columns stock moves can be ordered by.',
  values: {
    TRANSFER_ID: { value: 'transferId', description: 'Integer id (order of the moves).' },
    TRANSFERRED_AT: { value: 'transferredAt', description: 'Time of the move.' },
    QUANTITY: { value: 'quantity', description: 'Units moved.' },
  } as const,
});

/** What the `StockMoveFilter` input arrives as. */
type StockMoveFilterShape = typeof StockMoveFilter.$inferInput;

export function stockMoveWhere(f: StockMoveFilterShape, user: CurrentUser) {
  return {
    warehouseId: warehouseScope(user, f.warehouseId),
    ...(f.itemId != null ? { itemId: f.itemId } : {}),
    ...(f.binId != null ? { OR: [{ fromBinId: f.binId }, { toBinId: f.binId }] } : {}),
    ...(f.moveType ? { transferType: { in: f.moveType } } : {}),
    transferredAt: dateRange(f.movedFrom, f.movedTo),
  };
}

defineList<StockMoveFilterShape>({
  field: 'stockMoves',
  description: 'Stock moves (put-aways, bin moves, inter-warehouse transfers), newest first.',
  node: StockMove,
  nodeTypeName: 'StockMove',
  idField: 'transferId',
  connectionName: 'StockMoveConnection',
  filter: StockMoveFilter,
  sortBy: sortInput('StockMoveSort', StockMoveSortField, 'stock moves'),
  defaultSort: { field: 'transferId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.binTransfer,
  where: stockMoveWhere,
});

// ---------------------------------------------------------------------------------------------------
// Cycle counts
// ---------------------------------------------------------------------------------------------------

// defined once with the other closed sets (src/graphql/enums.ts)
export { CycleCountStatus };

// Header only: expected quantities stay out of lists (blind counts).
const CycleCount = builder.prismaNode('CycleCount', {
  name: 'CycleCount',
  id: { field: 'countId' },
  description: 'A cycle count of one bin (its lines are read with inventoryCount).',
  fields: (t) => ({
    countId: t.exposeInt('countId', { description: 'Integer id (the REST `count_id`).' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse of the bin.' }),
    binId: t.exposeInt('binId', { description: 'Bin counted.' }),
    binCode: t.string({ description: 'Code of that bin.', select: { bin: { select: { binCode: true } } }, resolve: (c) => c.bin.binCode }),
    status: t.field({ type: CycleCountStatus, description: 'Where the count stands.', resolve: (c) => c.status as any }),
    assignedTo: t.exposeString('assignedTo', { nullable: true, description: 'Username of the counter it was created for.' }),
    lineCount: t.relationCount('lines', { description: 'Items on the count sheet.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was created (ISO-8601 UTC).', resolve: (c) => c.createdAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the count was submitted (ISO-8601 UTC).', resolve: (c) => c.completedAt }),
  }),
});

const CycleCountFilter = builder.inputType('CycleCountFilter', {
  description: 'Conditions on cycle counts; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'One warehouse (one the caller may not see lists nothing).' }),
    binId: t.int({ description: 'One bin.' }),
    status: t.field({ type: [CycleCountStatus], description: 'Any of these statuses.' }),
    assignedTo: t.string({ description: 'Exact username of the counter.' }),
    createdFrom: t.field({ type: 'DateTime', description: 'Created at or after this instant.' }),
    createdTo: t.field({ type: 'DateTime', description: 'Created before this instant.' }),
  }),
});

const CycleCountSortField = builder.enumType('CycleCountSortField', {
  description: 'Columns cycle counts can be ordered by.',
  values: {
    COUNT_ID: { value: 'countId', description: 'Integer id (creation order).' },
    CREATED_AT: { value: 'createdAt', description: 'Creation time.' },
    COMPLETED_AT: { value: 'completedAt', description: 'Submission time (open counts have none).' },
    STATUS: { value: 'status', description: 'Status name, alphabetically.' },
  } as const,
});

/** What the `CycleCountFilter` input arrives as. */
type CycleCountFilterShape = typeof CycleCountFilter.$inferInput;

export function cycleCountWhere(f: CycleCountFilterShape, user: CurrentUser) {
  return {
    warehouseId: warehouseScope(user, f.warehouseId),
    ...(f.binId != null ? { binId: f.binId } : {}),
    ...(f.status ? { status: { in: f.status } } : {}),
    ...(f.assignedTo != null ? { assignedTo: f.assignedTo } : {}),
    createdAt: dateRange(f.createdFrom, f.createdTo),
  };
}

defineList<CycleCountFilterShape>({
  field: 'cycleCounts',
  description: 'Cycle counts, newest first.',
  node: CycleCount,
  nodeTypeName: 'CycleCount',
  idField: 'countId',
  connectionName: 'CycleCountConnection',
  filter: CycleCountFilter,
  sortBy: sortInput('CycleCountSort', CycleCountSortField, 'cycle counts'),
  defaultSort: { field: 'countId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.cycleCount,
  where: cycleCountWhere,
});

// ---------------------------------------------------------------------------------------------------
// Inventory adjustments
// ---------------------------------------------------------------------------------------------------

const InventoryAdjustmentFilter = builder.inputType('InventoryAdjustmentFilter', {
  description: 'Conditions on inventory adjustments; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'One warehouse (0 or absent: every warehouse).' }),
    status: t.field({
      type: [InventoryAdjustmentStatus],
      defaultValue: ['APPROVED'],
      description:
        'Any of these review states. Default APPROVED (applied to stock), so a screen without a status column never shows a pending or rejected change as if it happened; PENDING lists the review queue.',
    }),
    cycleCountId: t.int({ description: 'Adjustments raised by this cycle count.' }),
  }),
});

const InventoryAdjustmentSortField = builder.enumType('InventoryAdjustmentSortField', {
  description: 'Columns inventory adjustments can be ordered by.',
  values: {
    ADJUSTMENT_ID: { value: 'adjustmentId', description: 'Integer id (order of recording).' },
    ADJUSTED_AT: { value: 'adjustedAt', description: 'Time of recording (the history order, newest first).' },
    CYCLE_COUNT_ID: { value: 'cycleCountId', description: 'The cycle count that raised it (the review queue order, ASC; direct adjustments last).' },
  } as const,
});

defineList<adjustments.AdjustmentFilter>({
  field: 'inventoryAdjustments',
  description: 'Stock adjustments (the review queue and the history), newest first.',
  notes: 'ADMIN only.',
  rule: admin,
  node: InventoryAdjustment,
  nodeTypeName: 'InventoryAdjustment',
  idField: 'adjustmentId',
  connectionName: 'InventoryAdjustmentConnection',
  filter: InventoryAdjustmentFilter,
  sortBy: sortInput('InventoryAdjustmentSort', InventoryAdjustmentSortField, 'inventory adjustments'),
  defaultSort: { field: 'adjustedAt', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.inventoryAdjustment,
  where: (f) => adjustments.adjustmentWhere(f),
  rows: { query: adjustments.ADJUSTMENT_ROW, map: (rows, ctx) => adjustments.adjustmentViews(ctx, rows) },
});
