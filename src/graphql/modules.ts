import { authRules } from '../auth/auth.rules';
import { warehousesRules } from '../warehouses/warehouses.schema';
import type { ModuleRules } from '../auth/shield';

/** Shield rules of every module; a root field missing here is denied. */
export const moduleRules: ModuleRules[] = [authRules, warehousesRules];
