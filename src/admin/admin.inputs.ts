/** Body schemas of /admin (spec 90 §7, spec 70); the zone schemas are the catalog module's (catalog.inputs.ts). Parsed output keeps the legacy snake_case names.
 *
 * Update (PUT) schemas: every field optional, an absent key is omitted from the output (so handlers can
 * answer `No valid fields provided` and update only what was sent); `null` is passed through as null.
 *
 * String caps: where the legacy schema allowed a longer string than the DB column (spec 90 §8, spec 00),
 * the field is capped at the column length (`string_too_long`) — each marked `// legacy-difference`.
 */
import {
  alias,
  body,
  bool,
  decimal,
  enumStr,
  int,
  optional,
  str,
  strMap,
  type Infer,
} from '../validation/pydantic';

export const BIN_TYPES = ['Staging', 'PickableStaging', 'Pickable'] as const;

const binType = () => enumStr(BIN_TYPES, 'bin_type must be one of: Staging, PickableStaging, Pickable');

// ---------------------------------------------------------------------------------------------------
// Warehouses
// ---------------------------------------------------------------------------------------------------

/** POST /admin/warehouses */
export const WarehouseCreateInput = body({
  // legacy-difference: warehouse_code 1–32 in the legacy schema, DB varchar(20) -> 21–32 was a 500; capped at 20
  warehouse_code: str({ min: 1, max: 20 }),
  // legacy-difference: warehouse_name 1–256 in the legacy schema, DB varchar(100) -> 101–256 was a 500; capped at 100
  warehouse_name: str({ min: 1, max: 100 }),
  // legacy-difference: address ≤512 in the legacy schema, DB varchar(500) -> 501–512 was a 500; capped at 500
  address: optional(str({ max: 500 })),
});
export type WarehouseCreateInput = Infer<typeof WarehouseCreateInput>;

/** PUT /admin/warehouses/{id} */
export const WarehouseUpdateInput = body({
  warehouse_code: optional(str({ min: 1, max: 20 })), // legacy-difference: capped at DB 20 (legacy 32)
  warehouse_name: optional(str({ min: 1, max: 100 })), // legacy-difference: capped at DB 100 (legacy 256)
  address: optional(str({ max: 500 })), // legacy-difference: capped at DB 500 (legacy 512)
  is_active: optional(bool()),
});
export type WarehouseUpdateInput = Infer<typeof WarehouseUpdateInput>;

// ---------------------------------------------------------------------------------------------------
// Bins
// ---------------------------------------------------------------------------------------------------

/** POST /admin/bins (the panel also sends `is_active`: ignored, as in the legacy) */
export const BinCreateInput = body({
  zone_id: int({ gt: 0 }),
  warehouse_id: int({ gt: 0 }),
  bin_code: str({ min: 1, max: 50 }), // legacy-difference: capped at DB 50 (legacy 64)
  // alias: barcode (legacy admin panel sends `barcode`, spec 95 §2.14/§7.1)
  // legacy-difference: capped at DB 100 (legacy 128)
  bin_barcode: alias(str({ min: 1, max: 100 }), 'barcode'),
  bin_type: binType(),
  aisle: optional(str({ max: 10 })), // legacy-difference: capped at DB 10 (legacy 32)
  row_num: optional(int({ ge: 0 })),
  level_num: optional(int({ ge: 0 })),
  position_num: optional(int({ ge: 0 })),
  // legacy-difference: `pick_sequence: null` (sent by the legacy panel when blank, spec 95 §7.1) is
  // accepted and means the default 0; the legacy rejected it
  pick_sequence: optional(int({ ge: 0 }), 0, { onNull: 'default' }),
  // legacy-difference: null accepted as the default 0 (same reasoning as pick_sequence)
  putaway_sequence: optional(int({ ge: 0 }), 0, { onNull: 'default' }),
});
export type BinCreateInput = Infer<typeof BinCreateInput>;

/** PUT /admin/bins/{id} (bin_barcode may be empty) */
export const BinUpdateInput = body({
  bin_code: optional(str({ min: 1, max: 50 })), // legacy-difference: capped at DB 50 (legacy 64)
  // alias: barcode (legacy admin panel sends `barcode`, spec 95 §2.14/§7.1)
  bin_barcode: alias(optional(str({ max: 100 })), 'barcode'), // legacy-difference: capped at DB 100 (legacy 128)
  bin_type: optional(binType()),
  aisle: optional(str({ max: 10 })), // legacy-difference: capped at DB 10 (legacy 32)
  row_num: optional(int({ ge: 0 })),
  level_num: optional(int({ ge: 0 })),
  position_num: optional(int({ ge: 0 })),
  // legacy-difference: `pick_sequence: null` (legacy panel, blank field) is accepted and leaves the
  // value unchanged (treated as absent); the legacy rejected it
  pick_sequence: optional(int({ ge: 0 }), undefined, { onNull: 'absent' }),
  // legacy-difference: null treated as absent (same reasoning as pick_sequence)
  putaway_sequence: optional(int({ ge: 0 }), undefined, { onNull: 'absent' }),
  is_active: optional(bool()),
  zone_id: optional(int({ gt: 0 })),
});
export type BinUpdateInput = Infer<typeof BinUpdateInput>;

// ---------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------

/** POST /admin/items (the panel sends upc/category/weight_lbs/default_bin_id as null when blank: accepted) */
export const ItemCreateInput = body({
  sku: str({ min: 1, max: 50 }), // legacy-difference: capped at DB 50 (legacy 128)
  item_name: str({ min: 1, max: 200 }), // legacy-difference: capped at DB 200 (legacy 256)
  description: optional(str({ max: 1000 })),
  upc: optional(str({ max: 50 })), // legacy-difference: capped at DB 50 (legacy 128)
  category: optional(str({ max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  weight_lbs: optional(decimal({ ge: 0, le: 99999 })),
  default_bin_id: optional(int({ gt: 0 })),
});
export type ItemCreateInput = Infer<typeof ItemCreateInput>;

/** PUT /admin/items/{id} */
export const ItemUpdateInput = body({
  sku: optional(str({ min: 1, max: 50 })), // legacy-difference: capped at DB 50 (legacy 128)
  item_name: optional(str({ min: 1, max: 200 })), // legacy-difference: capped at DB 200 (legacy 256)
  description: optional(str({ max: 1000 })),
  upc: optional(str({ max: 50 })), // legacy-difference: capped at DB 50 (legacy 128)
  category: optional(str({ max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  weight_lbs: optional(decimal({ ge: 0, le: 99999 })),
  default_bin_id: optional(int({ gt: 0 })),
  reorder_point: optional(int({ ge: 0 })),
  reorder_qty: optional(int({ ge: 0 })),
  is_active: optional(bool()),
});
export type ItemUpdateInput = Infer<typeof ItemUpdateInput>;

// ---------------------------------------------------------------------------------------------------
// Preferred bins
// ---------------------------------------------------------------------------------------------------

/** POST /admin/preferred-bins */
export const PreferredBinCreateInput = body({
  item_id: int({ gt: 0 }),
  bin_id: int({ gt: 0 }),
  priority: optional(int({ ge: 1, le: 100 }), 1),
});
export type PreferredBinCreateInput = Infer<typeof PreferredBinCreateInput>;

/** PUT /admin/preferred-bins/{id} */
export const PreferredBinUpdateInput = body({
  priority: int({ ge: 1, le: 100 }),
});
export type PreferredBinUpdateInput = Infer<typeof PreferredBinUpdateInput>;

// ---------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------

/** PUT /admin/settings */
export const SettingsUpdateInput = body({
  // legacy-difference: a setting key longer than the DB column (varchar(100)) was a 500; now
  // string_too_long at loc ["settings", <key>, "[key]"] (pydantic's loc for dict keys)
  settings: strMap({ min: 1, keyMax: 100 }),
});
export type SettingsUpdateInput = Infer<typeof SettingsUpdateInput>;
