/** Inputs of the inventory mutations (counts, adjustments, moves, transfers): one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { id, int, onValidFields, text } from '../graphql/inputs';

const differentBins = [(v: { fromBinId: number; toBinId: number }) => v.fromBinId !== v.toBinId, { message: 'fromBinId and toBinId must be different', ...onValidFields }] as const;

/** inventoryCountCreate */
export const CycleCountCreateInput = z.object({
  warehouseId: id(),
  binIds: z.array(int()).min(1),
});
export type CycleCountCreateInput = z.output<typeof CycleCountCreateInput>;

/** One counted line: a line of the count's snapshot (countLineId), or an unexpected item found in the bin. */
const CycleCountLineEntry = z.object({
  countLineId: id().nullish(),
  countedQuantity: int({ ge: 0, le: 1000000 }),
  unexpected: z.boolean().nullish().transform((v) => v ?? false),
  itemId: id().nullish(),
  sku: text({ max: 128 }).nullish(),
});

/** inventoryCountSubmit */
export const CycleCountSubmitInput = z.object({
  countId: id(),
  lines: z.array(CycleCountLineEntry).min(1),
});
export type CycleCountSubmitInput = z.output<typeof CycleCountSubmitInput>;

/** inventoryMove: within a warehouse, between two different bins. Text lengths are those of the transfer columns. */
export const BinMoveInput = z
  .object({
    itemId: id(),
    fromBinId: id(),
    toBinId: id(),
    quantity: int({ gt: 0, le: 100000 }),
    reason: text({ max: 200 }).nullish(),
    lotNumber: text({ max: 50 }).nullish(),
  })
  .refine(...differentBins);
export type BinMoveInput = z.output<typeof BinMoveInput>;

/** inventoryAdjustmentsReview */
export const AdjustmentReviewInput = z.object({
  decisions: z
    .array(
      z.object({
        adjustmentId: id(),
        action: z.enum(['approve', 'reject'], { error: "action must be 'approve' or 'reject'" }),
      }),
    )
    .min(1),
});
export type AdjustmentReviewInput = z.output<typeof AdjustmentReviewInput>;

/** inventoryAdjustmentDirect */
export const DirectAdjustmentInput = z.object({
  itemId: id(),
  binId: id(),
  warehouseId: id(),
  adjustmentType: z.enum(['ADD', 'REMOVE'], { error: 'adjustmentType must be ADD or REMOVE' }),
  quantity: int({ gt: 0, le: 1000000 }),
  reason: text({ min: 1, max: 500 }),
});
export type DirectAdjustmentInput = z.output<typeof DirectAdjustmentInput>;

/** inventoryInterWarehouseTransfer */
export const InterWarehouseTransferInput = z.object({
  itemId: id(),
  fromBinId: id(),
  fromWarehouseId: id(),
  toBinId: id(),
  toWarehouseId: id(),
  quantity: int({ gt: 0, le: 100000 }),
  reason: text({ max: 200 }).nullish(),
});
export type InterWarehouseTransferInput = z.output<typeof InterWarehouseTransferInput>;
