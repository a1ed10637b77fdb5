/** Body schemas of /putaway (spec 90 §7, spec 20). Parsed output keeps the legacy snake_case names. */
import { body, bool, int, optional, str, type Infer } from '../validation/pydantic';

/** POST /putaway/confirm — model rule from_bin_id ≠ to_bin_id (loc [], only when every field is valid).
 *  The scanner also sends `warehouse_id` (ignored) and `lot_number: null` (accepted, optional). */
export const PutawayConfirmInput = body(
  {
    item_id: int({ gt: 0 }),
    from_bin_id: int({ gt: 0 }),
    to_bin_id: int({ gt: 0 }),
    quantity: int({ gt: 0, le: 100000 }),
    // legacy-difference: lot_number ≤100 in the legacy schema, DB varchar(50) -> 51–100 was a 500; capped at 50
    lot_number: optional(str({ max: 50 })),
  },
  { refine: (v) => (v.from_bin_id === v.to_bin_id ? 'from_bin_id and to_bin_id must be different' : null) },
);
export type PutawayConfirmInput = Infer<typeof PutawayConfirmInput>;

/** POST /putaway/update-preferred */
export const PreferredBinUpdateInput = body({
  item_id: int({ gt: 0 }),
  bin_id: int({ gt: 0 }),
  set_as_primary: optional(bool(), true),
});
export type PreferredBinUpdateInput = Infer<typeof PreferredBinUpdateInput>;
