/** Body schemas of /receiving (spec 90 §7, spec 20). Parsed output keeps the legacy snake_case names. */
import { body, int, list, model, optional, str, type Infer } from '../validation/pydantic';

/** POST /receiving/receive. The scanner also sends `warehouse_id` (ignored, unknown keys are ignored). */
export const ReceiveInput = body({
  po_id: int({ gt: 0 }),
  items: list(
    model('ReceiveItemEntry', {
      item_id: int({ gt: 0 }),
      quantity: int({ gt: 0, le: 100000 }),
      bin_id: int({ gt: 0 }),
      // legacy-difference: lot_number ≤100 in the legacy schema, DB varchar(50) -> 51–100 was a 500; capped at 50
      lot_number: optional(str({ max: 50 })),
      serial_number: optional(str({ max: 100 })),
      // legacy-difference: notes ≤1000 in the legacy schema, DB varchar(500) -> 501–1000 was a 500; capped at 500
      notes: optional(str({ max: 500 })),
    }),
    { min: 1 },
  ),
});
export type ReceiveInput = Infer<typeof ReceiveInput>;

/** POST /receiving/cancel — no required field (an empty body proceeds: `Nothing to cancel`). */
export const ReceiptCancelInput = body({
  receipt_ids: optional(list(int()), []),
  po_id: optional(int({ gt: 0 })),
  warehouse_id: optional(int({ gt: 0 })),
});
export type ReceiptCancelInput = Infer<typeof ReceiptCancelInput>;
