import { rule } from 'graphql-shield';
import type { RequestContext } from '../context';
import { forbidden, unauthorized } from '../errors';
import { hasFunction, type WarehouseFunction } from './scope';

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
