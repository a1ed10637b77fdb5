import { chain } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { isAdmin, isAuthenticated } from '../../auth/rules';

const admin = chain(isAuthenticated, isAdmin);

/** Shield rules of the users module's root fields (anything not listed is denied). Admin only (spec 70). */
export const usersRules: ModuleRules = {
  Query: { users: admin, userPage: admin },
  Mutation: { userCreate: admin, userUpdate: admin, userDelete: admin },
};
