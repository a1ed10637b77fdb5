/**
 * Leaves of an operation's answer found through the operation's types (not by key names): the times and the
 * renamed enums that the adapter re-renders in their legacy form (legacy-dates.ts, legacy-enums.ts).
 */
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Where an answer holds such leaves: response key -> the leaf's mark (what it is), or the plan below it. A mark is
 * never a plain object (a string, or a schema type), so a plan and a mark cannot be mistaken for each other.
 */
export interface LeafPlan<M> {
  [responseKey: string]: M | LeafPlan<M>;
}

const isPlan = <M>(at: M | LeafPlan<M>): at is LeafPlan<M> =>
  typeof at === 'object' && at !== null && Object.getPrototypeOf(at) === Object.prototype;

/** What the walk looks for: the mark of a leaf of this named type, or undefined when it is not wanted. */
type Pick<M> = (type: GraphQLNamedType) => M | undefined;

function collect<M>(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  pick: Pick<M>,
  plan: LeafPlan<M>,
): LeafPlan<M> {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      // a union selects only __typename directly; introspection fields hold no such leaves
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const def = parent.getFields()[sel.name.value];
      if (!def) continue;
      const type = getNamedType(def.type);
      const key = sel.alias?.value ?? sel.name.value;
      const mark = pick(type);
      if (mark !== undefined) plan[key] = mark;
      else if (sel.selectionSet && isCompositeType(type)) {
        const below = plan[key];
        const child = collect(schema, fragments, sel.selectionSet, type, pick, below !== undefined && isPlan(below) ? below : {});
        if (Object.keys(child).length > 0) plan[key] = child;
      }
    } else {
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      if (condition && isCompositeType(condition)) collect(schema, fragments, fragment.selectionSet, condition, pick, plan);
    }
  }
  return plan;
}

/** The first operation of a request document. */
export function operationOf(document: DocumentNode): OperationDefinitionNode {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error('the document has no operation');
  return op;
}

/**
 * The leaves `pick` marks in the first operation's answer (a validated document: the operation and its fragments).
 * Validation guarantees one type per response key at each place (overlapping fields have the same shape), so
 * merging what fragments and type conditions select is exact.
 */
export function leafPlan<M>(schema: GraphQLSchema, document: DocumentNode, pick: Pick<M>): LeafPlan<M> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const op = operationOf(document);
  const root = schema.getRootType(op.operation);
  if (!root) throw new Error(`the schema has no ${op.operation} type`);
  return collect(schema, fragments, op.selectionSet, root, pick, {});
}

/** Rewrites, in place, every planned leaf of an answer (plain JSON; a list leaf is passed whole); returns `data`. */
export function rewriteLeaves<T, M>(data: T, plan: LeafPlan<M>, rewrite: (value: unknown, mark: M) => unknown): T {
  if (Array.isArray(data)) {
    for (const row of data) rewriteLeaves(row, plan, rewrite);
    return data;
  }
  if (data === null || typeof data !== 'object') return data;
  const obj = data as Record<string, unknown>;
  for (const [key, at] of Object.entries(plan)) {
    const v = obj[key];
    if (v === null || v === undefined) continue;
    if (isPlan(at)) rewriteLeaves(v, at, rewrite);
    else obj[key] = rewrite(v, at);
  }
  return data;
}
