// Dashboard list of pick batches and waves (issue #16), in the house list style of src/graphql/lists.ts.
import { builder } from '../graphql/builder';
import { PickBatchStatus } from '../graphql/enums';
import { dateRange, defineList, sortInput, warehouseScope } from '../graphql/lists';
import type { CurrentUser } from '../context';

// defined once with the other closed sets (src/graphql/enums.ts)
export { PickBatchStatus };

export const PickBatchKind = builder.enumType('PickBatchKind', {
  description: 'How the batch was built.',
  values: {
    BATCH: { value: 'BATCH', description: 'A batch: one tote per order, tasks per order line.' },
    WAVE: { value: 'WAVE', description: 'A wave: tasks merged per item and bin across its orders.' },
  } as const,
});

const kindOf = (batchNumber: string) => (batchNumber.startsWith('WAVE-') ? 'WAVE' : 'BATCH');

const PickingBatch = builder.prismaNode('PickBatch', {
  name: 'PickingBatch',
  id: { field: 'batchId' },
  description: 'A pick batch or wave of one warehouse, as a dashboard lists it.',
  fields: (t) => ({
    batchId: t.exposeInt('batchId', { description: 'Integer id (the REST `batch_id`).' }),
    batchNumber: t.exposeString('batchNumber', { description: 'BATCH-YYYYMMDD-HHMMSS or WAVE-YYYYMMDD-HHMMSS (UTC), with -N when several start in one second.' }),
    kind: t.field({ type: PickBatchKind, description: 'Batch or wave.', resolve: (b) => kindOf(b.batchNumber) }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse the batch picks in.' }),
    status: t.field({ type: PickBatchStatus, description: 'Where the batch stands.', resolve: (b) => b.status as any }),
    assignedTo: t.exposeString('assignedTo', { nullable: true, description: 'Username of the picker who created it.' }),
    totalOrders: t.exposeInt('totalOrders', { description: 'Sales orders in the batch.' }),
    totalItems: t.exposeInt('totalItems', { description: 'Units to pick over all its tasks.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was created (ISO-8601 UTC).', resolve: (b) => b.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'When picking started (ISO-8601 UTC), if recorded.', resolve: (b) => b.startedAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was completed (ISO-8601 UTC).', resolve: (b) => b.completedAt }),
  }),
});

const PickBatchFilter = builder.inputType('PickBatchFilter', {
  description: 'Conditions on pick batches; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'One warehouse (one the caller may not see lists nothing).' }),
    status: t.field({ type: [PickBatchStatus], description: 'Any of these statuses.' }),
    kind: t.field({ type: PickBatchKind, description: 'Only batches or only waves.' }),
    assignedTo: t.string({ description: 'Exact username of the picker.' }),
    createdFrom: t.field({ type: 'DateTime', description: 'Created at or after this instant.' }),
    createdTo: t.field({ type: 'DateTime', description: 'Created before this instant.' }),
  }),
});

const PickBatchSortField = builder.enumType('PickBatchSortField', {
  description: 'Columns pick batches can be ordered by.',
  values: {
    BATCH_ID: { value: 'batchId', description: 'Integer id (creation order).' },
    CREATED_AT: { value: 'createdAt', description: 'Creation time.' },
    COMPLETED_AT: { value: 'completedAt', description: 'Completion time (open batches have none).' },
    STATUS: { value: 'status', description: 'Status name, alphabetically.' },
    TOTAL_ITEMS: { value: 'totalItems', description: 'Units to pick.' },
  } as const,
});

/** What the `PickBatchFilter` input arrives as. */
type PickBatchFilterShape = typeof PickBatchFilter.$inferInput;

export function pickBatchWhere(f: PickBatchFilterShape, user: CurrentUser) {
  return {
    warehouseId: warehouseScope(user, f.warehouseId),
    ...(f.status ? { status: { in: f.status } } : {}),
    ...(f.kind ? { batchNumber: { startsWith: `${f.kind}-` } } : {}),
    ...(f.assignedTo != null ? { assignedTo: f.assignedTo } : {}),
    createdAt: dateRange(f.createdFrom, f.createdTo),
  };
}

defineList<PickBatchFilterShape>({
  field: 'pickBatches',
  description: 'Pick batches and waves, newest first.',
  node: PickingBatch,
  nodeTypeName: 'PickingBatch',
  idField: 'batchId',
  connectionName: 'PickingBatchConnection',
  filter: PickBatchFilter,
  sortBy: sortInput('PickBatchSort', PickBatchSortField, 'pick batches'),
  defaultSort: { field: 'batchId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.pickBatch,
  where: pickBatchWhere,
});
