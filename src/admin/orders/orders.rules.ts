import type { ModuleRules } from '../../auth/shield';

/** Shield rules of the orders module's root fields (anything not listed is denied). */
export const ordersRules: ModuleRules = {};
