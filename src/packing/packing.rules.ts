import type { ModuleRules } from '../auth/shield';

/** Shield rules of the packing module's root fields (anything not listed is denied). */
export const packingRules: ModuleRules = {};
