import { allow, chain, or, rule } from 'graphql-shield';
import type { AuthedContext, RequestContext } from '../context';
import { forbidden, unauthorized } from '../errors';
import { canAccessWarehouse, hasFunction, type WarehouseFunction } from './scope';

/** Any rule graphql-shield accepts (a rule, or a logic rule such as `chain`). */
export type ShieldRule = Parameters<typeof chain>[number];

declare const grants: unique symbol;
/**
 * A shield rule that also names the context a resolver may assume once the rule passed: `t.withShield(rule)`
 * (src/auth/shield.ts) types the field's resolver with it. Type-level only; at run time it is the plain rule.
 */
export type FieldRule<C extends object = RequestContext> = ShieldRule & { readonly [grants]?: C };

/** A valid token of an active user; otherwise the exact reason (401) from the token check. */
export const isAuthenticated = rule({ cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.user ? true : (ctx.authError ?? unauthorized())),
);

/** Live role ADMIN (re-read from the database on every request). */
export const isAdmin = rule({ cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.user?.isAdmin ? true : forbidden()),
);

const functionRules = new Map<WarehouseFunction, ReturnType<ReturnType<typeof rule>>>();

function canRule(fn: WarehouseFunction) {
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
 * `adminOr(inOwnWarehouse(...))` on admin reads the scanner app needs: no warehouse, or one the user is not
 * assigned to, is refused (without a warehouse the read would cover every warehouse).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the arguments of whichever field declares the rule
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

// The rules a root field declares with `t.withShield(...)`.

/** No token needed (sign-in). */
export const anyone: FieldRule<RequestContext> = allow;

/**
 * Any signed-in user; the service checks the warehouse of every object it touches.
 * @alias isAuthenticated, typed for the fields that declare it
 */
export const authenticated: FieldRule<AuthedContext> = isAuthenticated;

/** Role ADMIN. */
export const admin: FieldRule<AuthedContext> = chain(isAuthenticated, isAdmin);

const floorRules = new Map<WarehouseFunction, FieldRule<AuthedContext>>();

/** A signed-in user holding a floor function (receive, putaway, pick, pack, ship, count, transfer); admins hold all. */
export function can(fn: WarehouseFunction): FieldRule<AuthedContext> {
  let r = floorRules.get(fn);
  if (!r) {
    r = chain(isAuthenticated, canRule(fn));
    floorRules.set(fn, r);
  }
  return r;
}

/**
 * Role ADMIN, or a signed-in user whom `floorRule` lets through: the admin reads the scanner app also makes
 * (`inOwnWarehouse`, `argIn`).
 */
export function adminOr(floorRule: ShieldRule): FieldRule<AuthedContext> {
  return chain(isAuthenticated, or(floorRule, isAdmin));
}

/**
/**
 * A read-only API token on a view of one of its warehouses (the field's `warehouseId` argument, required): lets a
 * wall-board subscribe to the dashboard figures of the warehouses it was created for, and nothing global. (The
 * dashboard query admits it like any non-admin of the warehouse: inOwnWarehouse.)
 */
export const isApiTokenOfWarehouse = rule({ cache: 'strict' })(
  (_p, args: { warehouseId?: number | null }, ctx: RequestContext) =>
    ctx.user?.apiToken && typeof args.warehouseId === 'number' && canAccessWarehouse(ctx.user, args.warehouseId) ? true : forbidden(),
);
