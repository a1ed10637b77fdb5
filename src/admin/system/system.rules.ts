import { chain } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { isAdmin, isAuthenticated } from '../../auth/rules';

const admin = chain(isAuthenticated, isAdmin);

/** Shield rules of the system module's root fields (anything not listed is denied). All ADMIN only. */
export const systemRules: ModuleRules = {
  Query: {
    auditLog: admin,
    auditLogPage: admin,
    auditLogVerify: admin,
    dashboard: admin,
    settings: admin,
    setting: admin,
  },
  Mutation: { settingsUpdate: admin },
};
