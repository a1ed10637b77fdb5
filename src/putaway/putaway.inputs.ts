/** Inputs of the put-away mutations: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { id, int, onValidFields, text } from '../graphql/inputs';

/** putawayConfirm: stock moves between two different bins. */
export const PutawayConfirmInput = z
  .object({
    itemId: id(),
    fromBinId: id(),
    toBinId: id(),
    quantity: int({ gt: 0, le: 100000 }),
    lotNumber: text({ max: 50 }).nullish(),
  })
  .refine((v) => v.fromBinId !== v.toBinId, { message: 'fromBinId and toBinId must be different', ...onValidFields });
export type PutawayConfirmInput = z.output<typeof PutawayConfirmInput>;

/** putawayUpdatePreferred: the bin becomes the primary one unless setAsPrimary is false. */
export const PreferredBinUpdateInput = z.object({
  itemId: id(),
  binId: id(),
  setAsPrimary: z.boolean().nullish().transform((v) => v ?? true),
});
export type PreferredBinUpdateInput = z.output<typeof PreferredBinUpdateInput>;
