/** Input of the shipping mutation: one zod schema, camelCase as the GraphQL input type. */
import { z } from 'zod';
import { id, text } from '../graphql/inputs';

/** shipFulfill: the tracking number and carrier are trimmed after the length check and may not be blank. */
export const FulfillInput = z.object({
  soId: id(),
  // the columns hold these lengths
  trackingNumber: text({ min: 1, max: 255, notBlank: true }),
  carrier: text({ min: 1, max: 100, notBlank: true }),
  shipMethod: text({ max: 50 }).nullish(),
});
export type FulfillInput = z.output<typeof FulfillInput>;
