/** Body schemas of /admin (spec 90 §7, spec 70); the zone schemas are the catalog module's (catalog.inputs.ts). Parsed output keeps the legacy snake_case names.
 *
 * Update (PUT) schemas: every field optional, an absent key is omitted from the output (so handlers can
 * answer `No valid fields provided` and update only what was sent); `null` is passed through as null.
 *
 * String caps: where the legacy schema allowed a longer string than the DB column (spec 90 §8, spec 00),
 * the field is capped at the column length (`string_too_long`) — each marked `// legacy-difference`.
 */
import {
  body,
  decimal,
  int,
  list,
  model,
  optional,
  str,
  type Infer,
} from '../validation/pydantic';

// ---------------------------------------------------------------------------------------------------
// Purchase orders
// ---------------------------------------------------------------------------------------------------

/** POST /admin/purchase-orders (the panel also sends vendor_address and lines[].quantity_expected:
 *  ignored). `warehouse_id` stays required: the panel's first submit with `warehouse_id: null` keeps
 *  failing as in the legacy (spec 95 §7.1) — not a field-name/optional-null fix. */
export const PurchaseOrderCreateInput = body({
  po_number: str({ min: 1, max: 50 }), // legacy-difference: capped at DB 50 (legacy 128)
  warehouse_id: int({ gt: 0 }),
  lines: list(
    model('POLineEntry', {
      item_id: int({ gt: 0 }),
      quantity_ordered: int({ gt: 0, le: 1000000 }),
      unit_cost: optional(decimal({ ge: 0 })),
      line_number: optional(int({ ge: 1 })),
    }),
    { min: 1 },
  ),
  po_barcode: optional(str({ max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  vendor_name: optional(str({ max: 200 })), // legacy-difference: capped at DB 200 (legacy 256)
  expected_date: optional(str({ max: 32 })),
  notes: optional(str({ max: 1000 })),
});
export type PurchaseOrderCreateInput = Infer<typeof PurchaseOrderCreateInput>;

/** PUT /admin/purchase-orders/{id} */
export const PurchaseOrderUpdateInput = body({
  po_number: optional(str({ min: 1, max: 50 })), // legacy-difference: capped at DB 50 (legacy 128)
  po_barcode: optional(str({ max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  vendor_name: optional(str({ max: 200 })), // legacy-difference: capped at DB 200 (legacy 256)
  expected_date: optional(str({ max: 32 })),
  notes: optional(str({ max: 1000 })),
});
export type PurchaseOrderUpdateInput = Infer<typeof PurchaseOrderUpdateInput>;

// ---------------------------------------------------------------------------------------------------
// Sales orders
// ---------------------------------------------------------------------------------------------------

/** POST /admin/sales-orders (clients also send lines[].quantity: ignored). `warehouse_id` stays
 *  required (see PurchaseOrderCreateInput). */
export const SalesOrderCreateInput = body({
  so_number: str({ min: 1, max: 50 }), // legacy-difference: capped at DB 50 (legacy 128)
  warehouse_id: int({ gt: 0 }),
  lines: list(
    model('SOLineEntry', {
      item_id: int({ gt: 0 }),
      quantity_ordered: int({ gt: 0, le: 1000000 }),
      line_number: optional(int({ ge: 1 })),
    }),
    { min: 1 },
  ),
  so_barcode: optional(str({ max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  customer_name: optional(str({ max: 200 })), // legacy-difference: capped at DB 200 (legacy 256)
  customer_phone: optional(str({ max: 50 })), // legacy-difference: capped at DB 50 (legacy 64)
  customer_address: optional(str({ max: 512 })), // DB text: no cap needed
  ship_method: optional(str({ max: 50 })), // legacy-difference: capped at DB 50 (legacy 100)
  ship_address: optional(str({ max: 500 })), // legacy-difference: capped at DB 500 (legacy 512)
  ship_by_date: optional(str({ max: 32 })),
});
export type SalesOrderCreateInput = Infer<typeof SalesOrderCreateInput>;

/** PUT /admin/sales-orders/{id} */
export const SalesOrderUpdateInput = body({
  so_number: optional(str({ min: 1, max: 50 })), // legacy-difference: capped at DB 50 (legacy 128)
  so_barcode: optional(str({ max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  customer_name: optional(str({ max: 200 })), // legacy-difference: capped at DB 200 (legacy 256)
  customer_phone: optional(str({ max: 50 })), // legacy-difference: capped at DB 50 (legacy 64)
  customer_address: optional(str({ max: 512 })),
  ship_method: optional(str({ max: 50 })), // legacy-difference: capped at DB 50 (legacy 100)
  ship_address: optional(str({ max: 500 })), // legacy-difference: capped at DB 500 (legacy 512)
  ship_by_date: optional(str({ max: 32 })),
  priority: optional(int({ ge: 0, le: 10 })),
});
export type SalesOrderUpdateInput = Infer<typeof SalesOrderUpdateInput>;
