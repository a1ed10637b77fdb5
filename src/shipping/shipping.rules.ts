import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { can, isAuthenticated } from '../auth/rules';

/** Shield rules of the shipping module's root fields (anything not listed is denied). */
export const shippingRules: ModuleRules = {
  Query: { shipOrder: isAuthenticated },
  Mutation: { shipFulfill: chain(isAuthenticated, can('ship')) },
};
