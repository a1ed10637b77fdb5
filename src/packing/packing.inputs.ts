/** Inputs of the packing mutations: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { id, int, text } from '../graphql/inputs';

/** packVerify: one unit when the quantity is not given. */
export const PackVerifyInput = z.object({
  soId: id(),
  scannedBarcode: text({ min: 1, max: 128 }),
  quantity: int({ gt: 0, le: 100000 }).nullish().transform((q) => q ?? 1),
});
export type PackVerifyInput = z.output<typeof PackVerifyInput>;

/** packComplete */
export const PackCompleteInput = z.object({
  soId: id(),
});
export type PackCompleteInput = z.output<typeof PackCompleteInput>;
