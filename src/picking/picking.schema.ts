// GraphQL types, queries and mutations of the picking module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { PickBatchStatus, PickTaskStatus, SalesOrderStatus } from '../graphql/enums';
import { snakeKeys } from '../shared/case';
import * as picking from './picking.service';
import type { BatchOrderView, ContributingOrder, PickBatchView, PickNextTaskView, PickTaskView } from './picking.views';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos' object field builder of several object types (no nameable common type)
const taskFields = (t: any) => ({
  pickTaskId: t.exposeInt('pickTaskId'),
  salesOrderNodeId: t.globalID({
    description: 'Global id of the SalesOrder of the task (wave tasks: the first contributing order).',
    resolve: (v: PickTaskView) => ({ type: 'SalesOrder', id: v.soId }),
  }),
  binNodeId: t.globalID({ description: 'Global id of the Bin to pick from.', resolve: (v: PickTaskView) => ({ type: 'Bin', id: v.binId }) }),
  itemNodeId: t.globalID({ description: 'Global id of the Item to pick.', resolve: (v: PickTaskView) => ({ type: 'Item', id: v.itemId }) }),
  pickSequence: t.exposeInt('pickSequence'),
  quantityToPick: t.exposeInt('quantityToPick'),
  quantityPicked: t.exposeInt('quantityPicked'),
  toteNumber: t.exposeString('toteNumber', { nullable: true }),
  status: t.expose('status', { type: PickTaskStatus }),
  binCode: t.exposeString('binCode'),
  binBarcode: t.exposeString('binBarcode'),
  rowNum: t.exposeString('rowNum', { nullable: true }),
  levelNum: t.exposeString('levelNum', { nullable: true }),
  aisle: t.exposeString('aisle', { nullable: true }),
  zone: t.exposeString('zone', { nullable: true }),
  zoneName: t.exposeString('zoneName', { nullable: true, description: 'Same as zone (the scanner reads zone_name).' }),
  sku: t.exposeString('sku'),
  itemName: t.exposeString('itemName'),
  upc: t.exposeString('upc', { nullable: true }),
  soNumber: t.exposeString('soNumber', { description: 'The order of the task (wave tasks: the first contributing order).' }),
});

const PickTask = builder.objectRef<PickTaskView>('PickTask').implement({
  description: 'One stop on the pick path: take quantityToPick of an item from a bin.',
  fields: (t) => taskFields(t),
});

const PickContributingOrder = builder.objectRef<ContributingOrder>('PickContributingOrder').implement({
  fields: (t) => ({
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (o) => ({ type: 'SalesOrder', id: o.soId }) }),
    soNumber: t.exposeString('soNumber'),
    quantity: t.exposeInt('quantity'),
  }),
});

export const PickNextTask = builder.objectRef<PickNextTaskView>('PickNextTask').implement({
  description: 'The next PENDING task of a batch with the orders it serves (waves) and the walk progress.',
  fields: (t) => ({
    ...taskFields(t),
    contributingOrders: t.field({ type: [PickContributingOrder], resolve: (r) => r.contributingOrders }),
    pickNumber: t.exposeInt('pickNumber'),
    totalPicks: t.exposeInt('totalPicks'),
    totalOrders: t.exposeInt('totalOrders'),
  }),
});

const PickBatchOrder = builder.objectRef<BatchOrderView>('PickBatchOrder').implement({
  fields: (t) => ({
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (o) => ({ type: 'SalesOrder', id: o.soId }) }),
    soNumber: t.exposeString('soNumber'),
    toteNumber: t.exposeString('toteNumber', { nullable: true }),
  }),
});

const PickBatch = builder.objectRef<PickBatchView>('PickBatch').implement({
  fields: (t) => ({
    batchId: t.exposeInt('batchId'),
    batchNodeId: t.globalID({ description: 'Global id of the batch (a PickingBatch).', resolve: (b) => ({ type: 'PickingBatch', id: b.batchId }) }),
    warehouseId: t.exposeInt('warehouseId'),
    batchNumber: t.exposeString('batchNumber'),
    status: t.expose('status', { type: PickBatchStatus }),
    totalOrders: t.exposeInt('totalOrders'),
    totalItems: t.exposeInt('totalItems'),
    orders: t.field({ type: [PickBatchOrder], resolve: (r) => r.orders }),
    tasks: t.field({ type: [PickTask], resolve: (r) => r.tasks }),
  }),
});

const PickActiveBatch = builder.objectRef<picking.ActiveBatchView>('PickActiveBatch').implement({
  description: "The signed-in user's newest OPEN/IN_PROGRESS batch; only `active` is set when there is none.",
  fields: (t) => ({
    active: t.exposeBoolean('active'),
    batchId: t.exposeInt('batchId', { nullable: true }),
    batchNodeId: t.globalID({
      nullable: true,
      description: 'Global id of the batch (a PickingBatch).',
      resolve: (b) => (b.batchId == null ? null : { type: 'PickingBatch', id: b.batchId }),
    }),
    totalPicks: t.exposeInt('totalPicks', { nullable: true }),
    completedPicks: t.exposeInt('completedPicks', { nullable: true }),
    totalOrders: t.exposeInt('totalOrders', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
  }),
});

const PickNextTaskResult = builder.objectRef<picking.NextTaskResult>('PickNextTaskResult').implement({
  description: 'Either the next task, or message "All tasks complete".',
  fields: (t) => ({
    message: t.exposeString('message', { nullable: true }),
    task: t.field({ type: PickNextTask, nullable: true, resolve: (r) => r.task }),
  }),
});

const PickWaveValidation = builder.objectRef<picking.WaveValidation>('PickWaveValidation').implement({
  fields: (t) => ({
    valid: t.exposeBoolean('valid'),
    soId: t.exposeInt('soId'),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (v) => ({ type: 'SalesOrder', id: v.soId }) }),
    soNumber: t.exposeString('soNumber'),
    lineCount: t.exposeInt('lineCount'),
    totalUnits: t.exposeInt('totalUnits'),
  }),
});

type WaveOrder = picking.WaveCreateResult['orders'][number];
const PickWaveOrder = builder.objectRef<WaveOrder>('PickWaveOrder').implement({
  fields: (t) => ({
    soId: t.exposeInt('soId'),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (o) => ({ type: 'SalesOrder', id: o.soId }) }),
    soNumber: t.exposeString('soNumber'),
    lineCount: t.exposeInt('lineCount'),
  }),
});

type WaveWarning = NonNullable<picking.WaveCreateResult['warnings']>[number];
const PickWaveWarning = builder.objectRef<WaveWarning>('PickWaveWarning').implement({
  description: 'An item the warehouse cannot fully supply; what exists was allocated.',
  fields: (t) => ({ sku: t.exposeString('sku'), needed: t.exposeInt('needed'), available: t.exposeInt('available') }),
});

const PickWave = builder.objectRef<picking.WaveCreateResult>('PickWave').implement({
  description: 'A wave just created: its orders, the walk it needs, the first pick and the items short of stock.',
  fields: (t) => ({
    batchId: t.exposeInt('batchId'),
    batchNodeId: t.globalID({ description: 'Global id of the wave (a PickingBatch).', resolve: (w) => ({ type: 'PickingBatch', id: w.batchId }) }),
    batchNumber: t.exposeString('batchNumber'),
    totalOrders: t.exposeInt('totalOrders'),
    totalPicks: t.exposeInt('totalPicks'),
    totalUnits: t.exposeInt('totalUnits'),
    orders: t.field({ type: [PickWaveOrder], resolve: (r) => r.orders }),
    firstPick: t.field({ type: PickNextTask, nullable: true, resolve: (r) => r.firstPick }),
    warnings: t.field({ type: [PickWaveWarning], nullable: true, resolve: (r) => r.warnings }),
  }),
});

type ConfirmTask = picking.ConfirmResult['task'];
const PickConfirmedTask = builder.objectRef<ConfirmTask>('PickConfirmedTask').implement({
  fields: (t) => ({
    pickTaskId: t.exposeInt('pickTaskId'),
    status: t.expose('status', { type: PickTaskStatus }),
    sku: t.exposeString('sku'),
    quantityPicked: t.exposeInt('quantityPicked'),
    binCode: t.exposeString('binCode'),
    toteNumber: t.exposeString('toteNumber', { nullable: true }),
  }),
});

const PickConfirmation = builder.objectRef<picking.ConfirmResult>('PickConfirmation').implement({
  description: 'A confirmed pick: the task as picked and how many tasks of its batch are still pending.',
  fields: (t) => ({
    message: t.exposeString('message'),
    task: t.field({ type: PickConfirmedTask, resolve: (r) => r.task }),
    remainingTasks: t.exposeInt('remainingTasks'),
  }),
});

type ShortTask = picking.ShortResult['task'];
const PickShortedTask = builder.objectRef<ShortTask>('PickShortedTask').implement({
  fields: (t) => ({
    pickTaskId: t.exposeInt('pickTaskId'),
    status: t.expose('status', { type: PickTaskStatus }),
    sku: t.exposeString('sku'),
    quantityToPick: t.exposeInt('quantityToPick'),
    quantityPicked: t.exposeInt('quantityPicked'),
    shortage: t.exposeInt('shortage'),
    binCode: t.exposeString('binCode'),
  }),
});

const PickShortage = builder.objectRef<picking.ShortResult>('PickShortage').implement({
  description: 'A short pick recorded: the task with what was found and what is missing.',
  fields: (t) => ({ message: t.exposeString('message'), task: t.field({ type: PickShortedTask, resolve: (r) => r.task }) }),
});

type CompleteSummary = picking.CompleteResult['summary'];
const PickBatchOrderStatus = builder
  .objectRef<CompleteSummary['orders'][number]>('PickBatchOrderStatus')
  .implement({ fields: (t) => ({ soNumber: t.exposeString('soNumber'), status: t.expose('status', { type: SalesOrderStatus }) }) });

const PickBatchSummary = builder.objectRef<CompleteSummary>('PickBatchSummary').implement({
  fields: (t) => ({
    totalOrders: t.exposeInt('totalOrders'),
    totalItemsPicked: t.exposeInt('totalItemsPicked'),
    totalShorts: t.exposeInt('totalShorts'),
    orders: t.field({ type: [PickBatchOrderStatus], resolve: (r) => r.orders }),
  }),
});

const PickBatchCompletion = builder.objectRef<picking.CompleteResult>('PickBatchCompletion').implement({
  description: 'A completed batch: units picked, shorts and the status each of its orders moved to.',
  fields: (t) => ({
    message: t.exposeString('message'),
    batchId: t.exposeInt('batchId'),
    batchNumber: t.exposeString('batchNumber'),
    summary: t.field({ type: PickBatchSummary, resolve: (r) => r.summary }),
  }),
});

// Inputs ------------------------------------------------------------------------------------

const PickCreateBatchInput = builder.inputType('PickCreateBatchInput', {
  fields: (t) => ({
    soIdentifiers: t.stringList({ required: true, description: 'SO numbers or barcodes' }),
    warehouseId: t.int({ required: true }),
  }),
});
const PickWaveValidateInput = builder.inputType('PickWaveValidateInput', {
  fields: (t) => ({ soBarcode: t.string({ required: true }), warehouseId: t.int({ required: true }) }),
});
const PickWaveCreateInput = builder.inputType('PickWaveCreateInput', {
  fields: (t) => ({ soIds: t.intList({ required: true }), warehouseId: t.int({ required: true }) }),
});
const PickConfirmInput = builder.inputType('PickConfirmInput', {
  fields: (t) => ({
    pickTaskId: t.int({ required: true }),
    scannedBarcode: t.string({ required: true }),
    quantityPicked: t.int({ required: true }),
  }),
});
const PickShortInput = builder.inputType('PickShortInput', {
  fields: (t) => ({ pickTaskId: t.int({ required: true }), quantityAvailable: t.int({ required: false }) }),
});
const PickBatchIdInput = builder.inputType('PickBatchIdInput', {
  fields: (t) => ({ batchId: t.int({ required: true }) }),
});

/** Optional GraphQL fields arrive as null; the legacy schemas treat an absent key as "use the default". */
const inputOf = (input: Record<string, unknown>) =>
  snakeKeys(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)));

// Root fields -------------------------------------------------------------------------------

builder.queryField('pickActiveBatch', (t) =>
  t.withShield(authenticated).field({ type: PickActiveBatch, resolve: (_r, _a, ctx) => picking.activeBatch(ctx) }),
);

builder.queryField('pickBatch', (t) =>
  t.withShield(authenticated).field({
    type: PickBatch,
    nullable: true,
    description: "A batch with all its tasks along the pick path; null when there is none in the caller's warehouses.",
    args: { batchId: t.arg.int({ required: true }) },
    resolve: (_r, { batchId }, ctx) => picking.getBatch(ctx, batchId),
  }),
);

builder.queryField('pickNextTask', (t) =>
  t.withShield(authenticated).field({
    type: PickNextTaskResult,
    nullable: true,
    description: "The next task of a batch along the pick path; null when there is no such batch in the caller's warehouses.",
    args: { batchId: t.arg.int({ required: true }) },
    resolve: (_r, { batchId }, ctx) => picking.nextTask(ctx, batchId),
  }),
);

builder.queryField('pickWaveValidate', (t) =>
  t.withShield(authenticated).field({
    type: PickWaveValidation,
    description: 'Checks one scanned order before it joins a wave (read-only).',
    args: { input: t.arg({ type: PickWaveValidateInput, required: true }) },
    resolve: (_r, { input }, ctx) => picking.waveValidate(ctx, inputOf(input)),
  }),
);

// Payloads ----------------------------------------------------------------------------------

const PickCreateBatchPayload = payloadType<PickBatchView>('PickCreateBatchPayload', {
  description: 'Result of pickCreateBatch.',
  resultField: 'batch',
  resultType: PickBatch,
  resultDescription: 'The new batch with its tasks along the pick path; null when userErrors is not empty.',
});

const PickWaveCreatePayload = payloadType<picking.WaveCreateResult>('PickWaveCreatePayload', {
  description: 'Result of pickWaveCreate.',
  resultField: 'wave',
  resultType: PickWave,
  resultDescription: 'The new wave; null when userErrors is not empty.',
});

const PickConfirmPayload = payloadType<picking.ConfirmResult>('PickConfirmPayload', {
  description: 'Result of pickConfirm.',
  resultField: 'confirmation',
  resultType: PickConfirmation,
  resultDescription: 'The confirmed pick; null when userErrors is not empty.',
});

const PickShortPayload = payloadType<picking.ShortResult>('PickShortPayload', {
  description: 'Result of pickShort.',
  resultField: 'shortage',
  resultType: PickShortage,
  resultDescription: 'The short pick recorded; null when userErrors is not empty.',
});

const PickCompleteBatchPayload = payloadType<picking.CompleteResult>('PickCompleteBatchPayload', {
  description: 'Result of pickCompleteBatch.',
  resultField: 'completion',
  resultType: PickBatchCompletion,
  resultDescription: 'The completed batch and its summary; null when userErrors is not empty.',
});

const PickCancelBatchPayload = payloadType<PickBatchView>('PickCancelBatchPayload', {
  description: 'Result of pickCancelBatch.',
  resultField: 'batch',
  resultType: PickBatch,
  resultDescription: 'The batch as cancelled (status CANCELLED, its pending tasks SKIPPED); null when userErrors is not empty.',
});

builder.mutationField('pickCreateBatch', (t) =>
  t.withShield(can('pick')).field({
    type: PickCreateBatchPayload,
    description: 'One batch for OPEN orders of a warehouse (by SO number or barcode), one tote per order; allocates their stock.',
    args: { input: t.arg({ type: PickCreateBatchInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.createBatch(ctx, inputOf(input))),
  }),
);

builder.mutationField('pickWaveCreate', (t) =>
  t.withShield(can('pick')).field({
    type: PickWaveCreatePayload,
    description: 'One batch for several orders; identical items are combined into one task per bin.',
    args: { input: t.arg({ type: PickWaveCreateInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.waveCreate(ctx, inputOf(input))),
  }),
);

builder.mutationField('pickConfirm', (t) =>
  t.withShield(can('pick')).field({
    type: PickConfirmPayload,
    description: "Confirms a PENDING task with a scan of the item: takes the units from the bin's stock and credits the order lines.",
    args: { input: t.arg({ type: PickConfirmInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.confirmPick(ctx, inputOf(input))),
  }),
);

builder.mutationField('pickShort', (t) =>
  t.withShield(can('pick')).field({
    type: PickShortPayload,
    description: 'Records that a bin held fewer units than a PENDING task asks for: takes what was there, releases the rest.',
    args: { input: t.arg({ type: PickShortInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.shortPick(ctx, inputOf(input))),
  }),
);

builder.mutationField('pickCompleteBatch', (t) =>
  t.withShield(can('pick')).field({
    type: PickCompleteBatchPayload,
    description: 'Closes a batch whose tasks are all picked or short; its PICKING orders become PICKED.',
    args: { input: t.arg({ type: PickBatchIdInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.completeBatch(ctx, inputOf(input))),
  }),
);

builder.mutationField('pickCancelBatch', (t) =>
  t.withShield(can('pick')).field({
    type: PickCancelBatchPayload,
    description: 'Releases the stock of pending tasks and puts the orders back to OPEN.',
    args: { input: t.arg({ type: PickBatchIdInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.cancelBatch(ctx, inputOf(input))),
  }),
);
