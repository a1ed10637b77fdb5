/**
 * Query cost, computed as Shopify does: every object a query returns costs 1, scalars and enums cost 0, a root
 * mutation field costs 10, and a list multiplies the cost of one element by its size. The size is the operation's
 * own `first`/`last`/`limit` argument WITH VARIABLES APPLIED (a connection passes its size down to its
 * `edges`/`nodes`), else the default page size of that kind of list, else (lists
 * without a size argument, such as an order's lines) an assumed size.
 *
 * The requested cost is that estimate, checked before anything runs; the actual cost counts the objects the answer
 * really holds. Both go to `extensions.cost` of the answer; a refusal is an error with code QUERY_TOO_COMPLEX.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getVariableValues,
  isCompositeType,
  isListType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export const QUERY_COST = {
  /** Highest requested cost of one operation. */
  maxCost: 5000,
  /** A connection without `first`/`last` (Pothos relay's defaultConnectionSize). */
  defaultConnectionSize: 20,
  /** A plain list's `limit` when absent (the newest inter-warehouse transfers). */
  defaultLimit: 50,
  /** A list with neither a size argument nor a size from its parent (an order's lines, a bin's stock rows). */
  assumedListSize: 10,
  /** Extra cost of each root mutation field (it writes). */
  mutation: 10,
} as const;

/** Size arguments and the size a list gets when the argument is absent. */
const SIZE_ARGS: Record<string, number> = {
  first: QUERY_COST.defaultConnectionSize,
  last: QUERY_COST.defaultConnectionSize,
  limit: QUERY_COST.defaultLimit,
};

type Variables = Record<string, unknown>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  /** actualOf's fields by response key, per list of selection sets (the same for every element of a list) */
  byKey?: Map<SelectionSetNode[], Map<string, SelectionSetNode[]>>;
}

/** The operation that will run (the one named, or the only one), or undefined. */
function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return ops.find((o) => o.name?.value === operationName);
  return ops.length === 1 ? ops[0] : undefined;
}

function fragmentsOf(document: DocumentNode) {
  const m = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) m.set(d.name.value, d);
  return m;
}

const included = (w: Walk, node: Parameters<typeof getDirectiveValues>[1]) =>
  getDirectiveValues(GraphQLSkipDirective, node, w.variables)?.if !== true &&
  getDirectiveValues(GraphQLIncludeDirective, node, w.variables)?.if !== false;

/** The field nodes of a selection set with fragments flattened (type conditions ignored: the worst case counts). */
function* fieldsOf(w: Walk, set: SelectionSetNode, seen: Set<string> = new Set()): Generator<FieldNode> {
  for (const sel of set.selections) {
    if (!included(w, sel)) continue;
    if (sel.kind === Kind.FIELD) yield sel;
    else if (sel.kind === Kind.INLINE_FRAGMENT) yield* fieldsOf(w, sel.selectionSet, seen);
    else if (!seen.has(sel.name.value)) {
      const frag = w.fragments.get(sel.name.value);
      if (frag) yield* fieldsOf(w, frag.selectionSet, new Set([...seen, sel.name.value]));
    }
  }
}

/**
 * The field nodes of a selection set with fragments flattened, each with the type it is selected on: a fragment's
 * type condition (`... on Bin` under an interface such as Node), else `parent`. Every condition counts (worst case).
 */
function* typedFieldsOf(
  w: Walk,
  parent: GraphQLNamedType,
  set: SelectionSetNode,
  seen: Set<string> = new Set(),
): Generator<{ node: FieldNode; on: GraphQLNamedType }> {
  for (const sel of set.selections) {
    if (!included(w, sel)) continue;
    if (sel.kind === Kind.FIELD) {
      yield { node: sel, on: parent };
      continue;
    }
    const frag = sel.kind === Kind.INLINE_FRAGMENT ? sel : seen.has(sel.name.value) ? undefined : w.fragments.get(sel.name.value);
    if (!frag) continue;
    const on = (frag.typeCondition && w.schema.getType(frag.typeCondition.name.value)) || parent;
    yield* typedFieldsOf(w, on, frag.selectionSet, sel.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, sel.name.value]) : seen);
  }
}

function fieldDef(w: Walk, parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!isCompositeType(parent) || !('getFields' in parent)) return undefined;
  return parent.getFields()[name];
}

/** List arguments whose length is the size of the list the field answers (`nodes(ids:)`: one object per id). */
const SIZE_LIST_ARGS = ['ids'];

/** The size this field asks for, from its size argument (variables applied), else its default; null if it has none. */
function sizeArg(w: Walk, def: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
  const names = def.args.map((a) => a.name).filter((n) => n in SIZE_ARGS);
  const listNames = def.args.map((a) => a.name).filter((n) => SIZE_LIST_ARGS.includes(n));
  if (names.length === 0 && listNames.length === 0) return null;
  let values: Record<string, unknown> = {};
  try {
    values = getArgumentValues(def, node, w.variables);
  } catch {
    // an argument of the wrong type: execution refuses it anyway; count the defaults
  }
  const list = listNames.map((n) => values[n]).find(Array.isArray);
  if (list) return list.length;
  if (names.length === 0) return null;
  const given = names.map((n) => values[n]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (given.length > 0) return Math.max(0, ...given.map(Math.trunc));
  return Math.max(...names.map((n) => SIZE_ARGS[n]));
}

/** Requested cost of a selection set on `parent`; `inherited` is the size a connection passes to its lists. */
function selectionCost(w: Walk, parent: GraphQLNamedType, set: SelectionSetNode, inherited: number | null): number {
  let total = 0;
  for (const { node, on } of typedFieldsOf(w, parent, set)) {
    const name = node.name.value;
    if (name.startsWith('__')) continue; // __typename, and introspection (bounded by the schema, not the data)
    const def = fieldDef(w, on, name);
    if (!def || !node.selectionSet) continue; // leaves cost nothing
    const own = sizeArg(w, def, node);
    const type = getNullableType(def.type);
    const named = getNamedType(def.type);
    if (isListType(type)) {
      const size = own ?? inherited ?? QUERY_COST.assumedListSize;
      total += size * (1 + selectionCost(w, named, node.selectionSet, null));
    } else {
      // a connection hands its size to its lists (edges, nodes)
      total += 1 + selectionCost(w, named, node.selectionSet, own);
    }
  }
  return total;
}

/** Coerced variables per request's raw variables object and operation: the requested and the actual cost share them. */
const coercions = new WeakMap<Variables, Map<OperationDefinitionNode, Variables | null>>();

/** Variables as execution will see them (defaults applied, coerced); null when they do not coerce (execution refuses). */
function coercedVariables(schema: GraphQLSchema, op: OperationDefinitionNode, raw: Variables | undefined): Variables | null {
  const known = raw && coercions.get(raw)?.get(op);
  if (known !== undefined) return known;
  const r = getVariableValues(schema, op.variableDefinitions ?? [], raw ?? {}, { maxErrors: 1 });
  const coerced = r.errors ? null : r.coerced;
  if (raw) coercions.set(raw, (coercions.get(raw) ?? new Map()).set(op, coerced));
  return coerced;
}

const hasVariable = (v: ValueNode): boolean =>
  v.kind === Kind.VARIABLE || (v.kind === Kind.LIST && v.values.some(hasVariable)) || (v.kind === Kind.OBJECT && v.fields.some((f) => hasVariable(f.value)));

const varyingCost = new WeakMap<DocumentNode, boolean>();

/** Whether a variable feeds a size argument or a @skip/@include anywhere in the document (then its cost varies). */
function costVariesWithVariables(document: DocumentNode): boolean {
  let varies = varyingCost.get(document);
  if (varies === undefined) {
    varies = false;
    visit(document, {
      Argument(node) {
        if ((node.name.value in SIZE_ARGS || SIZE_LIST_ARGS.includes(node.name.value)) && hasVariable(node.value)) varies = true;
      },
      Directive(node) {
        if ((node.name.value === 'skip' || node.name.value === 'include') && node.arguments?.some((a) => hasVariable(a.value))) varies = true;
      },
    });
    varyingCost.set(document, varies);
  }
  return varies;
}

/**
 * Requested costs of the documents whose cost no variable changes, per schema, document and operation: a client's
 * usual query (a lookup by barcode, a dashboard's lists at fixed sizes) is priced once, not on every request.
 */
const fixedCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>();

function fixedCostsOf(schema: GraphQLSchema): WeakMap<OperationDefinitionNode, number> {
  let costs = fixedCosts.get(schema);
  if (!costs) fixedCosts.set(schema, (costs = new WeakMap()));
  return costs;
}

/** The requested cost of the operation, or null when it cannot be computed (no such operation, bad variables). */
export function requestedCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, rawVariables?: Variables): number | null {
  const op = selectOperation(document, operationName);
  if (!op) return null;
  const variables = coercedVariables(schema, op, rawVariables);
  if (!variables) return null;
  const fixed = costVariesWithVariables(document) ? undefined : fixedCostsOf(schema);
  const known = fixed?.get(op);
  if (known !== undefined) return known;
  const root = schema.getRootType(op.operation);
  if (!root) return null;
  const w: Walk = { schema, fragments: fragmentsOf(document), variables };
  let cost = selectionCost(w, root, op.selectionSet, null);
  if (op.operation === 'mutation') for (const f of fieldsOf(w, op.selectionSet)) if (!f.name.value.startsWith('__')) cost += QUERY_COST.mutation;
  fixed?.set(op, cost);
  return cost;
}

/** Objects actually in `data` for this selection set (fields merged by response key, as the answer holds them). */
function actualOf(w: Walk, sets: SelectionSetNode[], data: unknown): number {
  if (data === null || typeof data !== 'object') return 0;
  if (Array.isArray(data)) return data.reduce((n: number, d) => n + actualOf(w, sets, d), 0);
  let byKey = w.byKey?.get(sets);
  if (!byKey) {
    byKey = new Map<string, SelectionSetNode[]>();
    for (const set of sets) {
      for (const node of fieldsOf(w, set)) {
        if (!node.selectionSet || node.name.value.startsWith('__')) continue;
        const key = node.alias?.value ?? node.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), node.selectionSet]);
      }
    }
    w.byKey?.set(sets, byKey);
  }
  let total = 0;
  for (const [key, childSets] of byKey) total += countObjects(w, childSets, (data as Record<string, unknown>)[key]);
  return total;
}

function countObjects(w: Walk, sets: SelectionSetNode[], value: unknown): number {
  if (value === null || value === undefined || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countObjects(w, sets, v), 0);
  return 1 + actualOf(w, sets, value);
}

/** The actual cost of an answer: the objects it holds (plus the mutation fields that ran). */
export function actualCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, rawVariables: Variables | undefined, data: unknown): number | null {
  const op = selectOperation(document, operationName);
  if (!op) return null;
  const variables = coercedVariables(schema, op, rawVariables) ?? {};
  const w: Walk = { schema, fragments: fragmentsOf(document), variables, byKey: new Map() };
  let cost = actualOf(w, [op.selectionSet], data);
  if (op.operation === 'mutation' && data && typeof data === 'object') {
    for (const f of fieldsOf(w, op.selectionSet)) if (!f.name.value.startsWith('__') && (data as Record<string, unknown>)[f.alias?.value ?? f.name.value] !== undefined) cost += QUERY_COST.mutation;
  }
  return cost;
}
