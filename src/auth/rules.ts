import { rule } from 'graphql-shield';
import type { RequestContext } from '../context';
import { forbidden, unauthorized } from '../errors';
import { canAccessWarehouse, hasFunction, type WarehouseFunction } from './scope';

/** A valid token of an active user; otherwise the exact reason (401) from the token check. */
export const isAuthenticated = rule({ cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.user ? true : (ctx.authError ?? unauthorized())),
);

/** Live role ADMIN (re-read from the database on every request). */
export const isAdmin = rule({ cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.user?.isAdmin ? true : forbidden()),
);

const functionRules = new Map<WarehouseFunction, ReturnType<ReturnType<typeof rule>>>();

/** The user holds a floor function (receive, putaway, pick, pack, ship, count, transfer); admins hold all. */
export function can(fn: WarehouseFunction) {
  let r = functionRules.get(fn);
  if (!r) {
    r = rule(`can_${fn}`, { cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
      ctx.user && hasFunction(ctx.user, fn) ? true : forbidden(`Function not allowed: ${fn}`),
    );
    functionRules.set(fn, r);
  }
  return r;
}

/**
 * A floor user reading one of its own warehouses, named by the field's arguments (`warehouseOf`). Used as
 * `or(inOwnWarehouse(...), isAdmin)` on admin reads the scanner app needs: no warehouse, or one the user is not
 * assigned to, is refused (without a warehouse the read would cover every warehouse).
 */
export function inOwnWarehouse(warehouseOf: (args: any) => number | null | undefined) {
  return rule({ cache: 'strict' })((_p, args, ctx: RequestContext) => {
    const warehouseId = warehouseOf(args);
    if (warehouseId === null || warehouseId === undefined || !(warehouseId > 0)) return forbidden();
    return ctx.user && canAccessWarehouse(ctx.user, warehouseId) ? true : forbidden('Access denied for this warehouse');
  });
}

/** The field's `arg` argument is one of `values` (e.g. the settings a floor user may read); anything else is Forbidden. */
export function argIn(arg: string, values: readonly string[]) {
  return rule({ cache: 'strict' })((_p, args: Record<string, unknown>) =>
    values.includes(args[arg] as string) ? true : forbidden(),
  );
}
