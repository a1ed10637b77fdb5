import type { ModuleRules } from '../auth/shield';

/** Shield rules of the lookup module's root fields (anything not listed is denied). */
export const lookupRules: ModuleRules = {};
