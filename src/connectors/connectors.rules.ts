import type { ModuleRules } from '../auth/shield';

/** Shield rules of the connectors module's root fields (anything not listed is denied). */
export const connectorsRules: ModuleRules = {};
