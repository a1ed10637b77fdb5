import type { ModuleRules } from '../auth/shield';

/** Shield rules of the putaway module's root fields (anything not listed is denied). */
export const putawayRules: ModuleRules = {};
