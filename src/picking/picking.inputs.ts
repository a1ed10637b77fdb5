/** Body schemas of /picking (spec 90 §7, spec 30). Parsed output keeps the legacy snake_case names. */
import { body, int, list, optional, str, type Infer } from '../validation/pydantic';

/** POST /picking/create-batch */
export const CreateBatchInput = body({
  so_identifiers: list(str(), { min: 1 }),
  warehouse_id: int({ gt: 0 }),
});
export type CreateBatchInput = Infer<typeof CreateBatchInput>;

/** POST /picking/wave-validate */
export const WaveValidateInput = body({
  so_barcode: str({ min: 1, max: 128 }),
  warehouse_id: int({ gt: 0 }),
});
export type WaveValidateInput = Infer<typeof WaveValidateInput>;

/** POST /picking/wave-create */
export const WaveCreateInput = body({
  so_ids: list(int(), { min: 1 }),
  warehouse_id: int({ gt: 0 }),
});
export type WaveCreateInput = Infer<typeof WaveCreateInput>;

/** POST /picking/confirm */
export const PickConfirmInput = body({
  pick_task_id: int({ gt: 0 }),
  scanned_barcode: str({ min: 1, max: 128 }),
  quantity_picked: int({ gt: 0, le: 100000 }),
});
export type PickConfirmInput = Infer<typeof PickConfirmInput>;

/** POST /picking/short */
export const PickShortInput = body({
  pick_task_id: int({ gt: 0 }),
  quantity_available: optional(int({ ge: 0, le: 100000 }), 0),
});
export type PickShortInput = Infer<typeof PickShortInput>;

/** POST /picking/complete-batch and /picking/cancel-batch */
export const BatchIdInput = body({
  batch_id: int({ gt: 0 }),
});
export type BatchIdInput = Infer<typeof BatchIdInput>;
