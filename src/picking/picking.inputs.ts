/** Inputs of the picking mutations and queries: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { id, int, text } from '../graphql/inputs';

/** pickCreateBatch */
export const CreateBatchInput = z.object({
  soIdentifiers: z.array(text()).min(1),
  warehouseId: id(),
});
export type CreateBatchInput = z.output<typeof CreateBatchInput>;

/** pickWaveValidate */
export const WaveValidateInput = z.object({
  soBarcode: text({ min: 1, max: 128 }),
  warehouseId: id(),
});
export type WaveValidateInput = z.output<typeof WaveValidateInput>;

/** pickWaveCreate */
export const WaveCreateInput = z.object({
  soIds: z.array(int()).min(1),
  warehouseId: id(),
});
export type WaveCreateInput = z.output<typeof WaveCreateInput>;

/** pickConfirm */
export const PickConfirmInput = z.object({
  pickTaskId: id(),
  scannedBarcode: text({ min: 1, max: 128 }),
  quantityPicked: int({ gt: 0, le: 100000 }),
});
export type PickConfirmInput = z.output<typeof PickConfirmInput>;

/** pickShort: no quantity found means none. */
export const PickShortInput = z.object({
  pickTaskId: id(),
  quantityAvailable: int({ ge: 0, le: 100000 }).nullish().transform((q) => q ?? 0),
});
export type PickShortInput = z.output<typeof PickShortInput>;

/** pickCompleteBatch and pickCancelBatch */
export const BatchIdInput = z.object({
  batchId: id(),
});
export type BatchIdInput = z.output<typeof BatchIdInput>;
