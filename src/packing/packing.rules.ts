import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { can, isAuthenticated } from '../auth/rules';

const pack = chain(isAuthenticated, can('pack'));

/** Shield rules of the packing module's root fields (anything not listed is denied). */
export const packingRules: ModuleRules = {
  Query: { packOrder: isAuthenticated },
  Mutation: { packVerify: pack, packComplete: pack },
};
