/**
 * Order bodies as the orders module parses them: the shared admin schemas (src/admin/admin.inputs.ts)
 * plus the line quantity names the legacy clients send (spec 95 §2.24: the panel's manual PO sends
 * `lines[].quantity_expected`, its manual SO sends `lines[].quantity`), accepted as aliases of
 * `quantity_ordered` when that key is absent.
 */
import {
  PurchaseOrderCreateInput as SharedPurchaseOrderCreateInput,
  SalesOrderCreateInput as SharedSalesOrderCreateInput,
} from '../admin.inputs';
import { alias, body, decimal, int, list, model, optional, type Infer } from '../../validation/pydantic';

export { PurchaseOrderUpdateInput, SalesOrderUpdateInput } from '../admin.inputs';

const quantityOrdered = () => int({ gt: 0, le: 1000000 });

export const PurchaseOrderCreateInput = body({
  ...SharedPurchaseOrderCreateInput.pydanticShape,
  lines: list(
    model('POLineEntry', {
      item_id: int({ gt: 0 }),
      quantity_ordered: alias(quantityOrdered(), 'quantity_expected'),
      unit_cost: optional(decimal({ ge: 0 })),
      line_number: optional(int({ ge: 1 })),
    }),
    { min: 1 },
  ),
}) as unknown as typeof SharedPurchaseOrderCreateInput;
export type PurchaseOrderCreateInput = Infer<typeof SharedPurchaseOrderCreateInput>;

export const SalesOrderCreateInput = body({
  ...SharedSalesOrderCreateInput.pydanticShape,
  lines: list(
    model('SOLineEntry', {
      item_id: int({ gt: 0 }),
      quantity_ordered: alias(quantityOrdered(), 'quantity'),
      line_number: optional(int({ ge: 1 })),
    }),
    { min: 1 },
  ),
}) as unknown as typeof SharedSalesOrderCreateInput;
export type SalesOrderCreateInput = Infer<typeof SharedSalesOrderCreateInput>;
