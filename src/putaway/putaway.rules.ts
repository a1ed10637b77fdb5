import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { can, isAuthenticated } from '../auth/rules';

/** Shield rules of the putaway module's root fields (anything not listed is denied). */
export const putawayRules: ModuleRules = {
  Query: { putawayPending: isAuthenticated, putawaySuggestion: isAuthenticated },
  Mutation: {
    putawayConfirm: chain(isAuthenticated, can('putaway')),
    putawayUpdatePreferred: chain(isAuthenticated, can('putaway')),
  },
};
