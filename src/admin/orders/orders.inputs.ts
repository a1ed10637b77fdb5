/**
 * Order bodies as the orders module parses them: the shared admin schemas (src/admin/admin.inputs.ts)
 * plus the line quantity names the legacy clients send (spec 95 §2.24: the panel's manual PO sends
 * `lines[].quantity_expected`, its manual SO sends `lines[].quantity`), accepted as aliases of
 * `quantity_ordered` when that key is absent.
 */
import { z } from 'zod';
import {
  PurchaseOrderCreateInput as SharedPurchaseOrderCreateInput,
  PurchaseOrderUpdateInput as SharedPurchaseOrderUpdateInput,
  SalesOrderCreateInput as SharedSalesOrderCreateInput,
  SalesOrderUpdateInput as SharedSalesOrderUpdateInput,
} from '../admin.inputs';
import { PYDANTIC_PARAM } from '../../validation/errors';
import { alias, body, decimal, int, list, model, optional, type BodySchema, type Infer } from '../../validation/pydantic';
import { dateProblem, nullProblems } from './dates';

/**
 * The order body rules that run once every field is valid, in the legacy order: a NOT NULL column sent as null
 * (updates), then a date that is not a calendar day. They belong to the schema so that the REST route refuses
 * them with the legacy 400 validation_error before its operation runs, and GraphQL answers them as userErrors.
 */
function withOrderRules<S extends BodySchema<Record<string, unknown>>>(schema: S, rules: { notNull?: string[]; date: string }): S {
  const checked = schema.transform((value, ctx) => {
    const nulls = nullProblems(value, rules.notNull ?? []);
    const date = dateProblem(value[rules.date] as string | null | undefined, rules.date);
    const problems = nulls.length ? nulls : date ? [date] : [];
    for (const d of problems) ctx.addIssue({ code: 'custom', message: d.msg, path: d.loc, input: value, params: { [PYDANTIC_PARAM]: d } });
    return problems.length ? z.NEVER : value;
  });
  return Object.assign(checked, { pydanticShape: schema.pydanticShape }) as unknown as S;
}

const quantityOrdered = () => int({ gt: 0, le: 1000000 });

export const PurchaseOrderCreateInput = withOrderRules(body({
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
}) as unknown as typeof SharedPurchaseOrderCreateInput, { date: 'expected_date' });
export type PurchaseOrderCreateInput = Infer<typeof SharedPurchaseOrderCreateInput>;

export const SalesOrderCreateInput = withOrderRules(body({
  ...SharedSalesOrderCreateInput.pydanticShape,
  lines: list(
    model('SOLineEntry', {
      item_id: int({ gt: 0 }),
      quantity_ordered: alias(quantityOrdered(), 'quantity'),
      line_number: optional(int({ ge: 1 })),
    }),
    { min: 1 },
  ),
}) as unknown as typeof SharedSalesOrderCreateInput, { date: 'ship_by_date' });
export type SalesOrderCreateInput = Infer<typeof SharedSalesOrderCreateInput>;

export const PurchaseOrderUpdateInput = withOrderRules(SharedPurchaseOrderUpdateInput, { notNull: ['po_number'], date: 'expected_date' });
export type PurchaseOrderUpdateInput = Infer<typeof SharedPurchaseOrderUpdateInput>;

export const SalesOrderUpdateInput = withOrderRules(SharedSalesOrderUpdateInput, { notNull: ['so_number'], date: 'ship_by_date' });
export type SalesOrderUpdateInput = Infer<typeof SharedSalesOrderUpdateInput>;
