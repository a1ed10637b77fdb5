import type { ModuleRules } from '../auth/shield';
import { isAuthenticated } from '../auth/rules';

/** Shield rules of the lookup module's root fields (anything not listed is denied). Read-only: any user. */
export const lookupRules: ModuleRules = {
  Query: {
    lookupItem: isAuthenticated,
    lookupBin: isAuthenticated,
    lookupSalesOrder: isAuthenticated,
    lookupItemSearch: isAuthenticated,
    lookupBinSearch: isAuthenticated,
  },
};
