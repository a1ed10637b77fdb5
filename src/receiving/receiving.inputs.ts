/** Inputs of the receiving mutations: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { id, int, text } from '../graphql/inputs';

/** One entry of receivingReceive: units of a PO line into a bin. Text lengths are those of the receipt columns. */
const ReceiveItemEntry = z.object({
  itemId: id(),
  quantity: int({ gt: 0, le: 100000 }),
  binId: id(),
  lotNumber: text({ max: 50 }).nullish(),
  serialNumber: text({ max: 100 }).nullish(),
  notes: text({ max: 500 }).nullish(),
});

/** receivingReceive */
export const ReceiveInput = z.object({
  poId: id(),
  items: z.array(ReceiveItemEntry).min(1),
});
export type ReceiveInput = z.output<typeof ReceiveInput>;

/** receivingCancel: nothing required (nothing given, nothing to cancel). */
export const ReceiptCancelInput = z.object({
  receiptIds: z.array(int()).nullish().transform((ids) => ids ?? []),
  poId: id().nullish(),
  warehouseId: id().nullish(),
});
export type ReceiptCancelInput = z.output<typeof ReceiptCancelInput>;
