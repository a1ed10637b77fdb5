/** Body schemas of /inventory, /transfers and /admin/adjustments, /admin/inter-warehouse-transfer
 *  (spec 90 §7, spec 50). Parsed output keeps the legacy snake_case names. */
import { alias, body, bool, enumStr, int, list, model, optional, str, type Infer } from '../validation/pydantic';

const differentBins = (v: { from_bin_id: number; to_bin_id: number }) =>
  v.from_bin_id === v.to_bin_id ? 'from_bin_id and to_bin_id must be different' : null;

/** POST /inventory/cycle-count/create */
export const CycleCountCreateInput = body({
  warehouse_id: int({ gt: 0 }),
  bin_ids: list(int(), { min: 1 }),
});
export type CycleCountCreateInput = Infer<typeof CycleCountCreateInput>;

/** POST /inventory/cycle-count/submit */
export const CycleCountSubmitInput = body({
  count_id: int({ gt: 0 }),
  lines: list(
    model('CycleCountLineEntry', {
      count_line_id: optional(int({ gt: 0 })),
      counted_quantity: int({ ge: 0, le: 1000000 }),
      unexpected: optional(bool(), false),
      item_id: optional(int({ gt: 0 })),
      sku: optional(str({ max: 128 })),
    }),
    { min: 1 },
  ),
});
export type CycleCountSubmitInput = Infer<typeof CycleCountSubmitInput>;

/** POST /transfers/move — model rule from_bin_id ≠ to_bin_id (loc [], only when every field is valid).
 *  The scanner also sends `warehouse_id` (ignored). */
export const BinMoveInput = body(
  {
    item_id: int({ gt: 0 }),
    from_bin_id: int({ gt: 0 }),
    to_bin_id: int({ gt: 0 }),
    quantity: int({ gt: 0, le: 100000 }),
    // legacy-difference: reason ≤500 in the legacy schema, DB varchar(200) -> 201–500 was a 500; capped at 200
    reason: optional(str({ max: 200 })),
    // legacy-difference: lot_number ≤100 in the legacy schema, DB varchar(50) -> 51–100 was a 500; capped at 50
    lot_number: optional(str({ max: 50 })),
  },
  { refine: differentBins },
);
export type BinMoveInput = Infer<typeof BinMoveInput>;

/** POST /admin/adjustments/review — action is case-sensitive `approve`/`reject`. */
export const AdjustmentReviewInput = body({
  decisions: list(
    model('AdjustmentDecision', {
      adjustment_id: int({ gt: 0 }),
      action: enumStr(['approve', 'reject'], "action must be 'approve' or 'reject'", { min: 1 }),
    }),
    { min: 1 },
  ),
});
export type AdjustmentReviewInput = Infer<typeof AdjustmentReviewInput>;

/** POST /admin/adjustments/direct — adjustment_type case-insensitive, output upper-case (`ADD`/`REMOVE`).
 *  `reason` stays required 1–500 as documented (the legacy panel may send "" and fails, spec 95 §7.1:
 *  relaxing it is not a field-name/null fix, so it is left to the lead). */
export const DirectAdjustmentInput = body({
  item_id: int({ gt: 0 }),
  bin_id: int({ gt: 0 }),
  warehouse_id: int({ gt: 0 }),
  adjustment_type: enumStr(['ADD', 'REMOVE'], 'adjustment_type must be ADD or REMOVE', {
    min: 1,
    max: 10,
    caseInsensitive: true,
  }),
  quantity: int({ gt: 0, le: 1000000 }),
  reason: str({ min: 1, max: 500 }),
});
export type DirectAdjustmentInput = Infer<typeof DirectAdjustmentInput>;

/** POST /admin/inter-warehouse-transfer.
 *  Aliases (spec 95 §2.19/§7.1: the legacy admin panel sends source_* / destination_*; the documented
 *  from_* / to_* names win when present). */
export const InterWarehouseTransferInput = body({
  item_id: int({ gt: 0 }),
  // alias: source_bin_id (legacy admin panel)
  from_bin_id: alias(int({ gt: 0 }), 'source_bin_id'),
  // alias: source_warehouse_id (legacy admin panel)
  from_warehouse_id: alias(int({ gt: 0 }), 'source_warehouse_id'),
  // alias: destination_bin_id (legacy admin panel)
  to_bin_id: alias(int({ gt: 0 }), 'destination_bin_id'),
  // alias: destination_warehouse_id (legacy admin panel)
  to_warehouse_id: alias(int({ gt: 0 }), 'destination_warehouse_id'),
  quantity: int({ gt: 0, le: 100000 }),
  // legacy-difference: reason ≤500 in the legacy schema, DB varchar(200) -> 201–500 was a 500; capped at 200
  reason: optional(str({ max: 200 })),
});
export type InterWarehouseTransferInput = Infer<typeof InterWarehouseTransferInput>;
