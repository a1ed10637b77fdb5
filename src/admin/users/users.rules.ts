import type { ModuleRules } from '../../auth/shield';

/** Shield rules of the users module's root fields (anything not listed is denied). */
export const usersRules: ModuleRules = {};
