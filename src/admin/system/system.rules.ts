import type { ModuleRules } from '../../auth/shield';

/** Shield rules of the system module's root fields (anything not listed is denied). */
export const systemRules: ModuleRules = {};
