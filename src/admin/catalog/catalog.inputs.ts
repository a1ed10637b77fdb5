/**
 * Inputs of the catalog mutations (warehouses, zones, bins, items, preferred bins): one zod schema each, camelCase
 * as the GraphQL input types. Text lengths are those of the columns.
 *
 * Updates: every field may be left out (only the fields sent are written). A column that cannot be empty refuses
 * null ("Input should be a valid string"); the others take null as "clear it". The id of the object to change is
 * any whole number: one no row has is not found, like any other.
 */
import { z } from 'zod';
import { id, int, text } from '../../graphql/inputs';

/**
 * Zone types: the public reference lists STORAGE, RECEIVING, STAGING, SHIPPING, QUALITY, DAMAGE and the legacy server
 * accepted RECEIVING, STORAGE, PICKING, STAGING, SHIPPING (spec 00 §2 "⚠ differs from reference"). The reference
 * wins, so QUALITY and DAMAGE are accepted (the admin panel offers them, spec 95 §2.15); PICKING stays accepted so
 * existing zones and clients keep working.
 */
export const CATALOG_ZONE_TYPES = ['RECEIVING', 'STORAGE', 'PICKING', 'STAGING', 'SHIPPING', 'QUALITY', 'DAMAGE'] as const;
/** Bin types, as stored. */
export const BIN_TYPES = ['Staging', 'PickableStaging', 'Pickable'] as const;

const zoneType = () => z.enum(CATALOG_ZONE_TYPES, { error: `zoneType must be one of: ${CATALOG_ZONE_TYPES.join(', ')}` });
const binType = () => z.enum(BIN_TYPES, { error: `binType must be one of: ${BIN_TYPES.join(', ')}` });
/** A rank or location number (≥ 0). */
const rank = () => int({ ge: 0 });

// --- warehouses ------------------------------------------------------------------------------------

/** warehouseCreate */
export const WarehouseCreateInput = z.object({
  // legacy-difference: warehouse_code 1–32 in the legacy schema, DB varchar(20) -> 21–32 was a 500; capped at 20
  warehouseCode: text({ min: 1, max: 20 }),
  // legacy-difference: warehouse_name 1–256 in the legacy schema, DB varchar(100) -> 101–256 was a 500; capped at 100
  warehouseName: text({ min: 1, max: 100 }),
  // legacy-difference: address ≤512 in the legacy schema, DB varchar(500) -> 501–512 was a 500; capped at 500
  address: text({ max: 500 }).nullish(),
});
export type WarehouseCreateInput = z.output<typeof WarehouseCreateInput>;

/** The changes of warehouseUpdate. */
export const WarehouseChanges = z.object({
  warehouseCode: text({ min: 1, max: 20 }).optional(), // legacy-difference: capped at DB 20 (legacy 32)
  warehouseName: text({ min: 1, max: 100 }).optional(), // legacy-difference: capped at DB 100 (legacy 256)
  address: text({ max: 500 }).nullish(), // legacy-difference: capped at DB 500 (legacy 512)
  isActive: z.boolean().nullish(),
});

/** warehouseUpdate: the warehouse and its changes. */
export const WarehouseUpdateInput = WarehouseChanges.extend({ warehouseId: int() });
export type WarehouseUpdateInput = z.output<typeof WarehouseUpdateInput>;

/** warehouseDelete */
export const WarehouseDeleteInput = z.object({ warehouseId: int() });
export type WarehouseDeleteInput = z.output<typeof WarehouseDeleteInput>;

// --- zones -----------------------------------------------------------------------------------------

/** zoneCreate (the panel also sends `is_active`: ignored, as in the legacy) */
export const ZoneCreateInput = z.object({
  warehouseId: id(),
  zoneCode: text({ min: 1, max: 20 }), // legacy-difference: capped at DB 20 (legacy 32)
  zoneName: text({ min: 1, max: 100 }), // legacy-difference: capped at DB 100 (legacy 128)
  zoneType: zoneType(),
});
export type ZoneCreateInput = z.output<typeof ZoneCreateInput>;

/** The changes of zoneUpdate. */
export const ZoneChanges = z.object({
  zoneCode: text({ min: 1, max: 20 }).optional(), // legacy-difference: capped at DB 20 (legacy 32)
  zoneName: text({ min: 1, max: 100 }).optional(), // legacy-difference: capped at DB 100 (legacy 128)
  zoneType: zoneType().optional(),
  isActive: z.boolean().nullish(),
});

/** zoneUpdate: the zone and its changes. */
export const ZoneUpdateInput = ZoneChanges.extend({ zoneId: int() });
export type ZoneUpdateInput = z.output<typeof ZoneUpdateInput>;

// --- bins ------------------------------------------------------------------------------------------

/** binCreate (the panel also sends `is_active`: ignored, as in the legacy) */
export const BinCreateInput = z.object({
  zoneId: id(),
  warehouseId: id(),
  binCode: text({ min: 1, max: 50 }), // legacy-difference: capped at DB 50 (legacy 64)
  binBarcode: text({ min: 1, max: 100 }), // legacy-difference: capped at DB 100 (legacy 128)
  binType: binType(),
  aisle: text({ max: 10 }).nullish(), // legacy-difference: capped at DB 10 (legacy 32)
  rowNum: rank().nullish(),
  levelNum: rank().nullish(),
  positionNum: rank().nullish(),
  // legacy-difference: null (sent by the legacy panel when blank, spec 95 §7.1) means the default 0; the legacy
  // rejected it
  pickSequence: rank().nullish().transform((v) => v ?? 0),
  putawaySequence: rank().nullish().transform((v) => v ?? 0),
});
export type BinCreateInput = z.output<typeof BinCreateInput>;

/** The changes of binUpdate (the barcode may be emptied). */
export const BinChanges = z.object({
  binCode: text({ min: 1, max: 50 }).optional(), // legacy-difference: capped at DB 50 (legacy 64)
  binBarcode: text({ max: 100 }).optional(), // legacy-difference: capped at DB 100 (legacy 128)
  binType: binType().optional(),
  aisle: text({ max: 10 }).nullish(), // legacy-difference: capped at DB 10 (legacy 32)
  rowNum: rank().nullish(),
  levelNum: rank().nullish(),
  positionNum: rank().nullish(),
  // legacy-difference: null (the legacy panel's blank field) leaves the value unchanged; the legacy rejected it
  pickSequence: rank().nullish().transform((v) => v ?? undefined),
  putawaySequence: rank().nullish().transform((v) => v ?? undefined),
  isActive: z.boolean().nullish(),
  zoneId: id().optional(),
});

/** binUpdate: the bin and its changes. */
export const BinUpdateInput = BinChanges.extend({ binId: int() });
export type BinUpdateInput = z.output<typeof BinUpdateInput>;

// --- items -----------------------------------------------------------------------------------------

const weightLbs = () => z.number().gte(0).lte(99999);

/** itemCreate (the panel sends upc/category/weight_lbs/default_bin_id as null when blank: accepted) */
export const ItemCreateInput = z.object({
  sku: text({ min: 1, max: 50 }), // legacy-difference: capped at DB 50 (legacy 128)
  itemName: text({ min: 1, max: 200 }), // legacy-difference: capped at DB 200 (legacy 256)
  description: text({ max: 1000 }).nullish(),
  upc: text({ max: 50 }).nullish(), // legacy-difference: capped at DB 50 (legacy 128)
  category: text({ max: 100 }).nullish(), // legacy-difference: capped at DB 100 (legacy 128)
  weightLbs: weightLbs().nullish(),
  defaultBinId: id().nullish(),
});
export type ItemCreateInput = z.output<typeof ItemCreateInput>;

/** The changes of itemUpdate. */
export const ItemChanges = z.object({
  sku: text({ min: 1, max: 50 }).optional(), // legacy-difference: capped at DB 50 (legacy 128)
  itemName: text({ min: 1, max: 200 }).optional(), // legacy-difference: capped at DB 200 (legacy 256)
  description: text({ max: 1000 }).nullish(),
  upc: text({ max: 50 }).nullish(), // legacy-difference: capped at DB 50 (legacy 128)
  category: text({ max: 100 }).nullish(), // legacy-difference: capped at DB 100 (legacy 128)
  weightLbs: weightLbs().nullish(),
  defaultBinId: id().nullish(),
  reorderPoint: rank().nullish(),
  reorderQty: rank().nullish(),
  isActive: z.boolean().nullish(),
});

/** itemUpdate: the item and its changes. */
export const ItemUpdateInput = ItemChanges.extend({ itemId: int() });
export type ItemUpdateInput = z.output<typeof ItemUpdateInput>;

/** itemArchive / itemDelete */
export const ItemIdInput = z.object({ itemId: int() });
export type ItemIdInput = z.output<typeof ItemIdInput>;

// --- preferred bins --------------------------------------------------------------------------------

const priority = () => int({ ge: 1, le: 100 });

/** preferredBinCreate */
export const PreferredBinCreateInput = z.object({
  itemId: id(),
  binId: id(),
  priority: priority().nullish().transform((p) => p ?? 1),
});
export type PreferredBinCreateInput = z.output<typeof PreferredBinCreateInput>;

/** The change of preferredBinUpdate. */
export const PreferredBinChanges = z.object({ priority: priority() });

/** preferredBinUpdate: the preferred bin and its new priority. */
export const PreferredBinUpdateInput = PreferredBinChanges.extend({ preferredBinId: int() });
export type PreferredBinUpdateInput = z.output<typeof PreferredBinUpdateInput>;

/** preferredBinDelete */
export const PreferredBinDeleteInput = z.object({ preferredBinId: int() });
export type PreferredBinDeleteInput = z.output<typeof PreferredBinDeleteInput>;
