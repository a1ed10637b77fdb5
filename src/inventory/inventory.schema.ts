// GraphQL types, queries and mutations of the inventory module: cycle counts, adjustments, moves, transfers.
import { builder } from '../graphql/builder';
import { AdjustmentReviewAction, CycleCountStatus, InventoryAdjustmentReason, InventoryAdjustmentStatus, InventoryAdjustmentType, TransferStatus } from '../graphql/enums';
import { parseInput } from '../graphql/inputs';
import * as inputs from './inventory.inputs';
import * as counts from './counts.service';
import * as adjustments from './adjustments.service';
import * as transfers from './transfers.service';
import * as reports from './reports.service';
import { admin, authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

type Result<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

// ---------------------------------------------------------------------------------------------------
// Cycle counts
// ---------------------------------------------------------------------------------------------------

type CreatedShape = Result<typeof counts.createCounts>;
const InventoryCountCreated = builder.objectRef<CreatedShape['counts'][number]>('InventoryCountCreated').implement({
  description: 'A cycle count opened for one bin, with the number of snapshot lines.',
  fields: (t) => ({
    countId: t.exposeInt('countId', { description: 'The cycle count id.' }),
    binId: t.exposeInt('binId', { description: 'The bin counted.' }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin counted.' }),
    status: t.expose('status', { description: 'The state of the count.', type: CycleCountStatus }),
    lines: t.exposeInt('lines', { description: 'The number of snapshot lines (stock rows of the bin).' }),
    assignedTo: t.exposeString('assignedTo', { description: 'The username the count is assigned to.' }),
  }),
});
const InventoryCountCreation = builder.objectRef<CreatedShape>('InventoryCountCreation').implement({
  description: 'The cycle counts opened by one request, one per bin in the order asked.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A sentence for the screen.' }),
    counts: t.field({ type: [InventoryCountCreated], description: 'The opened counts, one per bin asked.', resolve: (r) => r.counts }),
  }),
});

type DetailShape = NonNullable<Result<typeof counts.getCount>>;
const InventoryCycleCount = builder.objectRef<DetailShape['cycleCount']>('InventoryCycleCount').implement({
  description: 'A cycle count header as a counter sees it.',
  fields: (t) => ({
    countId: t.exposeInt('countId', { description: 'The cycle count id.' }),
    countNodeId: t.globalID({ description: 'Global id of the CycleCount.', resolve: (c) => ({ type: 'CycleCount', id: c.countId }) }),
    binId: t.exposeInt('binId', { description: 'The bin counted.' }),
    binNodeId: t.globalID({ description: 'Global id of the counted Bin.', resolve: (c) => ({ type: 'Bin', id: c.binId }) }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin counted.' }),
    binBarcode: t.exposeString('binBarcode', { description: 'The barcode of the bin counted.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the bin counted.' }),
    status: t.expose('status', { description: 'The state of the count.', type: CycleCountStatus }),
    assignedTo: t.exposeString('assignedTo', { description: 'The username the count is assigned to; null when unassigned.', nullable: true }),
    createdAt: t.expose('createdAt', { description: 'When the count was opened; null when unknown.', type: 'DateTime', nullable: true }),
  }),
});
const InventoryCountLine = builder.objectRef<DetailShape['lines'][number]>('InventoryCountLine').implement({
  description: 'A count sheet line. expectedQuantity and variance are null for counters on a blind count.',
  fields: (t) => ({
    countLineId: t.exposeInt('countLineId', { description: 'The count line id (countLineId of inventoryCountSubmit).' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (l) => ({ type: 'Item', id: l.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
    expectedQuantity: t.exposeInt('expectedQuantity', { description: 'The units in the snapshot; null when hidden (blind count) or not known.', nullable: true }),
    countedQuantity: t.exposeInt('countedQuantity', { description: 'The units counted; null until counted.', nullable: true }),
    variance: t.exposeInt('variance', { description: 'Counted minus expected; null when hidden or not counted.', nullable: true }),
    scanned: t.exposeBoolean('scanned', { description: 'Whether the line has been counted.' }),
    unexpected: t.exposeBoolean('unexpected', { description: 'Whether the item was found in the bin but is not in the snapshot.' }),
  }),
});
const InventoryCountDetail = builder.objectRef<DetailShape>('InventoryCountDetail').implement({
  description: 'A count sheet: the count and its lines.',
  fields: (t) => ({
    cycleCount: t.field({ description: 'The count header.', type: InventoryCycleCount, resolve: (r) => r.cycleCount }),
    showExpected: t.exposeBoolean('showExpected', { description: 'Whether expected quantities are shown to the caller (false on a blind count for counters).' }),
    lines: t.field({ description: 'The lines of the count.', type: [InventoryCountLine], resolve: (r) => r.lines }),
  }),
});

type SubmitShape = Result<typeof counts.submitCount>;
const InventoryCountVariance = builder
  .objectRef<SubmitShape['summary']['adjustments'][number]>('InventoryCountVariance')
  .implement({
    description: 'A counted line that differs from the snapshot, with the pending adjustment it raised.',
    fields: (t) => ({
      sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
      expected: t.exposeInt('expected', { description: 'The units in the snapshot.' }),
      counted: t.exposeInt('counted', { description: 'The units counted.' }),
      variance: t.exposeInt('variance', { description: 'Counted minus expected.' }),
      adjustmentId: t.exposeInt('adjustmentId', { description: 'The pending adjustment raised.' }),
      unexpected: t.exposeBoolean('unexpected', { nullable: true, description: 'true for an item not in the snapshot' }),
    }),
  });
const InventoryCountSummary = builder.objectRef<SubmitShape['summary']>('InventoryCountSummary').implement({
  description: 'The outcome of a submitted count.',
  fields: (t) => ({
    totalLines: t.exposeInt('totalLines', { description: 'The lines submitted.' }),
    linesWithVariance: t.exposeInt('linesWithVariance', { description: 'The lines that differ from the snapshot.' }),
    linesMatched: t.exposeInt('linesMatched', { description: 'The lines that match the snapshot.' }),
    adjustments: t.field({ description: 'The pending adjustments raised, one per line with a variance.', type: [InventoryCountVariance], resolve: (r) => r.adjustments }),
  }),
});
const InventoryCountSubmission = builder.objectRef<SubmitShape>('InventoryCountSubmission').implement({
  description: 'A submitted cycle count: its final status (VARIANCE or COMPLETED) and the pending adjustments it raised.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A sentence for the screen.' }),
    countId: t.exposeInt('countId', { description: 'The submitted count.' }),
    binCode: t.exposeString('binCode', { description: 'Code of the counted bin.' }),
    status: t.expose('status', { type: CycleCountStatus, description: 'VARIANCE when a line differs from the snapshot, else COMPLETED.' }),
    summary: t.field({ type: InventoryCountSummary, description: 'Lines matched and the pending adjustments raised.', resolve: (r) => r.summary }),
  }),
});

type AdminCountShape = Result<typeof counts.listCounts>[number];
const InventoryAdminCountLine = builder.objectRef<AdminCountShape['lines'][number]>('InventoryAdminCountLine').implement({
  description: 'A line of a cycle count as an admin sees it.',
  fields: (t) => ({
    countLineId: t.exposeInt('countLineId', { description: 'The count line id.' }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    expectedQuantity: t.exposeInt('expectedQuantity', { description: 'The units in the snapshot.' }),
    countedQuantity: t.exposeInt('countedQuantity', { description: 'The units counted; null until counted.', nullable: true }),
    unexpected: t.exposeBoolean('unexpected', { description: 'Whether the item was found in the bin but is not in the snapshot.' }),
    variance: t.exposeInt('variance', { description: 'Counted minus expected; null until counted.', nullable: true }),
  }),
});
const InventoryAdminCount = builder.objectRef<AdminCountShape>('InventoryAdminCount').implement({
  description: 'A cycle count with its lines, for review.',
  fields: (t) => ({
    countId: t.exposeInt('countId', { description: 'The cycle count id.' }),
    countNodeId: t.globalID({ description: 'Global id of the CycleCount.', resolve: (c) => ({ type: 'CycleCount', id: c.countId }) }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse of the counted bin.' }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin counted.' }),
    status: t.expose('status', { description: 'The state of the count.', type: CycleCountStatus }),
    assignedTo: t.exposeString('assignedTo', { description: 'The username the count is assigned to; null when unassigned.', nullable: true }),
    createdAt: t.expose('createdAt', { description: 'When the count was opened; null when unknown.', type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { description: 'When the count was submitted; null while open.', type: 'DateTime', nullable: true }),
    lines: t.field({ description: 'The lines of the count.', type: [InventoryAdminCountLine], resolve: (r) => r.lines }),
  }),
});

const InventoryCountCreateInput = builder.inputType('InventoryCountCreateInput', {
  description: 'The bins to count.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'The warehouse of the bins.', required: true }),
    binIds: t.intList({ description: 'The bins to count, one count each (at least one).', required: true }),
  }),
});
const InventoryCountLineInput = builder.inputType('InventoryCountLineInput', {
  description: 'One counted line.',
  fields: (t) => ({
    countLineId: t.int({ description: 'The count line counted; null for an unexpected item.' }),
    countedQuantity: t.int({ description: 'The units counted (0 or more).', required: true }),
    unexpected: t.boolean({ description: 'An item found in the bin that is not in the snapshot (needs itemId).' }),
    itemId: t.int({ description: 'The item of an unexpected line; null otherwise.' }),
    sku: t.string({ description: 'The SKU of an unexpected item, when itemId is not known; null otherwise.' }),
  }),
});
const InventoryCountSubmitInput = builder.inputType('InventoryCountSubmitInput', {
  description: 'The counted quantities of a cycle count.',
  fields: (t) => ({
    countId: t.int({ description: 'The cycle count submitted.', required: true }),
    lines: t.field({ description: 'The counted lines.', type: [InventoryCountLineInput], required: true }),
  }),
});

const InventoryCountCreatePayload = payloadType<CreatedShape>('InventoryCountCreatePayload', {
  description: 'Result of inventoryCountCreate.',
  resultField: 'creation',
  resultType: InventoryCountCreation,
  resultDescription: 'The opened counts; null when userErrors is not empty (then no count was opened).',
});

builder.mutationField('inventoryCountCreate', (t) =>
  t.withShield(can('count')).field({
    type: InventoryCountCreatePayload,
    description: 'Opens one cycle count per bin and snapshots the expected quantities. Every bin is checked first: one unknown bin opens none.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: InventoryCountCreateInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => counts.createCounts(ctx, parseInput(inputs.CycleCountCreateInput, input))),
  }),
);

builder.queryField('inventoryCount', (t) =>
  t.withShield(authenticated).field({
    type: InventoryCountDetail,
    nullable: true,
    description:
      'A count sheet; null when there is no such count in the caller\'s warehouses. Blind counts (count_show_expected = "false") hide expected quantities from counters.',
    args: { countId: t.arg.int({ description: 'The cycle count id.', required: true }) },
    resolve: (_r, { countId }, ctx) => counts.getCount(ctx, countId),
  }),
);

const InventoryCountSubmitPayload = payloadType<SubmitShape>('InventoryCountSubmitPayload', {
  description: 'Result of inventoryCountSubmit.',
  resultField: 'submission',
  resultType: InventoryCountSubmission,
  resultDescription: 'The submitted count; null when userErrors is not empty.',
});

builder.mutationField('inventoryCountSubmit', (t) =>
  t.withShield(can('count')).field({
    type: InventoryCountSubmitPayload,
    description: 'Records counted quantities; every variance becomes a pending adjustment (stock is unchanged).',
    args: { input: t.arg({ description: 'The input of the mutation.', type: InventoryCountSubmitInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => counts.submitCount(ctx, parseInput(inputs.CycleCountSubmitInput, input))),
  }),
);

builder.queryField('inventoryCycleCounts', (t) =>
  t.withShield(admin).field({
    type: [InventoryAdminCount],
    description: 'The latest 200 cycle counts of every warehouse with their lines (admin).',
    deprecationReason: 'Use cycleCounts (paged, filtered, sorted); this capped list keeps the shape of the legacy REST answer.',
    resolve: (_r, _a, ctx) => counts.listCounts(ctx),
  }),
);

// ---------------------------------------------------------------------------------------------------
// Adjustments
// ---------------------------------------------------------------------------------------------------

type AdjustmentShape = adjustments.AdjustmentView;
export const InventoryAdjustment = builder.objectRef<AdjustmentShape>('InventoryAdjustment').implement({
  description: 'A stock adjustment: a change of on-hand units in a bin, pending review or reviewed.',
  fields: (t) => ({
    adjustmentId: t.exposeInt('adjustmentId', { description: 'The adjustment id (adjustmentId of inventoryAdjustmentsReview).' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (a) => ({ type: 'Item', id: a.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    binId: t.exposeInt('binId', { description: 'The bin adjusted.' }),
    binNodeId: t.globalID({ description: 'Global id of the Bin.', resolve: (a) => ({ type: 'Bin', id: a.binId }) }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin adjusted.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the bin adjusted.' }),
    quantityChange: t.exposeInt('quantityChange', { description: 'Signed change of on-hand stock.' }),
    reasonCode: t.expose('reasonCode', { type: InventoryAdjustmentReason, description: 'Why the adjustment was recorded.' }),
    reasonDetail: t.exposeString('reasonDetail', { description: 'Free text on the reason; null when none.', nullable: true }),
    status: t.expose('status', { description: 'The review state of the adjustment.', type: InventoryAdjustmentStatus }),
    adjustedBy: t.exposeString('adjustedBy', { description: 'The username that recorded the adjustment; null when unknown.', nullable: true }),
    adjustedAt: t.expose('adjustedAt', { description: 'When the adjustment was recorded; null when unknown.', type: 'DateTime', nullable: true }),
    cycleCountId: t.exposeInt('cycleCountId', { description: 'The cycle count that raised the adjustment; null for a direct adjustment.', nullable: true }),
    adjustmentType: t.expose('adjustmentType', { type: InventoryAdjustmentType, description: 'Sign of quantityChange.' }),
    quantity: t.exposeInt('quantity', { description: 'Unsigned quantity.' }),
    username: t.exposeString('username', { nullable: true, description: 'Who adjusted, as a username.' }),
  }),
});

type ReviewShape = Result<typeof adjustments.reviewAdjustments>;
const InventoryAdjustmentReview = builder.objectRef<ReviewShape>('InventoryAdjustmentReview').implement({
  description: 'How many pending adjustments a review approved and rejected (missing or already reviewed ones are skipped).',
  fields: (t) => ({
    approved: t.exposeInt('approved', { description: 'Adjustments approved and applied to stock.' }),
    rejected: t.exposeInt('rejected', { description: 'Adjustments rejected (stock unchanged).' }),
  }),
});

type DirectShape = Result<typeof adjustments.directAdjustment>;
const InventoryDirectAdjustment = builder.objectRef<DirectShape>('InventoryDirectAdjustment').implement({
  description: 'A direct adjustment, applied to stock at once (status APPROVED).',
  fields: (t) => ({
    adjustmentId: t.exposeInt('adjustmentId', { description: 'The adjustment id.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    binId: t.exposeInt('binId', { description: 'The bin adjusted.' }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin adjusted.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the bin adjusted.' }),
    adjustmentType: t.expose('adjustmentType', { description: 'Whether units were added or removed.', type: InventoryAdjustmentType }),
    quantityChange: t.exposeInt('quantityChange', { description: 'Signed change of on-hand stock.' }),
    reason: t.exposeString('reason', { description: 'The reason given.' }),
    status: t.expose('status', { description: 'The review state (APPROVED).', type: InventoryAdjustmentStatus }),
    adjustedAt: t.expose('adjustedAt', { description: 'When the adjustment was applied; null when unknown.', type: 'DateTime', nullable: true }),
  }),
});

const InventoryAdjustmentDecisionInput = builder.inputType('InventoryAdjustmentDecisionInput', {
  description: 'A decision on one pending adjustment.',
  fields: (t) => ({
    adjustmentId: t.int({ description: 'The pending adjustment.', required: true }),
    action: t.field({ description: 'Approve or reject.', type: AdjustmentReviewAction, required: true }),
  }),
});
const InventoryAdjustmentReviewInput = builder.inputType('InventoryAdjustmentReviewInput', {
  description: 'Decisions on pending adjustments.',
  fields: (t) => ({ decisions: t.field({ description: 'The decisions, applied all or none.', type: [InventoryAdjustmentDecisionInput], required: true }) }),
});
const InventoryDirectAdjustmentInput = builder.inputType('InventoryDirectAdjustmentInput', {
  description: 'A direct adjustment to apply.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item adjusted.', required: true }),
    binId: t.int({ description: 'The bin adjusted.', required: true }),
    warehouseId: t.int({ description: 'The warehouse of the bin.', required: true }),
    adjustmentType: t.field({ description: 'Whether to add or remove units.', type: InventoryAdjustmentType, required: true }),
    quantity: t.int({ description: 'The units to add or remove (more than 0).', required: true }),
    reason: t.string({ description: 'Why the stock is adjusted.', required: true }),
  }),
});

const InventoryAdjustmentsReviewPayload = payloadType<ReviewShape>('InventoryAdjustmentsReviewPayload', {
  description: 'Result of inventoryAdjustmentsReview.',
  resultField: 'review',
  resultType: InventoryAdjustmentReview,
  resultDescription: 'The counts of approved and rejected adjustments; null when userErrors is not empty (then none was reviewed).',
});

const InventoryAdjustmentDirectPayload = payloadType<DirectShape>('InventoryAdjustmentDirectPayload', {
  description: 'Result of inventoryAdjustmentDirect.',
  resultField: 'adjustment',
  resultType: InventoryDirectAdjustment,
  resultDescription: 'The applied adjustment; null when userErrors is not empty (then stock is unchanged).',
});

builder.mutationField('inventoryAdjustmentsReview', (t) =>
  t.withShield(admin).field({
    type: InventoryAdjustmentsReviewPayload,
    description:
      'Approves (applies the recorded delta to stock) or rejects pending adjustments, all or nothing: a removal that stock ' +
      'moved since the count can no longer cover is a CONFLICT userError and nothing is reviewed.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: InventoryAdjustmentReviewInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => adjustments.reviewAdjustments(ctx, parseInput(inputs.AdjustmentReviewInput, input))),
  }),
);

builder.mutationField('inventoryAdjustmentDirect', (t) =>
  t.withShield(admin).field({
    type: InventoryAdjustmentDirectPayload,
    description: 'Adds or removes stock in a bin at once (auto-approved); only free (unallocated) units can be removed.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: InventoryDirectAdjustmentInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => adjustments.directAdjustment(ctx, parseInput(inputs.DirectAdjustmentInput, input))),
  }),
);

// ---------------------------------------------------------------------------------------------------
// Moves and transfers
// ---------------------------------------------------------------------------------------------------

type MoveShape = Result<typeof transfers.moveStock>;
const InventoryMoveItem = builder.objectRef<MoveShape['item']>('InventoryMoveItem').implement({
  description: 'The item of a move.',
  fields: (t) => ({ sku: t.exposeString('sku', { description: 'The SKU of the item.' }), itemName: t.exposeString('itemName', { description: 'The name of the item.' }) }),
});
const InventoryMoveFromBin = builder.objectRef<MoveShape['fromBin']>('InventoryMoveFromBin').implement({
  description: 'The source bin of a move.',
  fields: (t) => ({ binCode: t.exposeString('binCode', { description: 'The code of the bin.' }), remainingQuantity: t.exposeInt('remainingQuantity', { description: 'The units of the item left in the bin.' }) }),
});
const InventoryMoveToBin = builder.objectRef<MoveShape['toBin']>('InventoryMoveToBin').implement({
  description: 'The destination bin of a move.',
  fields: (t) => ({ binCode: t.exposeString('binCode', { description: 'The code of the bin.' }), newQuantity: t.exposeInt('newQuantity', { description: 'The units of the item in the bin now.' }) }),
});
const InventoryMove = builder.objectRef<MoveShape>('InventoryMove').implement({
  description: 'Stock moved between two bins of one warehouse: what is left in the source and what the destination holds now.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A sentence for the screen.' }),
    transferId: t.exposeInt('transferId', { description: 'The recorded bin transfer.' }),
    item: t.field({ type: InventoryMoveItem, description: 'The moved item.', resolve: (r) => r.item }),
    fromBin: t.field({ type: InventoryMoveFromBin, description: 'The source bin and what is left of the item there.', resolve: (r) => r.fromBin }),
    toBin: t.field({ type: InventoryMoveToBin, description: 'The destination bin and what it holds of the item now.', resolve: (r) => r.toBin }),
    quantityMoved: t.exposeInt('quantityMoved', { description: 'Units moved.' }),
  }),
});

type TransferShape = Result<typeof transfers.listInterWarehouseTransfers>[number];
const InterWarehouseTransfer = builder.objectRef<TransferShape>('InterWarehouseTransfer').implement({
  description: 'A stock transfer between warehouses; warehouses are those of the bins today.',
  fields: (t) => ({
    transferId: t.exposeInt('transferId', { description: 'The transfer id.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    fromBinId: t.exposeInt('fromBinId', { description: 'The source bin.' }),
    fromBinCode: t.exposeString('fromBinCode', { description: 'The code of the source bin.' }),
    fromWarehouseId: t.exposeInt('fromWarehouseId', { description: 'The warehouse of the source bin.' }),
    fromWarehouseName: t.exposeString('fromWarehouseName', { description: 'The name of the source warehouse.' }),
    fromWarehouseCode: t.exposeString('fromWarehouseCode', { description: 'The code of the source warehouse.' }),
    toBinId: t.exposeInt('toBinId', { description: 'The destination bin.' }),
    toBinCode: t.exposeString('toBinCode', { description: 'The code of the destination bin.' }),
    toWarehouseId: t.exposeInt('toWarehouseId', { description: 'The warehouse of the destination bin.' }),
    toWarehouseName: t.exposeString('toWarehouseName', { description: 'The name of the destination warehouse.' }),
    toWarehouseCode: t.exposeString('toWarehouseCode', { description: 'The code of the destination warehouse.' }),
    quantity: t.exposeInt('quantity', { description: 'The units moved.' }),
    reason: t.exposeString('reason', { description: 'The reason given; empty when none.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'The reason, or null when none was given.' }),
    transferredBy: t.exposeString('transferredBy', { description: 'The username that made the transfer; null when unknown.', nullable: true }),
    transferredAt: t.expose('transferredAt', { description: 'When the transfer was made; null when unknown.', type: 'DateTime', nullable: true }),
    status: t.expose('status', { description: 'The state of the transfer.', type: TransferStatus }),
  }),
});

type TransferCreatedShape = Result<typeof transfers.transferBetweenWarehouses>;
const InterWarehouseTransferCreated = builder
  .objectRef<TransferCreatedShape['transfer']>('InterWarehouseTransferCreated')
  .implement({
    description: 'An inter-warehouse transfer just recorded.',
    fields: (t) => ({
      transferId: t.exposeInt('transferId', { description: 'The transfer id.' }),
      itemId: t.exposeInt('itemId', { description: 'The item id.' }),
      sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
      fromBinId: t.exposeInt('fromBinId', { description: 'The source bin.' }),
      fromBinCode: t.exposeString('fromBinCode', { description: 'The code of the source bin.' }),
      fromWarehouseId: t.exposeInt('fromWarehouseId', { description: 'The warehouse of the source bin.' }),
      toBinId: t.exposeInt('toBinId', { description: 'The destination bin.' }),
      toBinCode: t.exposeString('toBinCode', { description: 'The code of the destination bin.' }),
      toWarehouseId: t.exposeInt('toWarehouseId', { description: 'The warehouse of the destination bin.' }),
      quantity: t.exposeInt('quantity', { description: 'The units moved.' }),
      reason: t.exposeString('reason', { description: 'The reason given; empty when none.' }),
      transferredAt: t.expose('transferredAt', { description: 'When the transfer was made; null when unknown.', type: 'DateTime', nullable: true }),
    }),
  });
const InterWarehouseTransferCompletion = builder.objectRef<TransferCreatedShape>('InterWarehouseTransferCompletion').implement({
  description: 'A completed inter-warehouse transfer.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A sentence for the screen.' }),
    transfer: t.field({ type: InterWarehouseTransferCreated, description: 'The recorded transfer.', resolve: (r) => r.transfer }),
  }),
});

const InventoryMoveInput = builder.inputType('InventoryMoveInput', {
  description: 'A move of stock between two bins of one warehouse.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item moved.', required: true }),
    fromBinId: t.int({ description: 'The bin the stock leaves.', required: true }),
    toBinId: t.int({ description: 'The bin the stock goes to, in the same warehouse.', required: true }),
    quantity: t.int({ description: 'The units to move (more than 0, at most the free stock).', required: true }),
    reason: t.string({ description: 'Why the stock moves; null for none.' }),
    lotNumber: t.string({ description: 'The lot to move; null for stock without a lot.' }),
  }),
});
const InterWarehouseTransferInput = builder.inputType('InterWarehouseTransferInput', {
  description: 'A transfer of stock between bins of two warehouses.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item moved.', required: true }),
    fromBinId: t.int({ description: 'The bin the stock leaves.', required: true }),
    fromWarehouseId: t.int({ description: 'The warehouse of the source bin.', required: true }),
    toBinId: t.int({ description: 'The bin the stock goes to.', required: true }),
    toWarehouseId: t.int({ description: 'The warehouse of the destination bin.', required: true }),
    quantity: t.int({ description: 'The units to move (more than 0, at most the free stock).', required: true }),
    reason: t.string({ description: 'Why the stock moves; null for none.' }),
  }),
});

const InventoryMovePayload = payloadType<MoveShape>('InventoryMovePayload', {
  description: 'Result of inventoryMove.',
  resultField: 'move',
  resultType: InventoryMove,
  resultDescription: 'The completed move; null when userErrors is not empty (then no stock moved).',
});

const InventoryInterWarehouseTransferPayload = payloadType<TransferCreatedShape>('InventoryInterWarehouseTransferPayload', {
  description: 'Result of inventoryInterWarehouseTransfer.',
  resultField: 'completion',
  resultType: InterWarehouseTransferCompletion,
  resultDescription: 'The completed transfer; null when userErrors is not empty (then no stock moved).',
});

builder.mutationField('inventoryMove', (t) =>
  t.withShield(can('transfer')).field({
    type: InventoryMovePayload,
    description: 'Moves free stock from one bin to another bin of the same warehouse.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: InventoryMoveInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => transfers.moveStock(ctx, parseInput(inputs.BinMoveInput, input))),
  }),
);

builder.mutationField('inventoryInterWarehouseTransfer', (t) =>
  t.withShield(admin).field({
    type: InventoryInterWarehouseTransferPayload,
    description: 'Moves free stock from a bin of one warehouse to a bin of another (admin).',
    args: { input: t.arg({ description: 'The input of the mutation.', type: InterWarehouseTransferInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => transfers.transferBetweenWarehouses(ctx, parseInput(inputs.InterWarehouseTransferInput, input))),
  }),
);

builder.queryField('inventoryInterWarehouseTransfers', (t) =>
  t.withShield(admin).field({
    type: [InterWarehouseTransfer],
    description: 'The newest inter-warehouse transfers (limit default 50, at most 500; admin).',
    deprecationReason: 'Use stockMoves(filter: { moveType: [INTER_WAREHOUSE] }) (paged, filtered, sorted); this capped list keeps the shape of the legacy REST answer.',
    args: { limit: t.arg.int({ description: 'The number of transfers, 1 to 500; default 50.' }) },
    resolve: (_r, { limit }, ctx) => transfers.listInterWarehouseTransfers(ctx, limit ?? 50),
  }),
);

// ---------------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------------

type ShortPickShape = Result<typeof reports.listShortPicks>;
const InventoryShortPick = builder.objectRef<ShortPickShape['shortPicks'][number]>('InventoryShortPick').implement({
  description: 'A short pick recorded by a picker.',
  fields: (t) => ({
    logId: t.exposeInt('logId', { description: 'The id of the record.' }),
    user: t.exposeString('user', { description: 'The username of the picker; null when unknown.', nullable: true }),
    sku: t.exposeString('sku', { description: 'The SKU of the item; null when unknown.', nullable: true }),
    qtyExpected: t.exposeInt('qtyExpected', { description: 'The units the task asked for; null when unknown.', nullable: true }),
    qtyPicked: t.exposeInt('qtyPicked', { description: 'The units found; null when unknown.', nullable: true }),
    shortage: t.exposeInt('shortage', { description: 'The units missing; null when unknown.', nullable: true }),
    binCode: t.exposeString('binCode', { nullable: true, description: 'Current code of the bin (null if gone).' }),
    batchId: t.exposeString('batchId', { description: 'The batch of the task; null when unknown.', nullable: true }),
    timestamp: t.expose('timestamp', { description: 'When the short pick was recorded.', type: 'DateTime' }),
  }),
});
const InventoryShortPickReport = builder.objectRef<ShortPickShape>('InventoryShortPickReport').implement({
  description: 'Short picks of a period.',
  fields: (t) => ({
    shortPicks: t.field({ description: 'The short picks, newest first (at most 100).', type: [InventoryShortPick], resolve: (r) => r.shortPicks }),
    total: t.exposeInt('total', { description: 'The number of short picks listed.' }),
  }),
});

builder.queryField('inventoryShortPicks', (t) =>
  t.withShield(admin).field({
    type: InventoryShortPickReport,
    description: 'Short picks of the last `days` days (default 30), newest first, at most 100 (admin).',
    args: { days: t.arg.int({ description: 'The period in days back from now; default 30.' }), warehouseId: t.arg.int({ description: 'The warehouse to list; null or 0 for every warehouse.' }) },
    resolve: (_r, a, ctx) =>
      reports.listShortPicks(ctx, a.days ?? 30, a.warehouseId && a.warehouseId > 0 ? a.warehouseId : undefined),
  }),
);
