import { chain } from 'graphql-shield';
import type { ModuleRules } from '../../auth/shield';
import { isAdmin, isAuthenticated } from '../../auth/rules';

const admin = chain(isAuthenticated, isAdmin);

/** Shield rules of the orders module's root fields (anything not listed is denied). Admin only (spec 70). */
export const ordersRules: ModuleRules = {
  Query: {
    purchaseOrders: admin,
    purchaseOrderPage: admin,
    purchaseOrder: admin,
    salesOrders: admin,
    salesOrderPage: admin,
    salesOrder: admin,
  },
  Mutation: {
    purchaseOrderCreate: admin,
    purchaseOrderUpdate: admin,
    purchaseOrderClose: admin,
    salesOrderCreate: admin,
    salesOrderUpdate: admin,
    salesOrderCancel: admin,
  },
};
