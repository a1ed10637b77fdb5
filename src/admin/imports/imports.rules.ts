import { chain } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { isAdmin, isAuthenticated } from '../../auth/rules';

/** Shield rules of the imports module's root fields (anything not listed is denied). Admin only (spec 70). */
export const importsRules: ModuleRules = {
  Mutation: { importRecords: chain(isAuthenticated, isAdmin) },
};
