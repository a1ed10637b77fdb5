import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { can, isAuthenticated } from '../auth/rules';

/** Shield rules of the receiving module's root fields (anything not listed is denied). */
export const receivingRules: ModuleRules = {
  Query: { receivingPurchaseOrder: isAuthenticated },
  Mutation: {
    receivingReceive: chain(isAuthenticated, can('receive')),
    receivingCancel: chain(isAuthenticated, can('receive')),
  },
};
