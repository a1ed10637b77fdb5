// GraphQL types, queries and mutations of the picking module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { PickBatchStatus, PickTaskStatus, SalesOrderStatus } from '../graphql/enums';
import { parseInput } from '../graphql/inputs';
import { BatchIdInput, CreateBatchInput, PickConfirmInput as PickConfirmSchema, PickShortInput as PickShortSchema, WaveCreateInput, WaveValidateInput } from './picking.inputs';
import * as picking from './picking.service';
import type { BatchOrderView, ContributingOrder, PickBatchView, PickNextTaskView, PickTaskView } from './picking.views';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos' object field builder of several object types (no nameable common type)
const taskFields = (t: any) => ({
  pickTaskId: t.exposeInt('pickTaskId', { description: 'The task id (pickTaskId of pickConfirm and pickShort).' }),
  salesOrderNodeId: t.globalID({
    description: 'Global id of the SalesOrder of the task (wave tasks: the first contributing order).',
    resolve: (v: PickTaskView) => ({ type: 'SalesOrder', id: v.soId }),
  }),
  binNodeId: t.globalID({ description: 'Global id of the Bin to pick from.', resolve: (v: PickTaskView) => ({ type: 'Bin', id: v.binId }) }),
  itemNodeId: t.globalID({ description: 'Global id of the Item to pick.', resolve: (v: PickTaskView) => ({ type: 'Item', id: v.itemId }) }),
  pickSequence: t.exposeInt('pickSequence', { description: 'The position of the task on the pick path (lowest first).' }),
  quantityToPick: t.exposeInt('quantityToPick', { description: 'The units to take from the bin.' }),
  quantityPicked: t.exposeInt('quantityPicked', { description: 'The units taken so far.' }),
  toteNumber: t.exposeString('toteNumber', { description: 'The tote the units go into; null when the order has no tote.', nullable: true }),
  status: t.expose('status', { description: 'The state of the task.', type: PickTaskStatus }),
  binCode: t.exposeString('binCode', { description: 'The code of the bin to pick from.' }),
  binBarcode: t.exposeString('binBarcode', { description: 'The barcode of the bin to pick from.' }),
  rowNum: t.exposeString('rowNum', { description: 'The row of the bin; null when not set.', nullable: true }),
  levelNum: t.exposeString('levelNum', { description: 'The level of the bin; null when not set.', nullable: true }),
  aisle: t.exposeString('aisle', { description: 'The aisle of the bin; null when not set.', nullable: true }),
  zone: t.exposeString('zone', { description: 'The name of the zone of the bin; null when the bin has no zone.', nullable: true }),
  sku: t.exposeString('sku', { description: 'The SKU of the item to pick.' }),
  itemName: t.exposeString('itemName', { description: 'The name of the item to pick.' }),
  upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
  soNumber: t.exposeString('soNumber', { description: 'The order of the task (wave tasks: the first contributing order).' }),
});

const PickTask = builder.objectRef<PickTaskView>('PickTask').implement({
  description: 'One stop on the pick path: take quantityToPick of an item from a bin.',
  fields: (t) => taskFields(t),
});

const PickContributingOrder = builder.objectRef<ContributingOrder>('PickContributingOrder').implement({
  description: 'An order served by a wave task and the units it gets from it.',
  fields: (t) => ({
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (o) => ({ type: 'SalesOrder', id: o.soId }) }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    quantity: t.exposeInt('quantity', { description: 'The units of the task that go to this order.' }),
  }),
});

export const PickNextTask = builder.objectRef<PickNextTaskView>('PickNextTask').implement({
  description: 'The next PENDING task of a batch with the orders it serves (waves) and the walk progress.',
  fields: (t) => ({
    ...taskFields(t),
    contributingOrders: t.field({ description: 'The orders this task serves (one for a batch, several for a wave).', type: [PickContributingOrder], resolve: (r) => r.contributingOrders }),
    pickNumber: t.exposeInt('pickNumber', { description: 'The 1-based position of this pick in the walk.' }),
    totalPicks: t.exposeInt('totalPicks', { description: 'The number of tasks in the batch.' }),
    totalOrders: t.exposeInt('totalOrders', { description: 'The number of orders in the batch.' }),
  }),
});

const PickBatchOrder = builder.objectRef<BatchOrderView>('PickBatchOrder').implement({
  description: 'An order of a batch and its tote.',
  fields: (t) => ({
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (o) => ({ type: 'SalesOrder', id: o.soId }) }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    toteNumber: t.exposeString('toteNumber', { description: 'The tote assigned to the order; null when none.', nullable: true }),
  }),
});

const PickBatch = builder.objectRef<PickBatchView>('PickBatch').implement({
  description: 'A pick batch: orders of one warehouse picked together in one walk.',
  fields: (t) => ({
    batchId: t.exposeInt('batchId', { description: 'The batch id (batchId of the picking operations).' }),
    batchNodeId: t.globalID({ description: 'Global id of the batch (a PickingBatch).', resolve: (b) => ({ type: 'PickingBatch', id: b.batchId }) }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The warehouse of the batch.' }),
    batchNumber: t.exposeString('batchNumber', { description: 'The batch number shown to pickers.' }),
    status: t.expose('status', { description: 'The state of the batch.', type: PickBatchStatus }),
    totalOrders: t.exposeInt('totalOrders', { description: 'The number of orders in the batch.' }),
    totalItems: t.exposeInt('totalItems', { description: 'The number of units to pick in the batch.' }),
    orders: t.field({ description: 'The orders of the batch with their totes.', type: [PickBatchOrder], resolve: (r) => r.orders }),
    tasks: t.field({ description: 'The tasks of the batch along the pick path.', type: [PickTask], resolve: (r) => r.tasks }),
  }),
});

const PickActiveBatch = builder.objectRef<picking.ActiveBatchView>('PickActiveBatch').implement({
  description: "The signed-in user's newest OPEN/IN_PROGRESS batch; only `active` is set when there is none.",
  fields: (t) => ({
    active: t.exposeBoolean('active', { description: 'Whether the user has an OPEN or IN_PROGRESS batch.' }),
    batchId: t.exposeInt('batchId', { description: 'The batch id; null when active is false.', nullable: true }),
    batchNodeId: t.globalID({
      nullable: true,
      description: 'Global id of the batch (a PickingBatch).',
      resolve: (b) => (b.batchId == null ? null : { type: 'PickingBatch', id: b.batchId }),
    }),
    totalPicks: t.exposeInt('totalPicks', { description: 'The number of tasks in the batch; null when active is false.', nullable: true }),
    completedPicks: t.exposeInt('completedPicks', { description: 'The tasks picked or short so far; null when active is false.', nullable: true }),
    totalOrders: t.exposeInt('totalOrders', { description: 'The number of orders in the batch; null when active is false.', nullable: true }),
    createdAt: t.expose('createdAt', { description: 'When the batch was created; null when active is false.', type: 'DateTime', nullable: true }),
  }),
});

const PickNextTaskResult = builder.objectRef<picking.NextTaskResult>('PickNextTaskResult').implement({
  description: 'Either the next task, or message "All tasks complete".',
  fields: (t) => ({
    message: t.exposeString('message', { description: '"All tasks complete" when no task is pending; null otherwise.', nullable: true }),
    task: t.field({ description: 'The next pending task; null when all tasks are done.', type: PickNextTask, nullable: true, resolve: (r) => r.task }),
  }),
});

const PickWaveValidation = builder.objectRef<picking.WaveValidation>('PickWaveValidation').implement({
  description: 'The check of one order scanned for a wave.',
  fields: (t) => ({
    valid: t.exposeBoolean('valid', { description: 'Whether the order can join a wave.' }),
    soId: t.exposeInt('soId', { description: 'The sales order id (soIds of pickWaveCreate).' }),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (v) => ({ type: 'SalesOrder', id: v.soId }) }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    lineCount: t.exposeInt('lineCount', { description: 'The number of lines of the order.' }),
    totalUnits: t.exposeInt('totalUnits', { description: 'The units ordered over all lines.' }),
  }),
});

type WaveOrder = picking.WaveCreateResult['orders'][number];
const PickWaveOrder = builder.objectRef<WaveOrder>('PickWaveOrder').implement({
  description: 'An order of a new wave.',
  fields: (t) => ({
    soId: t.exposeInt('soId', { description: 'The sales order id.' }),
    salesOrderNodeId: t.globalID({ description: 'Global id of the SalesOrder.', resolve: (o) => ({ type: 'SalesOrder', id: o.soId }) }),
    soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }),
    lineCount: t.exposeInt('lineCount', { description: 'The number of lines of the order.' }),
  }),
});

type WaveWarning = NonNullable<picking.WaveCreateResult['warnings']>[number];
const PickWaveWarning = builder.objectRef<WaveWarning>('PickWaveWarning').implement({
  description: 'An item the warehouse cannot fully supply; what exists was allocated.',
  fields: (t) => ({ sku: t.exposeString('sku', { description: 'The SKU of the item short of stock.' }), needed: t.exposeInt('needed', { description: 'The units the orders of the wave need.' }), available: t.exposeInt('available', { description: 'The units the warehouse could allocate.' }) }),
});

const PickWave = builder.objectRef<picking.WaveCreateResult>('PickWave').implement({
  description: 'A wave just created: its orders, the walk it needs, the first pick and the items short of stock.',
  fields: (t) => ({
    batchId: t.exposeInt('batchId', { description: 'The batch id of the wave.' }),
    batchNodeId: t.globalID({ description: 'Global id of the wave (a PickingBatch).', resolve: (w) => ({ type: 'PickingBatch', id: w.batchId }) }),
    batchNumber: t.exposeString('batchNumber', { description: 'The batch number of the wave.' }),
    totalOrders: t.exposeInt('totalOrders', { description: 'The number of orders in the wave.' }),
    totalPicks: t.exposeInt('totalPicks', { description: 'The number of tasks (bin stops) of the wave.' }),
    totalUnits: t.exposeInt('totalUnits', { description: 'The units to pick over all tasks.' }),
    orders: t.field({ description: 'The orders of the wave.', type: [PickWaveOrder], resolve: (r) => r.orders }),
    firstPick: t.field({ description: 'The first task on the pick path; null when the wave has no task.', type: PickNextTask, nullable: true, resolve: (r) => r.firstPick }),
    warnings: t.field({ description: 'The items the warehouse cannot fully supply; null when there are none.', type: [PickWaveWarning], nullable: true, resolve: (r) => r.warnings }),
  }),
});

type ConfirmTask = picking.ConfirmResult['task'];
const PickConfirmedTask = builder.objectRef<ConfirmTask>('PickConfirmedTask').implement({
  description: 'A task as confirmed.',
  fields: (t) => ({
    pickTaskId: t.exposeInt('pickTaskId', { description: 'The task id.' }),
    status: t.expose('status', { description: 'The state of the task after the pick.', type: PickTaskStatus }),
    sku: t.exposeString('sku', { description: 'The SKU of the item picked.' }),
    quantityPicked: t.exposeInt('quantityPicked', { description: 'The units taken.' }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin picked from.' }),
    toteNumber: t.exposeString('toteNumber', { description: 'The tote the units went into; null when none.', nullable: true }),
  }),
});

const PickConfirmation = builder.objectRef<picking.ConfirmResult>('PickConfirmation').implement({
  description: 'A confirmed pick: the task as picked and how many tasks of its batch are still pending.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }),
    task: t.field({ description: 'The task as picked.', type: PickConfirmedTask, resolve: (r) => r.task }),
    remainingTasks: t.exposeInt('remainingTasks', { description: 'The tasks of the batch still pending.' }),
  }),
});

type ShortTask = picking.ShortResult['task'];
const PickShortedTask = builder.objectRef<ShortTask>('PickShortedTask').implement({
  description: 'A task recorded as short.',
  fields: (t) => ({
    pickTaskId: t.exposeInt('pickTaskId', { description: 'The task id.' }),
    status: t.expose('status', { description: 'The state of the task (SHORT).', type: PickTaskStatus }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    quantityToPick: t.exposeInt('quantityToPick', { description: 'The units the task asked for.' }),
    quantityPicked: t.exposeInt('quantityPicked', { description: 'The units found and taken.' }),
    shortage: t.exposeInt('shortage', { description: 'The units missing (quantityToPick minus quantityPicked).' }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin.' }),
  }),
});

const PickShortage = builder.objectRef<picking.ShortResult>('PickShortage').implement({
  description: 'A short pick recorded: the task with what was found and what is missing.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }), task: t.field({ description: 'The task as recorded short.', type: PickShortedTask, resolve: (r) => r.task }) }),
});

type CompleteSummary = picking.CompleteResult['summary'];
const PickBatchOrderStatus = builder
  .objectRef<CompleteSummary['orders'][number]>('PickBatchOrderStatus')
  .implement({
    description: 'An order of a completed batch and its new status.', fields: (t) => ({ soNumber: t.exposeString('soNumber', { description: 'The sales order number.' }), status: t.expose('status', { description: 'The status of the order after the batch closed.', type: SalesOrderStatus }) }) });

const PickBatchSummary = builder.objectRef<CompleteSummary>('PickBatchSummary').implement({
  description: 'The totals of a completed batch.',
  fields: (t) => ({
    totalOrders: t.exposeInt('totalOrders', { description: 'The number of orders in the batch.' }),
    totalItemsPicked: t.exposeInt('totalItemsPicked', { description: 'The units picked over all tasks.' }),
    totalShorts: t.exposeInt('totalShorts', { description: 'The number of tasks recorded short.' }),
    orders: t.field({ description: 'The orders of the batch with their new status.', type: [PickBatchOrderStatus], resolve: (r) => r.orders }),
  }),
});

const PickBatchCompletion = builder.objectRef<picking.CompleteResult>('PickBatchCompletion').implement({
  description: 'A completed batch: units picked, shorts and the status each of its orders moved to.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }),
    batchId: t.exposeInt('batchId', { description: 'The batch id.' }),
    batchNumber: t.exposeString('batchNumber', { description: 'The batch number.' }),
    summary: t.field({ description: 'The totals of the batch.', type: PickBatchSummary, resolve: (r) => r.summary }),
  }),
});

// Inputs ------------------------------------------------------------------------------------

const PickCreateBatchInput = builder.inputType('PickCreateBatchInput', {
  description: 'The orders of a new batch.',
  fields: (t) => ({
    soIdentifiers: t.stringList({ required: true, description: 'SO numbers or barcodes' }),
    warehouseId: t.int({ description: 'The warehouse of the orders.', required: true }),
  }),
});
const PickWaveValidateInput = builder.inputType('PickWaveValidateInput', {
  description: 'An order scanned for a wave.',
  fields: (t) => ({ soBarcode: t.string({ description: 'The scanned SO number or barcode.', required: true }), warehouseId: t.int({ description: 'The warehouse of the wave.', required: true }) }),
});
const PickWaveCreateInput = builder.inputType('PickWaveCreateInput', {
  description: 'The orders of a new wave.',
  fields: (t) => ({ soIds: t.intList({ description: 'The sales order ids (at least one).', required: true }), warehouseId: t.int({ description: 'The warehouse of the orders.', required: true }) }),
});
const PickConfirmInput = builder.inputType('PickConfirmInput', {
  description: 'A pick to confirm.',
  fields: (t) => ({
    pickTaskId: t.int({ description: 'The task picked.', required: true }),
    scannedBarcode: t.string({ description: 'The barcode scanned from the item (SKU, UPC or item barcode).', required: true }),
    quantityPicked: t.int({ description: 'The units taken, 1 to 100000.', required: true }),
  }),
});
const PickShortInput = builder.inputType('PickShortInput', {
  description: 'A short pick to record.',
  fields: (t) => ({ pickTaskId: t.int({ description: 'The task found short.', required: true }), quantityAvailable: t.int({ description: 'The units found in the bin, 0 to 100000; null means 0.', required: false }) }),
});
const PickBatchIdInput = builder.inputType('PickBatchIdInput', {
  description: 'A batch to act on.',
  fields: (t) => ({ batchId: t.int({ description: 'The batch id.', required: true }) }),
});

// Root fields -------------------------------------------------------------------------------

builder.queryField('pickActiveBatch', (t) =>
  t.withShield(authenticated).field({ description: 'The signed-in user\'s open batch, if any.', type: PickActiveBatch, resolve: (_r, _a, ctx) => picking.activeBatch(ctx) }),
);

builder.queryField('pickBatch', (t) =>
  t.withShield(authenticated).field({
    type: PickBatch,
    nullable: true,
    description: 'A batch with all its tasks along the pick path.',
    args: { batchId: t.arg.int({ description: 'The batch id.', required: true }) },
    resolve: (_r, { batchId }, ctx) => picking.getBatch(ctx, batchId),
  }),
);

builder.queryField('pickNextTask', (t) =>
  t.withShield(authenticated).field({
    type: PickNextTaskResult,
    nullable: true,
    description: "The next task of a batch along the pick path; null when there is no such batch in the caller's warehouses.",
    args: { batchId: t.arg.int({ description: 'The batch id.', required: true }) },
    resolve: (_r, { batchId }, ctx) => picking.nextTask(ctx, batchId),
  }),
);

builder.queryField('pickWaveValidate', (t) =>
  t.withShield(authenticated).field({
    type: PickWaveValidation,
    description: 'Checks one scanned order before it joins a wave (read-only).',
    args: { input: t.arg({ description: 'The order to check.', type: PickWaveValidateInput, required: true }) },
    resolve: (_r, { input }, ctx) => picking.waveValidate(ctx, parseInput(WaveValidateInput, input)),
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
    args: { input: t.arg({ description: 'The input of the mutation.', type: PickCreateBatchInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.createBatch(ctx, parseInput(CreateBatchInput, input))),
  }),
);

builder.mutationField('pickWaveCreate', (t) =>
  t.withShield(can('pick')).field({
    type: PickWaveCreatePayload,
    description: 'One batch for several orders; identical items are combined into one task per bin.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: PickWaveCreateInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.waveCreate(ctx, parseInput(WaveCreateInput, input))),
  }),
);

builder.mutationField('pickConfirm', (t) =>
  t.withShield(can('pick')).field({
    type: PickConfirmPayload,
    description: "Confirms a PENDING task with a scan of the item: takes the units from the bin's stock and credits the order lines.",
    args: { input: t.arg({ description: 'The input of the mutation.', type: PickConfirmInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.confirmPick(ctx, parseInput(PickConfirmSchema, input))),
  }),
);

builder.mutationField('pickShort', (t) =>
  t.withShield(can('pick')).field({
    type: PickShortPayload,
    description: 'Records that a bin held fewer units than a PENDING task asks for: takes what was there, releases the rest.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: PickShortInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.shortPick(ctx, parseInput(PickShortSchema, input))),
  }),
);

builder.mutationField('pickCompleteBatch', (t) =>
  t.withShield(can('pick')).field({
    type: PickCompleteBatchPayload,
    description: 'Closes a batch whose tasks are all picked or short; its PICKING orders become PICKED.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: PickBatchIdInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.completeBatch(ctx, parseInput(BatchIdInput, input))),
  }),
);

builder.mutationField('pickCancelBatch', (t) =>
  t.withShield(can('pick')).field({
    type: PickCancelBatchPayload,
    description: 'Releases the stock of pending tasks and puts the orders back to OPEN.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: PickBatchIdInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => picking.cancelBatch(ctx, parseInput(BatchIdInput, input))),
  }),
);
