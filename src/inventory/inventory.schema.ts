// GraphQL types, queries and mutations of the inventory module: cycle counts, adjustments, moves, transfers.
import { builder } from '../graphql/builder';
import { AdjustmentReviewAction, CycleCountStatus, InventoryAdjustmentStatus, InventoryAdjustmentType, TransferStatus } from '../graphql/enums';
import { parsePage } from '../shared/pagination';
import { snakeKeys } from '../shared/case';
import * as counts from './counts.service';
import * as adjustments from './adjustments.service';
import * as transfers from './transfers.service';
import * as reports from './reports.service';
import { admin, authenticated, can } from '../auth/rules';

type Result<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

// ---------------------------------------------------------------------------------------------------
// Cycle counts
// ---------------------------------------------------------------------------------------------------

type CreatedShape = Result<typeof counts.createCounts>;
const InventoryCountCreated = builder.objectRef<CreatedShape['counts'][number]>('InventoryCountCreated').implement({
  description: 'A cycle count opened for one bin, with the number of snapshot lines.',
  fields: (t) => ({
    countId: t.exposeInt('countId'),
    binId: t.exposeInt('binId'),
    binCode: t.exposeString('binCode'),
    status: t.expose('status', { type: CycleCountStatus }),
    lines: t.exposeInt('lines'),
    assignedTo: t.exposeString('assignedTo'),
  }),
});
const InventoryCountCreatePayload = builder.objectRef<CreatedShape>('InventoryCountCreatePayload').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    counts: t.field({ type: [InventoryCountCreated], resolve: (r) => r.counts }),
  }),
});

type DetailShape = NonNullable<Result<typeof counts.getCount>>;
const InventoryCycleCount = builder.objectRef<DetailShape['cycleCount']>('InventoryCycleCount').implement({
  fields: (t) => ({
    countId: t.exposeInt('countId'),
    countNodeId: t.globalID({ description: 'Global id of the CycleCount.', resolve: (c) => ({ type: 'CycleCount', id: c.countId }) }),
    binId: t.exposeInt('binId'),
    binNodeId: t.globalID({ description: 'Global id of the counted Bin.', resolve: (c) => ({ type: 'Bin', id: c.binId }) }),
    binCode: t.exposeString('binCode'),
    binBarcode: t.exposeString('binBarcode'),
    warehouseId: t.exposeInt('warehouseId'),
    status: t.expose('status', { type: CycleCountStatus }),
    assignedTo: t.exposeString('assignedTo', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
  }),
});
const InventoryCountLine = builder.objectRef<DetailShape['lines'][number]>('InventoryCountLine').implement({
  description: 'A count sheet line. expectedQuantity and variance are null for counters on a blind count.',
  fields: (t) => ({
    countLineId: t.exposeInt('countLineId'),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    upc: t.exposeString('upc', { nullable: true }),
    expectedQuantity: t.exposeInt('expectedQuantity', { nullable: true }),
    countedQuantity: t.exposeInt('countedQuantity', { nullable: true }),
    variance: t.exposeInt('variance', { nullable: true }),
    scanned: t.exposeBoolean('scanned'),
    unexpected: t.exposeBoolean('unexpected'),
  }),
});
const InventoryCountDetail = builder.objectRef<DetailShape>('InventoryCountDetail').implement({
  fields: (t) => ({
    cycleCount: t.field({ type: InventoryCycleCount, resolve: (r) => r.cycleCount }),
    showExpected: t.exposeBoolean('showExpected'),
    lines: t.field({ type: [InventoryCountLine], resolve: (r) => r.lines }),
  }),
});

type SubmitShape = Result<typeof counts.submitCount>;
const InventoryCountVariance = builder
  .objectRef<SubmitShape['summary']['adjustments'][number]>('InventoryCountVariance')
  .implement({
    fields: (t) => ({
      sku: t.exposeString('sku'),
      expected: t.exposeInt('expected'),
      counted: t.exposeInt('counted'),
      variance: t.exposeInt('variance'),
      adjustmentId: t.exposeInt('adjustmentId'),
      unexpected: t.exposeBoolean('unexpected', { nullable: true, description: 'true for an item not in the snapshot' }),
    }),
  });
const InventoryCountSummary = builder.objectRef<SubmitShape['summary']>('InventoryCountSummary').implement({
  fields: (t) => ({
    totalLines: t.exposeInt('totalLines'),
    linesWithVariance: t.exposeInt('linesWithVariance'),
    linesMatched: t.exposeInt('linesMatched'),
    adjustments: t.field({ type: [InventoryCountVariance], resolve: (r) => r.adjustments }),
  }),
});
const InventoryCountSubmitPayload = builder.objectRef<SubmitShape>('InventoryCountSubmitPayload').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    countId: t.exposeInt('countId'),
    binCode: t.exposeString('binCode'),
    status: t.expose('status', { type: CycleCountStatus }),
    summary: t.field({ type: InventoryCountSummary, resolve: (r) => r.summary }),
  }),
});

type AdminCountShape = Result<typeof counts.listCounts>[number];
const InventoryAdminCountLine = builder.objectRef<AdminCountShape['lines'][number]>('InventoryAdminCountLine').implement({
  fields: (t) => ({
    countLineId: t.exposeInt('countLineId'),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    expectedQuantity: t.exposeInt('expectedQuantity'),
    countedQuantity: t.exposeInt('countedQuantity', { nullable: true }),
    unexpected: t.exposeBoolean('unexpected'),
    variance: t.exposeInt('variance', { nullable: true }),
  }),
});
const InventoryAdminCount = builder.objectRef<AdminCountShape>('InventoryAdminCount').implement({
  fields: (t) => ({
    countId: t.exposeInt('countId'),
    countNodeId: t.globalID({ description: 'Global id of the CycleCount.', resolve: (c) => ({ type: 'CycleCount', id: c.countId }) }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse of the counted bin.' }),
    binCode: t.exposeString('binCode'),
    status: t.expose('status', { type: CycleCountStatus }),
    assignedTo: t.exposeString('assignedTo', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    lines: t.field({ type: [InventoryAdminCountLine], resolve: (r) => r.lines }),
  }),
});

const InventoryCountCreateInput = builder.inputType('InventoryCountCreateInput', {
  fields: (t) => ({
    warehouseId: t.int({ required: true }),
    binIds: t.intList({ required: true }),
  }),
});
const InventoryCountLineInput = builder.inputType('InventoryCountLineInput', {
  fields: (t) => ({
    countLineId: t.int(),
    countedQuantity: t.int({ required: true }),
    unexpected: t.boolean({ description: 'An item found in the bin that is not in the snapshot (needs itemId).' }),
    itemId: t.int(),
    sku: t.string(),
  }),
});
const InventoryCountSubmitInput = builder.inputType('InventoryCountSubmitInput', {
  fields: (t) => ({
    countId: t.int({ required: true }),
    lines: t.field({ type: [InventoryCountLineInput], required: true }),
  }),
});

builder.mutationField('inventoryCountCreate', (t) =>
  t.withShield(can('count')).field({
    type: InventoryCountCreatePayload,
    description: 'Opens one cycle count per bin and snapshots the expected quantities.',
    args: { input: t.arg({ type: InventoryCountCreateInput, required: true }) },
    resolve: (_r, { input }, ctx) => counts.createCounts(ctx, snakeKeys(input)),
  }),
);

builder.queryField('inventoryCount', (t) =>
  t.withShield(authenticated).field({
    type: InventoryCountDetail,
    nullable: true,
    description:
      'A count sheet; null when there is no such count in the caller\'s warehouses. Blind counts (count_show_expected = "false") hide expected quantities from counters.',
    args: { countId: t.arg.int({ required: true }) },
    resolve: (_r, { countId }, ctx) => counts.getCount(ctx, countId),
  }),
);

builder.mutationField('inventoryCountSubmit', (t) =>
  t.withShield(can('count')).field({
    type: InventoryCountSubmitPayload,
    description: 'Records counted quantities; every variance becomes a pending adjustment (stock is unchanged).',
    args: { input: t.arg({ type: InventoryCountSubmitInput, required: true }) },
    resolve: (_r, { input }, ctx) => counts.submitCount(ctx, snakeKeys(input)),
  }),
);

builder.queryField('inventoryCycleCounts', (t) =>
  t.withShield(admin).field({
    type: [InventoryAdminCount],
    description: 'The latest 200 cycle counts of every warehouse with their lines (admin).',
    resolve: (_r, _a, ctx) => counts.listCounts(ctx),
  }),
);

// ---------------------------------------------------------------------------------------------------
// Adjustments
// ---------------------------------------------------------------------------------------------------

type AdjustmentShape = Result<typeof adjustments.listPendingAdjustments>[number];
const InventoryAdjustment = builder.objectRef<AdjustmentShape>('InventoryAdjustment').implement({
  fields: (t) => ({
    adjustmentId: t.exposeInt('adjustmentId'),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (a) => ({ type: 'Item', id: a.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    binId: t.exposeInt('binId'),
    binNodeId: t.globalID({ description: 'Global id of the Bin.', resolve: (a) => ({ type: 'Bin', id: a.binId }) }),
    binCode: t.exposeString('binCode'),
    warehouseId: t.exposeInt('warehouseId'),
    quantityChange: t.exposeInt('quantityChange', { description: 'Signed change of on-hand stock.' }),
    reasonCode: t.exposeString('reasonCode'),
    reasonDetail: t.exposeString('reasonDetail', { nullable: true }),
    status: t.expose('status', { type: InventoryAdjustmentStatus }),
    adjustedBy: t.exposeString('adjustedBy', { nullable: true }),
    adjustedAt: t.expose('adjustedAt', { type: 'DateTime', nullable: true }),
    cycleCountId: t.exposeInt('cycleCountId', { nullable: true }),
    adjustmentType: t.expose('adjustmentType', { type: InventoryAdjustmentType, description: 'Sign of quantityChange.' }),
    quantity: t.exposeInt('quantity', { description: 'Unsigned quantity.' }),
    username: t.exposeString('username', { nullable: true, description: 'Who adjusted, as a username.' }),
  }),
});

type AdjustmentPageShape = Result<typeof adjustments.listAdjustments>;
const InventoryAdjustmentPage = builder.objectRef<AdjustmentPageShape>('InventoryAdjustmentPage').implement({
  fields: (t) => ({
    adjustments: t.field({ type: [InventoryAdjustment], resolve: (r) => r.adjustments }),
    total: t.exposeInt('total'),
    page: t.exposeInt('page'),
    perPage: t.exposeInt('perPage'),
    pages: t.exposeInt('pages'),
  }),
});

const InventoryReviewPayload = builder.objectRef<{ approved: number; rejected: number }>('InventoryReviewPayload').implement({
  fields: (t) => ({ approved: t.exposeInt('approved'), rejected: t.exposeInt('rejected') }),
});

type DirectShape = Result<typeof adjustments.directAdjustment>;
const InventoryDirectAdjustment = builder.objectRef<DirectShape>('InventoryDirectAdjustment').implement({
  fields: (t) => ({
    adjustmentId: t.exposeInt('adjustmentId'),
    itemId: t.exposeInt('itemId'),
    sku: t.exposeString('sku'),
    binId: t.exposeInt('binId'),
    binCode: t.exposeString('binCode'),
    warehouseId: t.exposeInt('warehouseId'),
    adjustmentType: t.expose('adjustmentType', { type: InventoryAdjustmentType }),
    quantityChange: t.exposeInt('quantityChange'),
    reason: t.exposeString('reason'),
    status: t.expose('status', { type: InventoryAdjustmentStatus }),
    adjustedAt: t.expose('adjustedAt', { type: 'DateTime', nullable: true }),
  }),
});

const InventoryAdjustmentDecisionInput = builder.inputType('InventoryAdjustmentDecisionInput', {
  fields: (t) => ({
    adjustmentId: t.int({ required: true }),
    action: t.field({ type: AdjustmentReviewAction, required: true }),
  }),
});
const InventoryAdjustmentReviewInput = builder.inputType('InventoryAdjustmentReviewInput', {
  fields: (t) => ({ decisions: t.field({ type: [InventoryAdjustmentDecisionInput], required: true }) }),
});
const InventoryDirectAdjustmentInput = builder.inputType('InventoryDirectAdjustmentInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    binId: t.int({ required: true }),
    warehouseId: t.int({ required: true }),
    adjustmentType: t.field({ type: InventoryAdjustmentType, required: true }),
    quantity: t.int({ required: true }),
    reason: t.string({ required: true }),
  }),
});

builder.queryField('inventoryPendingAdjustments', (t) =>
  t.withShield(admin).field({
    type: [InventoryAdjustment],
    description: 'Adjustments waiting for review, by cycle count (admin).',
    resolve: (_r, _a, ctx) => adjustments.listPendingAdjustments(ctx),
  }),
);

builder.queryField('inventoryAdjustments', (t) =>
  t.withShield(admin).field({
    type: InventoryAdjustmentPage,
    description: 'Adjustment history, newest first (admin): the adjustments applied to stock unless `status` asks otherwise.',
    args: {
      warehouseId: t.arg.int(),
      page: t.arg.int(),
      perPage: t.arg.int(),
      status: t.arg.string({ description: 'APPROVED (default: applied to stock), PENDING, REJECTED, or ALL.' }),
    },
    resolve: (_r, a, ctx) =>
      adjustments.listAdjustments(
        ctx,
        parsePage(a.page?.toString(), a.perPage?.toString()),
        a.warehouseId && a.warehouseId > 0 ? a.warehouseId : undefined,
        a.status,
      ),
  }),
);

builder.mutationField('inventoryAdjustmentsReview', (t) =>
  t.withShield(admin).field({
    type: InventoryReviewPayload,
    description: 'Approves (applies the recorded delta to stock) or rejects pending adjustments, all or nothing.',
    args: { input: t.arg({ type: InventoryAdjustmentReviewInput, required: true }) },
    resolve: (_r, { input }, ctx) => adjustments.reviewAdjustments(ctx, snakeKeys(input)),
  }),
);

builder.mutationField('inventoryAdjustmentDirect', (t) =>
  t.withShield(admin).field({
    type: InventoryDirectAdjustment,
    description: 'Adds or removes stock in a bin at once (auto-approved).',
    args: { input: t.arg({ type: InventoryDirectAdjustmentInput, required: true }) },
    resolve: (_r, { input }, ctx) => adjustments.directAdjustment(ctx, snakeKeys(input)),
  }),
);

// ---------------------------------------------------------------------------------------------------
// Moves and transfers
// ---------------------------------------------------------------------------------------------------

type MoveShape = Result<typeof transfers.moveStock>;
const InventoryMoveItem = builder.objectRef<MoveShape['item']>('InventoryMoveItem').implement({
  fields: (t) => ({ sku: t.exposeString('sku'), itemName: t.exposeString('itemName') }),
});
const InventoryMoveFromBin = builder.objectRef<MoveShape['fromBin']>('InventoryMoveFromBin').implement({
  fields: (t) => ({ binCode: t.exposeString('binCode'), remainingQuantity: t.exposeInt('remainingQuantity') }),
});
const InventoryMoveToBin = builder.objectRef<MoveShape['toBin']>('InventoryMoveToBin').implement({
  fields: (t) => ({ binCode: t.exposeString('binCode'), newQuantity: t.exposeInt('newQuantity') }),
});
const InventoryMovePayload = builder.objectRef<MoveShape>('InventoryMovePayload').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    transferId: t.exposeInt('transferId'),
    item: t.field({ type: InventoryMoveItem, resolve: (r) => r.item }),
    fromBin: t.field({ type: InventoryMoveFromBin, resolve: (r) => r.fromBin }),
    toBin: t.field({ type: InventoryMoveToBin, resolve: (r) => r.toBin }),
    quantityMoved: t.exposeInt('quantityMoved'),
  }),
});

type TransferShape = Result<typeof transfers.listInterWarehouseTransfers>[number];
const InterWarehouseTransfer = builder.objectRef<TransferShape>('InterWarehouseTransfer').implement({
  description: 'A stock transfer between warehouses; warehouses are those of the bins today.',
  fields: (t) => ({
    transferId: t.exposeInt('transferId'),
    itemId: t.exposeInt('itemId'),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    fromBinId: t.exposeInt('fromBinId'),
    fromBinCode: t.exposeString('fromBinCode'),
    fromWarehouseId: t.exposeInt('fromWarehouseId'),
    fromWarehouseName: t.exposeString('fromWarehouseName'),
    fromWarehouseCode: t.exposeString('fromWarehouseCode'),
    toBinId: t.exposeInt('toBinId'),
    toBinCode: t.exposeString('toBinCode'),
    toWarehouseId: t.exposeInt('toWarehouseId'),
    toWarehouseName: t.exposeString('toWarehouseName'),
    toWarehouseCode: t.exposeString('toWarehouseCode'),
    quantity: t.exposeInt('quantity'),
    reason: t.exposeString('reason'),
    notes: t.exposeString('notes', { nullable: true, description: 'The reason, or null when none was given.' }),
    transferredBy: t.exposeString('transferredBy', { nullable: true }),
    transferredAt: t.expose('transferredAt', { type: 'DateTime', nullable: true }),
    status: t.expose('status', { type: TransferStatus }),
  }),
});

type TransferCreatedShape = Result<typeof transfers.transferBetweenWarehouses>;
const InterWarehouseTransferCreated = builder
  .objectRef<TransferCreatedShape['transfer']>('InterWarehouseTransferCreated')
  .implement({
    fields: (t) => ({
      transferId: t.exposeInt('transferId'),
      itemId: t.exposeInt('itemId'),
      sku: t.exposeString('sku'),
      fromBinId: t.exposeInt('fromBinId'),
      fromBinCode: t.exposeString('fromBinCode'),
      fromWarehouseId: t.exposeInt('fromWarehouseId'),
      toBinId: t.exposeInt('toBinId'),
      toBinCode: t.exposeString('toBinCode'),
      toWarehouseId: t.exposeInt('toWarehouseId'),
      quantity: t.exposeInt('quantity'),
      reason: t.exposeString('reason'),
      transferredAt: t.expose('transferredAt', { type: 'DateTime', nullable: true }),
    }),
  });
const InterWarehouseTransferPayload = builder.objectRef<TransferCreatedShape>('InterWarehouseTransferPayload').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    transfer: t.field({ type: InterWarehouseTransferCreated, resolve: (r) => r.transfer }),
  }),
});

const InventoryMoveInput = builder.inputType('InventoryMoveInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    fromBinId: t.int({ required: true }),
    toBinId: t.int({ required: true }),
    quantity: t.int({ required: true }),
    reason: t.string(),
    lotNumber: t.string(),
  }),
});
const InterWarehouseTransferInput = builder.inputType('InterWarehouseTransferInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    fromBinId: t.int({ required: true }),
    fromWarehouseId: t.int({ required: true }),
    toBinId: t.int({ required: true }),
    toWarehouseId: t.int({ required: true }),
    quantity: t.int({ required: true }),
    reason: t.string(),
  }),
});

builder.mutationField('inventoryMove', (t) =>
  t.withShield(can('transfer')).field({
    type: InventoryMovePayload,
    description: 'Moves free stock from one bin to another bin of the same warehouse.',
    args: { input: t.arg({ type: InventoryMoveInput, required: true }) },
    resolve: (_r, { input }, ctx) => transfers.moveStock(ctx, snakeKeys(input)),
  }),
);

builder.mutationField('inventoryInterWarehouseTransfer', (t) =>
  t.withShield(admin).field({
    type: InterWarehouseTransferPayload,
    description: 'Moves stock from a bin of one warehouse to a bin of another (admin).',
    args: { input: t.arg({ type: InterWarehouseTransferInput, required: true }) },
    resolve: (_r, { input }, ctx) => transfers.transferBetweenWarehouses(ctx, snakeKeys(input)),
  }),
);

builder.queryField('inventoryInterWarehouseTransfers', (t) =>
  t.withShield(admin).field({
    type: [InterWarehouseTransfer],
    description: 'The newest inter-warehouse transfers (limit default 50, at most 500; admin).',
    args: { limit: t.arg.int() },
    resolve: (_r, { limit }, ctx) => transfers.listInterWarehouseTransfers(ctx, limit ?? 50),
  }),
);

// ---------------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------------

type ShortPickShape = Result<typeof reports.listShortPicks>;
const InventoryShortPick = builder.objectRef<ShortPickShape['shortPicks'][number]>('InventoryShortPick').implement({
  fields: (t) => ({
    logId: t.exposeInt('logId'),
    user: t.exposeString('user', { nullable: true }),
    sku: t.exposeString('sku', { nullable: true }),
    qtyExpected: t.exposeInt('qtyExpected', { nullable: true }),
    qtyPicked: t.exposeInt('qtyPicked', { nullable: true }),
    shortage: t.exposeInt('shortage', { nullable: true }),
    binCode: t.exposeString('binCode', { nullable: true, description: 'Current code of the bin (null if gone).' }),
    batchId: t.exposeString('batchId', { nullable: true }),
    timestamp: t.expose('timestamp', { type: 'DateTime' }),
  }),
});
const InventoryShortPickReport = builder.objectRef<ShortPickShape>('InventoryShortPickReport').implement({
  fields: (t) => ({
    shortPicks: t.field({ type: [InventoryShortPick], resolve: (r) => r.shortPicks }),
    total: t.exposeInt('total'),
  }),
});

builder.queryField('inventoryShortPicks', (t) =>
  t.withShield(admin).field({
    type: InventoryShortPickReport,
    description: 'Short picks of the last `days` days (default 30), newest first, at most 100 (admin).',
    args: { days: t.arg.int(), warehouseId: t.arg.int() },
    resolve: (_r, a, ctx) =>
      reports.listShortPicks(ctx, a.days ?? 30, a.warehouseId && a.warehouseId > 0 ? a.warehouseId : undefined),
  }),
);
