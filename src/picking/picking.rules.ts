import type { ModuleRules } from '../auth/shield';

/** Shield rules of the picking module's root fields (anything not listed is denied). */
export const pickingRules: ModuleRules = {};
