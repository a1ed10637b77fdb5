import { getVariableValues, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

type Variables = Record<string, unknown>;

/** Per request's raw variables object and operation: the plugins that need them coerced share one coercion. */
const coercions = new WeakMap<Variables, Map<OperationDefinitionNode, Variables | null>>();

/** Variables as execution will see them (defaults applied, coerced by graphql-js); null when they do not coerce. */
export function coercedVariables(schema: GraphQLSchema, op: OperationDefinitionNode, raw: Variables | null | undefined): Variables | null {
  const known = raw ? coercions.get(raw)?.get(op) : undefined;
  if (known !== undefined) return known;
  const r = getVariableValues(schema, op.variableDefinitions ?? [], raw ?? {}, { maxErrors: 1 });
  const coerced = r.errors ? null : r.coerced;
  if (raw) coercions.set(raw, (coercions.get(raw) ?? new Map()).set(op, coerced));
  return coerced;
}
