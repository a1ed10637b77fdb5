import type { ModuleRules } from '../auth/shield';

/** Shield rules of the shipping module's root fields (anything not listed is denied). */
export const shippingRules: ModuleRules = {};
