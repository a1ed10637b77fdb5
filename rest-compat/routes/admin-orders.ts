import { intFilter } from '../pagination';
import {
  PurchaseOrderCreateInput,
  PurchaseOrderUpdateInput,
  SalesOrderCreateInput,
  SalesOrderUpdateInput,
} from '../../src/admin/orders/orders.inputs';
import { UserChanges, UserCreateInput } from '../../src/admin/users/users.inputs';
import { legacyInput } from '../legacy-input';
import { assertImportEntityType, refusedImportNotice } from '../../src/admin/imports/imports.service';
import { camelKeys } from '../../src/shared/case';
import { isValueOf, PurchaseOrderStatus, SalesOrderStatus } from '../../src/graphql/enums';
import { legacyBodyDates } from '../legacy-dates';
import { defineRoutes, notFoundAnswer, pathInt, type RestRequest, type OperationData } from '../route';


/**
 * Order lists: the legacy status filter is an exact match, so a status outside the enum (another case,
 * an unknown word) lists nothing. GraphQL would refuse it, so it is not sent and the page is emptied.
 */
const orderList = (status: { values: readonly string[] }, rowsKey: string) => {
  const unknownStatus = (req: RestRequest) => {
    const s = req.query.get('status') || null;
    return s !== null && !isValueOf(status, s);
  };
  return {
    page: { rows: rowsKey },
    variables: (req: RestRequest) => {
      const s = unknownStatus(req) ? null : req.query.get('status') || null;
      return { filter: { status: s === null ? null : [s], warehouseId: intFilter(req.query.get('warehouse_id')) ?? null } };
    },
    result: (data: OperationData, req: RestRequest) => {
      const page = data[Object.keys(data)[0]];
      return unknownStatus(req) ? { ...page, [rowsKey]: [], total: 0, pages: 1 } : page;
    },
  };
};

/** An order body as GraphQL input, its date field (`expected_date`, `ship_by_date`) a Date (or its legacy 400). */
const orderInput = (req: RestRequest, dateField: string) => camelKeys(legacyBodyDates(req.body, [dateField]));

/** `{"purchase_order": {...}, "lines": [...]}` from an order selected with its lines. */
const withLinesBeside = (key: string) => (data: OperationData) => {
  const { lines, ...order } = data[Object.keys(data)[0]];
  return { [key]: order, lines };
};

/** Import rows: `records`, else the key named after the entity (spec 70 §14). */
const importRecordsOf = (entity: string, body: Record<string, unknown>) => {
  const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : !!v);
  for (const key of ['records', entity, entity.replace('-', '_')]) if (nonEmpty(body[key])) return body[key];
  return null;
};

export const routes = defineRoutes([
  // purchase orders (spec 70 §7)
  { method: 'GET', path: '/api/admin/purchase-orders', auth: 'admin', operation: 'AdminPurchaseOrders', ...orderList(PurchaseOrderStatus, 'purchase_orders') },
  {
    method: 'GET', path: '/api/admin/purchase-orders/:id#', auth: 'admin', operation: 'AdminPurchaseOrder',
    variables: (req) => ({ id: pathInt(req) }), result: withLinesBeside('purchase_order'), missing: notFoundAnswer('Purchase order not found'),
  },
  {
    method: 'POST', path: '/api/admin/purchase-orders', auth: 'admin', operation: 'AdminPurchaseOrderCreate',
    input: PurchaseOrderCreateInput, variables: (req) => ({ input: orderInput(req, 'expected_date') }), result: withLinesBeside('purchase_order'),
  },
  {
    method: 'PUT', path: '/api/admin/purchase-orders/:id#', auth: 'admin', operation: 'AdminPurchaseOrderUpdate',
    input: PurchaseOrderUpdateInput, variables: (req) => ({ id: pathInt(req), input: orderInput(req, 'expected_date') }),
  },
  {
    method: 'POST', path: '/api/admin/purchase-orders/:id#/close', auth: 'admin', operation: 'AdminPurchaseOrderClose',
    variables: (req) => ({ id: pathInt(req) }), result: () => ({ message: 'Purchase order closed' }),
  },
  // sales orders (spec 70 §8)
  { method: 'GET', path: '/api/admin/sales-orders', auth: 'admin', operation: 'AdminSalesOrders', ...orderList(SalesOrderStatus, 'sales_orders') },
  {
    method: 'GET', path: '/api/admin/sales-orders/:id#', auth: 'admin', operation: 'AdminSalesOrder',
    variables: (req) => ({ id: pathInt(req) }), result: withLinesBeside('sales_order'), missing: notFoundAnswer('Sales order not found'),
  },
  {
    method: 'POST', path: '/api/admin/sales-orders', auth: 'admin', operation: 'AdminSalesOrderCreate',
    input: SalesOrderCreateInput, variables: (req) => ({ input: orderInput(req, 'ship_by_date') }), result: withLinesBeside('sales_order'),
  },
  {
    method: 'PUT', path: '/api/admin/sales-orders/:id#', auth: 'admin', operation: 'AdminSalesOrderUpdate',
    input: SalesOrderUpdateInput, variables: (req) => ({ id: pathInt(req), input: orderInput(req, 'ship_by_date') }),
  },
  {
    method: 'POST', path: '/api/admin/sales-orders/:id#/cancel', auth: 'admin', operation: 'AdminSalesOrderCancel',
    variables: (req) => ({ id: pathInt(req) }), result: () => ({ message: 'Sales order cancelled' }),
  },
  // users (spec 70 §10)
  {
    method: 'GET', path: '/api/admin/users', auth: 'admin', operation: 'AdminUsers', page: { rows: 'users' },
  },
  { method: 'POST', path: '/api/admin/users', auth: 'admin', operation: 'AdminUserCreate', input: legacyInput(UserCreateInput), status: 201 },
  {
    method: 'PUT', path: '/api/admin/users/:id#', auth: 'admin', operation: 'AdminUserUpdate',
    // the body holds the changes; the user is the path's
    input: legacyInput(UserChanges), variables: (req) => ({ input: { ...req.body, userId: pathInt(req) } }),
  },
  {
    method: 'DELETE', path: '/api/admin/users/:id#', auth: 'admin', operation: 'AdminUserDelete',
    variables: (req) => ({ input: { userId: pathInt(req) } }),
    result: () => ({ message: 'User deleted' }),
  },
  // import (spec 70 §14): the entity type is checked before the body is read
  {
    method: 'POST', path: '/api/admin/import/:entity_type', auth: 'admin', operation: 'AdminImport',
    ownBody: { before: (req) => assertImportEntityType(req.params.entity_type) },
    variables: (req) => ({
      entityType: req.params.entity_type,
      records: importRecordsOf(req.params.entity_type, req.body),
      warehouseId: req.body.warehouse_id ?? null,
    }),
    // A refused file leads its errors with the "nothing was imported" notice (the panel shows only the rows).
    result: (d) => {
      const r = d.importRecords;
      const notice = refusedImportNotice(r);
      return notice ? { ...r, errors: [notice, ...r.errors] } : r;
    },
  },
]);
