// Authorization declared on the field: every root field names its graphql-shield rule where it is defined,
// `t.withShield(rule).field({...})`, and this Pothos plugin collects those rules into the shield map.
import SchemaBuilder, {
  BasePlugin,
  MutationFieldBuilder,
  QueryFieldBuilder,
  SubscriptionFieldBuilder,
  type SchemaTypes,
} from '@pothos/core';
import { isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddleware } from 'graphql-middleware';
import { deny, shield, type IRules } from 'graphql-shield';
import { forbidden } from '../errors';
import type { FieldRule, ShieldRule } from './rules';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      shield: ShieldPlugin<Types>;
    }
    export interface QueryFieldBuilder<Types extends SchemaTypes, ParentShape> {
      /** Fields made by the returned builder are guarded by `rule`; their resolvers get the context it grants. */
      withShield: <C extends Types['Context']>(rule: FieldRule<C>) => QueryFieldBuilder<Types & { Context: C }, ParentShape>;
    }
    export interface MutationFieldBuilder<Types extends SchemaTypes, ParentShape> {
      withShield: <C extends Types['Context']>(rule: FieldRule<C>) => MutationFieldBuilder<Types & { Context: C }, ParentShape>;
    }
    export interface SubscriptionFieldBuilder<Types extends SchemaTypes, ParentShape> {
      withShield: <C extends Types['Context']>(rule: FieldRule<C>) => SubscriptionFieldBuilder<Types & { Context: C }, ParentShape>;
    }
  }
}

export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** The key under which a field's rule travels in its Pothos options (`field.extensions.pothosOptions`). */
const RULE_KEY = 'shield';

type FieldMaker = { builder: unknown; createField: (options: Record<string, unknown>) => unknown };

// Each root field builder gets `withShield(rule)`: a builder of the same kind whose fields carry the rule.
for (const Kind of [QueryFieldBuilder, MutationFieldBuilder, SubscriptionFieldBuilder] as const) {
  Object.defineProperty(Kind.prototype, 'withShield', {
    value: function withShield(this: FieldMaker, rule: ShieldRule) {
      const guarded = new Kind(this.builder as never) as unknown as FieldMaker;
      const createField = guarded.createField;
      guarded.createField = function (options) {
        return createField.call(this, { ...options, [RULE_KEY]: rule });
      };
      return guarded;
    },
  });
}

/** The rule a field declared, if any. */
function fieldRule(field: GraphQLField<unknown, unknown>): ShieldRule | undefined {
  const options = field.extensions?.pothosOptions as Record<string, unknown> | undefined;
  return options?.[RULE_KEY] as ShieldRule | undefined;
}

/** Every root field's rule, by root type and field name. Throws, naming them, when root fields declare none. */
export function rootFieldRules(schema: GraphQLSchema): Record<string, Record<string, ShieldRule>> {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  const missing: string[] = [];
  for (const typeName of ROOT_TYPES) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    tree[typeName] = {};
    for (const field of Object.values(type.getFields())) {
      const r = fieldRule(field);
      if (r) tree[typeName][field.name] = r;
      else missing.push(`${typeName}.${field.name}`);
    }
  }
  if (missing.length) {
    throw new Error(`No authorization rule on root field ${missing.join(', ')}: declare one with t.withShield(rule) (src/auth/rules.ts)`);
  }
  return tree;
}

/**
 * graphql-shield over the root fields, deny by default. Other object types are reachable only through a guarded
 * root field, so their fields are not wrapped: graphql-shield would wrap every field of every type (the fallback
 * rule applies everywhere), and wrapping them with `allow` only made each of them async.
 */
function rootShieldMiddleware(schema: GraphQLSchema): IMiddleware {
  const rules = rootFieldRules(schema);
  const all = shield(rules as unknown as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: forbidden(),
    debug: false,
  }).generate(schema) as Record<string, unknown>;
  const roots: Record<string, unknown> = {};
  for (const t of Object.keys(rules)) if (all[t]) roots[t] = all[t];
  return roots as IMiddleware;
}

/** Fails the schema build when a root field declares no rule, and returns the schema behind the shield. */
export class ShieldPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override afterBuild(schema: GraphQLSchema): GraphQLSchema {
    return applyMiddleware(schema, rootShieldMiddleware(schema));
  }
}

const pluginName = 'shield' as const;
SchemaBuilder.registerPlugin(pluginName, ShieldPlugin);
export default pluginName;
