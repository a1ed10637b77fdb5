import { deny, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { IMiddleware, IMiddlewareGenerator } from 'graphql-middleware';
import type { GraphQLSchema } from 'graphql';
import { forbidden } from '../errors';

type RuleMap = Record<string, unknown>;
export type ModuleRules = { Query?: RuleMap; Mutation?: RuleMap; Subscription?: RuleMap };

export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/**
 * Merges the modules' rules. Root fields are denied unless a module names them (fallbackRule: deny).
 * Other object types are reachable only through a guarded root field, so their fields are not wrapped
 * at all (see `rootShieldMiddleware`): a field-level rule on a non-root type would need its own entry here.
 */
export function buildShield(schema: GraphQLSchema, modules: ModuleRules[]): IMiddlewareGenerator<any, any, any> {
  const tree: Record<string, RuleMap> = {};
  for (const m of modules) {
    for (const [type, rules] of Object.entries(m)) {
      if (!schema.getType(type)) continue; // e.g. no Subscription type yet
      if (!(ROOT_TYPES as readonly string[]).includes(type)) throw new Error(`shield: rules for non-root type ${type} are not supported`);
      tree[type] = { ...(tree[type] ?? {}), ...(rules as RuleMap) };
    }
  }
  return shield(tree as unknown as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: forbidden(),
    debug: false,
  });
}

/**
 * The shield's middleware for the root types only. graphql-shield generates a middleware for every field of
 * every object type (the fallback rule applies everywhere); wrapping the non-root fields with `allow` only made
 * each of them async. The root fields keep exactly the shield's middleware (same rules, fallback deny, errors).
 */
export function rootShieldMiddleware(schema: GraphQLSchema, modules: ModuleRules[]): IMiddleware {
  const all = buildShield(schema, modules).generate(schema) as Record<string, unknown>;
  const roots: Record<string, unknown> = {};
  for (const t of ROOT_TYPES) if (all[t] && schema.getType(t)) roots[t] = all[t];
  return roots as IMiddleware;
}
