import { z } from 'zod';
import { id, text } from '../graphql/inputs';

/** apiTokenCreate / `npm run admin -- token-create` (the service checks expiresAt is in the future). */
export const ApiTokenCreateInput = z.object({
  name: text({ min: 1, max: 100 }),
  warehouseIds: z.array(id()).min(1),
  expiresAt: z.date().nullish(),
});
export type ApiTokenCreateInput = z.output<typeof ApiTokenCreateInput>;

/** apiTokenRevoke / `npm run admin -- token-revoke` (an id no token has is not found). */
export const ApiTokenRevokeInput = z.object({ tokenId: id() });
export type ApiTokenRevokeInput = z.output<typeof ApiTokenRevokeInput>;
