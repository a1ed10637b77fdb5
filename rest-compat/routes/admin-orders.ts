import type { z } from 'zod';
import { intFilter } from '../pagination';
import {
  PurchaseOrderChanges,
  PurchaseOrderCreateInput,
  PurchaseOrderUpdateInput,
  SalesOrderChanges,
  SalesOrderCreateInput,
  SalesOrderUpdateInput,
} from '../../src/admin/orders/orders.inputs';
import { UserChanges, UserCreateInput } from '../../src/admin/users/users.inputs';
import { legacyInput, type LegacyInputOptions } from '../legacy-input';
import { assertImportEntityType, refusedImportNotice } from '../../src/admin/imports/imports.service';
import { intCell } from '../../src/admin/imports/import-cells';
import { inputProblems } from '../../src/graphql/inputs';
import { isValueOf, PurchaseOrderStatus, SalesOrderStatus } from '../../src/graphql/enums';
import { ValidationError } from '../pydantic-errors';
import { legacyBodyDay } from '../legacy-dates';
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

/** The legacy read of an order body: its day field in the Date scalar's form (rest-compat/legacy-dates.ts). */
const orderBody = (schema: z.ZodType, dayField: string, opts: LegacyInputOptions = {}) =>
  legacyInput(schema, { ...opts, prepare: (input, failed) => legacyBodyDay(input, dayField, failed) });

/**
 * The variables of an order route: the body as read (plus the path's order id). A day the legacy refused cannot
 * travel as a GraphQL Date, so the core's schema is checked here, before the operation: its problems (that day's
 * rule among them) are the legacy 400 they render as.
 */
const orderInput = (schema: z.ZodType, idField?: string) => (req: RestRequest) => {
  const input = { ...req.body, ...(idField ? { [idField]: pathInt(req) } : {}) };
  const problems = inputProblems(schema, input);
  if (problems) throw new ValidationError(req.read!.render(problems));
  return { input };
};

const PO_LINES = { models: { lines: 'POLineEntry' } };
const SO_LINES = { models: { lines: 'SOLineEntry' } };

/** `{"purchase_order": {...}, "lines": [...]}` from an order selected with its lines. */
const withLinesBeside = (key: string) => (data: OperationData) => {
  const { lines, ...order } = data[Object.keys(data)[0]];
  return { [key]: order, lines };
};

/** Import rows: `records`, else the key named after the entity (spec 70 §14); no list reads as none. */
const importRecordsOf = (entity: string, body: Record<string, unknown>): unknown[] => {
  const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : !!v);
  for (const key of ['records', entity, entity.replace('-', '_')]) {
    if (nonEmpty(body[key])) return Array.isArray(body[key]) ? body[key] : [];
  }
  return [];
};

const DEFAULT_WAREHOUSE_ENTITIES = new Set(['purchase-orders', 'sales-orders']);
const readWarehouseId = intCell({ gt: 0 });
const isRow = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r);

/**
 * The import input of a legacy body. The body's `warehouse_id` (the default of order rows naming none) was read
 * leniently, like a row's cell: read so, it is the input's `warehouseId`; a value that is no warehouse id goes
 * into the rows naming none, whose own check answers it with the row error the legacy showed (a row with a second
 * problem, a missing quantity or a bad vendor/customer cell, may name the warehouse_id one first: the legacy checked
 * the default after those).
 */
function importInput(req: RestRequest) {
  const entityType = req.params.entity_type;
  const records = importRecordsOf(entityType, req.body);
  const sent = req.body.warehouse_id;
  if (sent === undefined || sent === null || !DEFAULT_WAREHOUSE_ENTITIES.has(entityType)) return { entityType, records };
  const read = readWarehouseId(sent);
  if ('value' in read) return { entityType, records, warehouseId: read.value };
  const rows = records.map((r) => (isRow(r) && (r.warehouse_id === undefined || r.warehouse_id === null) ? { ...r, warehouse_id: sent } : r));
  return { entityType, records: rows };
}

export const routes = defineRoutes([
  // purchase orders (spec 70 §7)
  { method: 'GET', path: '/api/admin/purchase-orders', auth: 'admin', operation: 'AdminPurchaseOrders', ...orderList(PurchaseOrderStatus, 'purchase_orders') },
  {
    method: 'GET', path: '/api/admin/purchase-orders/:id#', auth: 'admin', operation: 'AdminPurchaseOrder',
    variables: (req) => ({ id: pathInt(req) }), result: withLinesBeside('purchase_order'), missing: notFoundAnswer('Purchase order not found'),
  },
  {
    method: 'POST', path: '/api/admin/purchase-orders', auth: 'admin', operation: 'AdminPurchaseOrderCreate',
    // the panel's manual PO sends `lines[].quantity_expected` (spec 95 §2.24)
    input: orderBody(PurchaseOrderCreateInput, 'expectedDate', { ...PO_LINES, aliases: { 'lines.quantityOrdered': ['quantity_expected'] } }),
    variables: orderInput(PurchaseOrderCreateInput), result: withLinesBeside('purchase_order'),
  },
  {
    method: 'PUT', path: '/api/admin/purchase-orders/:id#', auth: 'admin', operation: 'AdminPurchaseOrderUpdate',
    // the body holds the changes; the order is the path's
    input: orderBody(PurchaseOrderChanges, 'expectedDate'), variables: orderInput(PurchaseOrderUpdateInput, 'poId'),
  },
  {
    method: 'POST', path: '/api/admin/purchase-orders/:id#/close', auth: 'admin', operation: 'AdminPurchaseOrderClose',
    variables: (req) => ({ input: { poId: pathInt(req) } }), result: () => ({ message: 'Purchase order closed' }),
  },
  // sales orders (spec 70 §8)
  { method: 'GET', path: '/api/admin/sales-orders', auth: 'admin', operation: 'AdminSalesOrders', ...orderList(SalesOrderStatus, 'sales_orders') },
  {
    method: 'GET', path: '/api/admin/sales-orders/:id#', auth: 'admin', operation: 'AdminSalesOrder',
    variables: (req) => ({ id: pathInt(req) }), result: withLinesBeside('sales_order'), missing: notFoundAnswer('Sales order not found'),
  },
  {
    method: 'POST', path: '/api/admin/sales-orders', auth: 'admin', operation: 'AdminSalesOrderCreate',
    // the panel's manual SO sends `lines[].quantity` (spec 95 §2.24)
    input: orderBody(SalesOrderCreateInput, 'shipByDate', { ...SO_LINES, aliases: { 'lines.quantityOrdered': ['quantity'] } }),
    variables: orderInput(SalesOrderCreateInput), result: withLinesBeside('sales_order'),
  },
  {
    method: 'PUT', path: '/api/admin/sales-orders/:id#', auth: 'admin', operation: 'AdminSalesOrderUpdate',
    input: orderBody(SalesOrderChanges, 'shipByDate'), variables: orderInput(SalesOrderUpdateInput, 'soId'),
  },
  {
    method: 'POST', path: '/api/admin/sales-orders/:id#/cancel', auth: 'admin', operation: 'AdminSalesOrderCancel',
    variables: (req) => ({ input: { soId: pathInt(req) } }), result: () => ({ message: 'Sales order cancelled' }),
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
    variables: (req) => ({ input: importInput(req) }),
    // A refused file leads its errors with the "nothing was imported" notice (the panel shows only the rows).
    result: (d) => {
      const r = d.importRecords;
      const notice = refusedImportNotice(r);
      return notice ? { ...r, errors: [notice, ...r.errors] } : r;
    },
  },
]);
