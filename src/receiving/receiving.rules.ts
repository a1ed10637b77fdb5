import type { ModuleRules } from '../auth/shield';

/** Shield rules of the receiving module's root fields (anything not listed is denied). */
export const receivingRules: ModuleRules = {};
