/** Body schemas of /shipping (spec 90 §7, spec 40). Parsed output keeps the legacy snake_case names. */
import { body, int, optional, str, type Infer } from '../validation/pydantic';

/** POST /shipping/fulfill — tracking_number and carrier are stripped after the length check; blank ->
 *  `Value error, Field cannot be blank`. */
export const FulfillInput = body({
  so_id: int({ gt: 0 }),
  // legacy-difference: tracking_number 1–255 in the legacy schema, DB varchar(100) -> 101–255 was a 500; capped at 100
  tracking_number: str({ min: 1, max: 100, blankIsError: true }),
  // legacy-difference: carrier 1–100 in the legacy schema, DB varchar(50) -> 51–100 was a 500; capped at 50
  carrier: str({ min: 1, max: 50, blankIsError: true }),
  // legacy-difference: ship_method ≤100 in the legacy schema, DB varchar(50) -> 51–100 was a 500; capped at 50
  ship_method: optional(str({ max: 50 })),
});
export type FulfillInput = Infer<typeof FulfillInput>;
