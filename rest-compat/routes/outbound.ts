import { BatchIdInput, CreateBatchInput, PickConfirmInput, PickShortInput, WaveCreateInput, WaveValidateInput } from '../../src/picking/picking.inputs';
import { legacyInput } from '../legacy-input';
import { PackCompleteInput, PackVerifyInput } from '../../src/packing/packing.inputs';
import { FulfillInput } from '../../src/shipping/shipping.inputs';
import { snakeKeys } from '../case';
import { defineRoutes, existsElsewhere, notFoundAnswer, pathInt, type RestRequest } from '../route';
import type { PrismaClient } from '../../src/db';


/** The path's batch in any warehouse: a batch the caller may not see was a 403 (legacy). */
const batchExists = (req: RestRequest, prisma: PrismaClient) =>
  prisma.pickBatch.findUnique({ where: { batchId: pathInt(req, 'batch_id') }, select: { batchId: true } });

/** Keys the legacy server left out when they had no value. */
const withoutNulls = (obj: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(obj).filter(([k, v]) => !(keys.includes(k) && v === null)));

export const routes = defineRoutes([
  {
    method: 'GET',
    path: '/api/picking/active-batch',
    auth: 'user',
    operation: 'PickActiveBatch',
    result: (data) => (data.pickActiveBatch.active ? data.pickActiveBatch : { active: false }),
  },
  {
    method: 'POST',
    path: '/api/picking/wave-validate',
    auth: 'user',
    operation: 'PickWaveValidate',
    input: legacyInput(WaveValidateInput),
    // the order's own refusals (not found, already batched, not OPEN, empty) answer `valid: false`
    errorBody: ({ code, message, data }) =>
      ['NOT_FOUND', 'CONFLICT', 'BAD_USER_INPUT'].includes(code) ? { valid: false, error: message, ...(snakeKeys(data ?? {}) as object) } : undefined,
  },
  {
    method: 'POST',
    path: '/api/picking/wave-create',
    auth: 'user',
    operation: 'PickWaveCreate',
    input: legacyInput(WaveCreateInput),
    result: (data) => withoutNulls(data.pickWaveCreate, ['first_pick', 'warnings']),
  },
  { method: 'POST', path: '/api/picking/create-batch', auth: 'user', operation: 'PickCreateBatch', input: legacyInput(CreateBatchInput) },
  {
    method: 'GET',
    path: '/api/picking/batch/:batch_id#',
    auth: 'user',
    operation: 'PickBatch',
    variables: (req) => ({ batchId: pathInt(req, 'batch_id') }),
    missing: existsElsewhere(batchExists, notFoundAnswer('Batch not found')),
  },
  {
    method: 'GET',
    path: '/api/picking/batch/:batch_id#/next',
    auth: 'user',
    operation: 'PickNextTask',
    variables: (req) => ({ batchId: pathInt(req, 'batch_id') }),
    result: (data) => data.pickNextTask.task ?? { message: data.pickNextTask.message },
    // An unknown batch answers like a finished one (spec 30 §7).
    missing: existsElsewhere(batchExists, { status: 200, body: { message: 'All tasks complete' } }),
  },
  { method: 'POST', path: '/api/picking/confirm', auth: 'user', operation: 'PickConfirm', input: legacyInput(PickConfirmInput) },
  { method: 'POST', path: '/api/picking/short', auth: 'user', operation: 'PickShort', input: legacyInput(PickShortInput) },
  { method: 'POST', path: '/api/picking/complete-batch', auth: 'user', operation: 'PickCompleteBatch', input: legacyInput(BatchIdInput) },
  {
    method: 'POST',
    path: '/api/picking/cancel-batch',
    auth: 'user',
    operation: 'PickCancelBatch',
    input: legacyInput(BatchIdInput),
    // GraphQL answers the cancelled batch; the legacy body is a message
    result: () => ({ message: 'Batch cancelled' }),
  },
  {
    method: 'GET',
    path: '/api/packing/order/:barcode',
    auth: 'user',
    operation: 'PackOrder',
    variables: (req) => ({ barcode: req.params.barcode }),
    missing: notFoundAnswer('Order not found'),
  },
  { method: 'POST', path: '/api/packing/verify', auth: 'user', operation: 'PackVerify', input: legacyInput(PackVerifyInput) },
  { method: 'POST', path: '/api/packing/complete', auth: 'user', operation: 'PackComplete', input: legacyInput(PackCompleteInput) },
  {
    method: 'GET',
    path: '/api/shipping/order/:barcode',
    auth: 'user',
    operation: 'ShipOrder',
    variables: (req) => ({ barcode: req.params.barcode }),
    missing: notFoundAnswer('Order not found'),
  },
  { method: 'POST', path: '/api/shipping/fulfill', auth: 'user', operation: 'ShipFulfill', input: legacyInput(FulfillInput) },
]);
