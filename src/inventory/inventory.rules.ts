import type { ModuleRules } from '../auth/shield';

/** Shield rules of the inventory module's root fields (anything not listed is denied). */
export const inventoryRules: ModuleRules = {};
