import type { ModuleRules } from '../../auth/shield';

/** Shield rules of the catalog module's root fields (anything not listed is denied). */
export const catalogRules: ModuleRules = {};
