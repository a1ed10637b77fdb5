import type { CurrentUser } from '../context';
import { forbidden } from '../errors';

/** The seven functions a floor user may be granted; admins have them all. */
export const ALL_FUNCTIONS = ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer'] as const;
export type WarehouseFunction = (typeof ALL_FUNCTIONS)[number];

/** Admins are never warehouse-scoped; everyone else is limited to `warehouse_ids` (empty = nothing). */
export function canAccessWarehouse(user: CurrentUser, warehouseId: number | null | undefined): boolean {
  if (user.isAdmin) return true;
  return warehouseId !== null && warehouseId !== undefined && user.warehouseIds.includes(warehouseId);
}

/** The one warehouse-scope check services call for every object a user reads or changes. */
export function assertWarehouseAccess(user: CurrentUser, warehouseId: number | null | undefined): void {
  if (!canAccessWarehouse(user, warehouseId)) throw forbidden('Access denied for this warehouse');
}

/** For list queries: `undefined` means every warehouse (admins), otherwise the allow-list. */
export function scopedWarehouseIds(user: CurrentUser): number[] | undefined {
  return user.isAdmin ? undefined : user.warehouseIds;
}

export function hasFunction(user: CurrentUser, fn: WarehouseFunction): boolean {
  return user.isAdmin || user.allowedFunctions.includes(fn);
}
