import { body, int, list, str } from '../validation/pydantic';

/** apiTokenCreate / `npm run admin -- token-create` (expiresAt is a DateTime, checked by the service). */
export const ApiTokenCreateInput = body({
  name: str({ min: 1, max: 100 }),
  warehouse_ids: list(int({ gt: 0 }), { min: 1 }),
});
