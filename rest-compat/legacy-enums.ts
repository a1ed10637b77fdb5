/**
 * Closed sets in the legacy JSON. A GraphQL enum value is named in UPPER_CASE while the legacy API (and the
 * database) spell some sets otherwise (`Pickable`, `sync_orders`, `idle`, `approve`); the enum's internal value is
 * the stored spelling (src/graphql/enums.ts). The adapter therefore renames, found through the operation's types:
 * - a request's variables: a legacy spelling becomes the value's GraphQL name (an unknown word is left for GraphQL
 *   to refuse, as before);
 * - an answer: a GraphQL name becomes the legacy spelling.
 * Enums whose names are their stored spellings (statuses, roles) are left alone.
 */
import {
  getNamedType,
  GraphQLEnumType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { leafPlan, operationOf, rewriteLeaves, type LeafPlan } from './answer-leaves';

/** True when some value of the enum is named otherwise than it is stored. */
const renamed = (e: GraphQLEnumType) => e.getValues().some((v) => v.name !== v.value);

/** Where an operation's answer holds renamed enums: response key -> the enum of that leaf, or the plan below it. */
export type EnumPlan = LeafPlan<GraphQLEnumType>;

/** The renamed enums of the first operation's answer (a validated document). */
export const enumPlan = (schema: GraphQLSchema, document: DocumentNode): EnumPlan =>
  leafPlan(schema, document, (type) => (isEnumType(type) && renamed(type) ? type : undefined));

const storedSpelling = (e: GraphQLEnumType, name: unknown) =>
  typeof name === 'string' ? (e.getValue(name)?.value ?? name) : name;

/** Renders, in place, every renamed enum of an operation's data (plain JSON) in its stored spelling; returns `data`. */
export const toLegacyEnums = <T>(data: T, plan: EnumPlan): T =>
  rewriteLeaves(data, plan, (v, e) => (Array.isArray(v) ? v.map((x) => storedSpelling(e, x)) : storedSpelling(e, v)));

/** The variables of the first operation that may hold a renamed enum, with their types. */
export function enumVariables(schema: GraphQLSchema, document: DocumentNode): Map<string, GraphQLInputType> {
  const out = new Map<string, GraphQLInputType>();
  for (const def of operationOf(document).variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (type && holdsRenamed(type, new Set())) out.set(def.variable.name.value, type);
  }
  return out;
}

function holdsRenamed(type: GraphQLInputType, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (isEnumType(named)) return renamed(named);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsRenamed(f.type, seen));
}

/** A legacy value as GraphQL reads it: stored spellings of renamed enums become their names. */
function toNames(type: GraphQLInputType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return toNames(type.ofType, value);
  if (isListType(type)) return Array.isArray(value) ? value.map((v) => toNames(type.ofType, v)) : toNames(type.ofType, value);
  if (isEnumType(type)) {
    if (typeof value !== 'string') return value;
    return type.getValues().find((v) => v.value === value)?.name ?? value;
  }
  if (isInputObjectType(type) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = type.getFields();
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fields[k] ? toNames(fields[k].type, v) : v]));
  }
  return value;
}

/** The request's variables with every renamed enum value named as GraphQL reads it. */
export function toGraphQLEnums(variables: Record<string, unknown>, types: Map<string, GraphQLInputType>): Record<string, unknown> {
  if (types.size === 0) return variables;
  const out = { ...variables };
  for (const [name, type] of types) if (name in out) out[name] = toNames(type, out[name]);
  return out;
}
