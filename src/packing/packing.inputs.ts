/** Body schemas of /packing (spec 90 §7, spec 40). Parsed output keeps the legacy snake_case names. */
import { body, int, optional, str, type Infer } from '../validation/pydantic';

/** POST /packing/verify */
export const PackVerifyInput = body({
  so_id: int({ gt: 0 }),
  scanned_barcode: str({ min: 1, max: 128 }),
  quantity: optional(int({ gt: 0, le: 100000 }), 1),
});
export type PackVerifyInput = Infer<typeof PackVerifyInput>;

/** POST /packing/complete */
export const PackCompleteInput = body({
  so_id: int({ gt: 0 }),
});
export type PackCompleteInput = Infer<typeof PackCompleteInput>;
