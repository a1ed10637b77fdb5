import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { isAdmin, isAuthenticated } from '../auth/rules';

/**
 * Subscriptions. dashboardStats: ADMIN (as the dashboard query). activityFeed: any signed-in user; the warehouse
 * scope (ADMIN, or a user scoped to the requested warehouse) is checked by the resolver at subscribe time.
 */
export const liveRules: ModuleRules = {
  Subscription: {
    dashboardStats: chain(isAuthenticated, isAdmin),
    activityFeed: isAuthenticated,
  },
};
