/**
 * Inputs of the order mutations: one zod schema each, camelCase as the GraphQL input types. Text lengths are those
 * of the columns (the legacy schemas allowed more: `// legacy-difference` below, the database answered 500).
 */
import { z } from 'zod';
import { id, int, onValidFields, text } from '../../graphql/inputs';
import { parseDate } from '../../graphql/scalars';

/**
 * A calendar day as the GraphQL Date scalar gives it (`YYYY-MM-DD`); the rule of its object checks that it is one.
 * Text of up to 32 characters, the length the legacy read (a longer text is refused as too long, not as no day).
 */
const day = () => text({ max: 32 }).nullish();

/** An optional text column: null clears it. */
const optionalText = (max: number) => text({ max }).nullish();

/** An order number: may be left out of an update, never cleared (NOT NULL column). */
const orderNumber = () => text({ min: 1, max: 50 }); // legacy-difference: capped at DB 50 (legacy 128)

/** The rule of an order's day field, checked once every field is valid (the legacy checked it last): a calendar day. */
function withDay<Shape extends z.ZodRawShape>(shape: Shape, field: keyof Shape & string) {
  return z.object(shape).refine((v) => {
    const value = (v as Record<string, unknown>)[field];
    return typeof value !== 'string' || parseDate(value) !== null;
  }, { message: `${field} must be a valid date (YYYY-MM-DD)`, path: [field], ...onValidFields });
}

const quantityOrdered = () => int({ gt: 0, le: 1000000 });

// ---------------------------------------------------------------------------------------------------
// Purchase orders
// ---------------------------------------------------------------------------------------------------

const purchaseOrderLine = z.object({
  itemId: id(),
  quantityOrdered: quantityOrdered(),
  unitCost: z.number().min(0).nullish(),
  lineNumber: int({ ge: 1 }).nullish(),
});

/** purchaseOrderCreate. `warehouseId` stays required: the panel's first submit with `warehouse_id: null` keeps failing as in the legacy. */
export const PurchaseOrderCreateInput = withDay(
  {
    poNumber: orderNumber(),
    warehouseId: id(),
    lines: z.array(purchaseOrderLine).min(1),
    poBarcode: optionalText(100), // legacy-difference: capped at DB 100 (legacy 128)
    vendorName: optionalText(200), // legacy-difference: capped at DB 200 (legacy 256)
    expectedDate: day(),
    notes: optionalText(1000),
  },
  'expectedDate',
);
export type PurchaseOrderCreateInput = z.output<typeof PurchaseOrderCreateInput>;

const purchaseOrderChanges = {
  poNumber: orderNumber().optional(),
  poBarcode: optionalText(100), // legacy-difference: capped at DB 100 (legacy 128)
  vendorName: optionalText(200), // legacy-difference: capped at DB 200 (legacy 256)
  expectedDate: day(),
  notes: optionalText(1000),
};

/** The changes of purchaseOrderUpdate (the REST body; the order is the path's). */
export const PurchaseOrderChanges = withDay(purchaseOrderChanges, 'expectedDate');

/** purchaseOrderUpdate: the order and the changes, in one input (an id no order has is not found, like any other). */
export const PurchaseOrderUpdateInput = withDay({ ...purchaseOrderChanges, poId: int() }, 'expectedDate');
export type PurchaseOrderUpdateInput = z.output<typeof PurchaseOrderUpdateInput>;

/** purchaseOrderClose */
export const PurchaseOrderCloseInput = z.object({ poId: int() });
export type PurchaseOrderCloseInput = z.output<typeof PurchaseOrderCloseInput>;

// ---------------------------------------------------------------------------------------------------
// Sales orders
// ---------------------------------------------------------------------------------------------------

const salesOrderLine = z.object({
  itemId: id(),
  quantityOrdered: quantityOrdered(),
  lineNumber: int({ ge: 1 }).nullish(),
});

/** salesOrderCreate. `warehouseId` stays required (see PurchaseOrderCreateInput). */
export const SalesOrderCreateInput = withDay(
  {
    soNumber: orderNumber(),
    warehouseId: id(),
    lines: z.array(salesOrderLine).min(1),
    soBarcode: optionalText(100), // legacy-difference: capped at DB 100 (legacy 128)
    customerName: optionalText(200), // legacy-difference: capped at DB 200 (legacy 256)
    customerPhone: optionalText(50), // legacy-difference: capped at DB 50 (legacy 64)
    customerAddress: optionalText(512), // DB text: the legacy cap stays
    shipMethod: optionalText(50), // legacy-difference: capped at DB 50 (legacy 100)
    shipAddress: optionalText(500), // legacy-difference: capped at DB 500 (legacy 512)
    shipByDate: day(),
  },
  'shipByDate',
);
export type SalesOrderCreateInput = z.output<typeof SalesOrderCreateInput>;

const salesOrderChanges = {
  soNumber: orderNumber().optional(),
  soBarcode: optionalText(100), // legacy-difference: capped at DB 100 (legacy 128)
  customerName: optionalText(200), // legacy-difference: capped at DB 200 (legacy 256)
  customerPhone: optionalText(50), // legacy-difference: capped at DB 50 (legacy 64)
  customerAddress: optionalText(512),
  shipMethod: optionalText(50), // legacy-difference: capped at DB 50 (legacy 100)
  shipAddress: optionalText(500), // legacy-difference: capped at DB 500 (legacy 512)
  shipByDate: day(),
  priority: int({ ge: 0, le: 10 }).nullish(),
};

/** The changes of salesOrderUpdate (the REST body; the order is the path's). */
export const SalesOrderChanges = withDay(salesOrderChanges, 'shipByDate');

/** salesOrderUpdate: the order and the changes, in one input. */
export const SalesOrderUpdateInput = withDay({ ...salesOrderChanges, soId: int() }, 'shipByDate');
export type SalesOrderUpdateInput = z.output<typeof SalesOrderUpdateInput>;

/** salesOrderCancel */
export const SalesOrderCancelInput = z.object({ soId: int() });
export type SalesOrderCancelInput = z.output<typeof SalesOrderCancelInput>;
