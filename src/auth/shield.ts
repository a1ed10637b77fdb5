import { allow, deny, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { forbidden } from '../errors';

type RuleMap = Record<string, unknown>;
export type ModuleRules = { Query?: RuleMap; Mutation?: RuleMap; Subscription?: RuleMap };

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;

/**
 * Merges the modules' rules. Root fields are denied unless a module names them (fallbackRule: deny).
 * Other object types are reachable only through a guarded root field, so their fields default to
 * `allow` unless a module lists a type with field rules of its own.
 */
export function buildShield(schema: GraphQLSchema, modules: ModuleRules[]) {
  const tree: Record<string, RuleMap> = {};
  for (const m of modules) {
    for (const [type, rules] of Object.entries(m)) {
      if (!schema.getType(type)) continue; // e.g. no Subscription type yet
      tree[type] = { ...(tree[type] ?? {}), ...(rules as RuleMap) };
    }
  }
  const roots = new Set<string>(ROOTS);
  for (const [name, type] of Object.entries(schema.getTypeMap())) {
    if (name.startsWith('__') || roots.has(name) || !isObjectType(type)) continue;
    tree[name] = { '*': allow, ...(tree[name] ?? {}) };
  }
  return shield(tree as unknown as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: forbidden(),
    debug: false,
  });
}
