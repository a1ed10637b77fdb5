/** Body schemas of /shipping (spec 90 §7, spec 40). Parsed output keeps the legacy snake_case names. */
import { body, int, optional, str, type Infer } from '../validation/pydantic';

/** POST /shipping/fulfill — tracking_number and carrier are stripped after the length check; blank ->
 *  `Value error, Field cannot be blank`. */
export const FulfillInput = body({
  so_id: int({ gt: 0 }),
  // the reference's limits; the columns were widened to hold them (legacy: a 500 above 100 and 50, the DB column)
  tracking_number: str({ min: 1, max: 255, blankIsError: true }),
  carrier: str({ min: 1, max: 100, blankIsError: true }),
  // legacy-difference: ship_method ≤100 in the legacy schema, DB varchar(50) -> 51–100 was a 500; capped at 50
  ship_method: optional(str({ max: 50 })),
});
export type FulfillInput = Infer<typeof FulfillInput>;
