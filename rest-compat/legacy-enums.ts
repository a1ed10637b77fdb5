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
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** True when some value of the enum is named otherwise than it is stored. */
const renamed = (e: GraphQLEnumType) => e.getValues().some((v) => v.name !== v.value);

/** Where an operation's answer holds renamed enums: response key -> the enum of that leaf, or the plan below it. */
export interface EnumPlan {
  [responseKey: string]: GraphQLEnumType | EnumPlan;
}

function collect(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  plan: EnumPlan,
): EnumPlan {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const def = parent.getFields()[sel.name.value];
      if (!def) continue;
      const type = getNamedType(def.type);
      const key = sel.alias?.value ?? sel.name.value;
      if (isEnumType(type)) {
        if (renamed(type)) plan[key] = type;
      } else if (sel.selectionSet && isCompositeType(type)) {
        const below = plan[key];
        const child = collect(schema, fragments, sel.selectionSet, type, below && !isEnumType(below) ? (below as EnumPlan) : {});
        if (Object.keys(child).length > 0) plan[key] = child;
      }
    } else {
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      if (condition && isCompositeType(condition)) collect(schema, fragments, fragment.selectionSet, condition, plan);
    }
  }
  return plan;
}

const operationOf = (document: DocumentNode) => {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error('legacy enums: the document has no operation');
  return op;
};

/** The renamed enums of the first operation's answer (a validated document: one shape per response key). */
export function enumPlan(schema: GraphQLSchema, document: DocumentNode): EnumPlan {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const op = operationOf(document);
  const root = schema.getRootType(op.operation);
  if (!root) throw new Error(`legacy enums: the schema has no ${op.operation} type`);
  return collect(schema, fragments, op.selectionSet, root, {});
}

const storedSpelling = (e: GraphQLEnumType, name: unknown) =>
  typeof name === 'string' ? (e.getValue(name)?.value ?? name) : name;

/** Renders, in place, every renamed enum of an operation's data (plain JSON) in its stored spelling; returns `data`. */
export function toLegacyEnums<T>(data: T, plan: EnumPlan): T {
  if (Array.isArray(data)) {
    for (const row of data) toLegacyEnums(row, plan);
    return data;
  }
  if (data === null || typeof data !== 'object') return data;
  const obj = data as Record<string, unknown>;
  for (const [key, at] of Object.entries(plan)) {
    const v = obj[key];
    if (v === null || v === undefined) continue;
    if (isEnumType(at)) obj[key] = Array.isArray(v) ? v.map((x) => storedSpelling(at, x)) : storedSpelling(at, v);
    else toLegacyEnums(v, at);
  }
  return data;
}

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
