import { z } from 'zod';
import { id, text } from '../graphql/inputs';

/** apiTokenCreate / `npm run admin -- token-create` (the service checks expiresAt is in the future). */
export const ApiTokenCreateInput = z.object({
  name: text({ min: 1, max: 100 }),
  warehouseIds: z.array(id()).min(1),
  expiresAt: z.date().nullish(),
});
export type ApiTokenCreateInput = z.output<typeof ApiTokenCreateInput>;
