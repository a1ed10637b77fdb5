import type { ModuleRules } from '../../auth/shield';

/** Shield rules of the imports module's root fields (anything not listed is denied). */
export const importsRules: ModuleRules = {};
