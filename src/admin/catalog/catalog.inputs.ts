/**
 * Zone body schemas (POST /admin/zones, PUT /admin/zones/{id}).
 *
 * Zone types: the public reference lists STORAGE, RECEIVING, STAGING, SHIPPING, QUALITY, DAMAGE and
 * the legacy server accepted RECEIVING, STORAGE, PICKING, STAGING, SHIPPING (spec 00 §2 "⚠ differs
 * from reference"). The reference wins, so QUALITY and DAMAGE are accepted (the admin panel offers
 * them, spec 95 §2.15); PICKING stays accepted so existing zones and clients keep working.
 */
import { body, bool, enumStr, int, optional, str, type Infer } from '../../validation/pydantic';

export const CATALOG_ZONE_TYPES = ['RECEIVING', 'STORAGE', 'PICKING', 'STAGING', 'SHIPPING', 'QUALITY', 'DAMAGE'] as const;

const zoneType = () =>
  enumStr(CATALOG_ZONE_TYPES, `zone_type must be one of: ${CATALOG_ZONE_TYPES.join(', ')}`, { min: 1, max: 32 });

/** POST /admin/zones (the panel also sends `is_active`: ignored, as in the legacy) */
export const ZoneCreateInput = body({
  warehouse_id: int({ gt: 0 }),
  zone_code: str({ min: 1, max: 20 }), // legacy-difference: capped at DB 20 (legacy 32)
  zone_name: str({ min: 1, max: 100 }), // legacy-difference: capped at DB 100 (legacy 128)
  zone_type: zoneType(),
});
export type ZoneCreateInput = Infer<typeof ZoneCreateInput>;

/** PUT /admin/zones/{id} */
export const ZoneUpdateInput = body({
  zone_code: optional(str({ min: 1, max: 20 })), // legacy-difference: capped at DB 20 (legacy 32)
  zone_name: optional(str({ min: 1, max: 100 })), // legacy-difference: capped at DB 100 (legacy 128)
  zone_type: optional(zoneType()),
  is_active: optional(bool()),
});
export type ZoneUpdateInput = Infer<typeof ZoneUpdateInput>;
