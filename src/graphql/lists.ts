// The one list style of the GraphQL face (issue #16): a Relay connection with first/after/last/before,
// a typed `filter`, `sortBy: { field, direction }` and `totalCount`, scoped to the caller's warehouses.
// Every new list is declared through `defineList`, so paging, limits and cursors behave the same everywhere.
import { formatPrismaCursor, parsePrismaCursor, queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from './builder';
import { SortDirection } from './common';
import type { AuthedContext, CurrentUser, RequestContext } from '../context';
import { AppError } from '../errors';
import { authenticated, type FieldRule } from '../auth/rules';
import { scopedWarehouseIds } from '../auth/scope';

/** Largest page a list answers; a bigger `first`/`last` is refused (never silently capped). */
export const MAX_PAGE_SIZE = 250;
/** Page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  offset?: number | null;
}

/** Largest cursor id: ids are 32-bit, the audit log's 64-bit. */
const MAX_CURSOR_ID = 9223372036854775807n;

const pageError = (message: string, argument: string) =>
  new AppError('BAD_USER_INPUT', message, { extensions: { argument, maxPageSize: MAX_PAGE_SIZE } });

/** The Prisma window of one page: `take` is one more than the page so the next/previous page is known. */
export function pageWindow(args: PageArgs, cursorField: string) {
  const { first, last, after, before } = args;
  const offset = args.offset ?? 0;
  if (offset < 0) throw pageError('Argument "offset" must not be negative', 'offset');
  if (offset > 0 && (last != null || before != null)) throw pageError('"offset" skips rows forward: use it with "first"/"after"', 'offset');
  for (const [name, v] of [['first', first], ['last', last]] as const) {
    if (v !== null && v !== undefined && (v < 0 || v > MAX_PAGE_SIZE)) {
      throw pageError(`Argument "${name}" must be between 0 and ${MAX_PAGE_SIZE}`, name);
    }
  }
  if (first != null && last != null) throw pageError('Use either "first" or "last", not both', 'last');
  if (after != null && before != null) throw pageError('Use either "after" or "before", not both', 'before');
  if (first != null && before != null) throw pageError('"first" pages forward: use it with "after"', 'before');
  if (last != null && after != null) throw pageError('"last" pages backward: use it with "before"', 'after');
  const backward = last != null || before != null;
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  const raw = after ?? before;
  let cursor: Record<string, unknown> | undefined;
  if (raw != null) {
    let id: unknown;
    try {
      id = parsePrismaCursor(raw);
    } catch {
      throw pageError('Invalid cursor', after != null ? 'after' : 'before');
    }
    // A positive integer id: anything else was never issued by this server (and would fail in Prisma, not as bad input).
    const valid =
      (typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= 2147483647) || (typeof id === 'bigint' && id >= 1n && id <= MAX_CURSOR_ID);
    if (!valid) throw pageError('Invalid cursor', after != null ? 'after' : 'before');
    cursor = { [cursorField]: id };
  }
  return { size, backward, cursor, offset, take: (backward ? -1 : 1) * (size + 1), skip: (cursor ? 1 : 0) + offset };
}

/**
 * `warehouseId` condition of a list: the caller's warehouses, narrowed to `requested` when given. A warehouse the
 * caller may not see matches nothing, exactly like one that does not exist (no error that would confirm it).
 */
export function warehouseScope(user: CurrentUser, requested: number | null | undefined) {
  const allowed = scopedWarehouseIds(user);
  if (requested != null) return allowed && !allowed.includes(requested) ? { in: [] as number[] } : requested;
  return allowed ? { in: allowed } : undefined;
}

/** The Prisma condition of a `*From` (inclusive) / `*To` (exclusive) pair of a filter; the scalar has checked both. */
export function dateRange(from: Date | null | undefined, to: Date | null | undefined) {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
}

/** `sortBy` input of a list: one field of its sort enum and a direction. */
export function sortInput(name: string, fieldEnum: any, what: string) {
  return builder.inputType(name, {
    description: `How to order ${what}; ties are broken by id in the same direction, so cursors stay stable.`,
    fields: (t) => ({
      field: t.field({ type: fieldEnum, required: true, description: 'The column to order by.' }),
      direction: t.field({ type: SortDirection, defaultValue: 'DESC', description: 'ASC (smallest or oldest first) or DESC (the default).' }),
    }),
  });
}

type Dir = 'asc' | 'desc';

interface Delegate {
  findMany(args: any): Promise<any[]>;
  count(args: any): Promise<number>;
}

export interface ListOptions<Filter> {
  /** Root field name, e.g. `pickBatches`. */
  field: string;
  description: string;
  /** GraphQL type of the nodes (a prismaObject) and the Prisma model behind it. */
  node: any;
  nodeTypeName: string;
  /** Integer primary key: the cursor and the sort tie-breaker. */
  idField: string;
  connectionName: string;
  filter: any;
  sortBy: any;
  /** Sort when `sortBy` is absent. */
  defaultSort: { field: string; direction: 'ASC' | 'DESC' };
  delegate: (ctx: RequestContext) => Delegate;
  /** The Prisma `where` of the filter, already scoped to `user`'s warehouses. */
  where: (filter: Filter, user: CurrentUser) => Record<string, unknown>;
  /**
   * Who may list (default: any signed-in user, the scope being in `where`). Admin-only lists name `admin`; a rule
   * may read the field's arguments (`filter.warehouseId`).
   */
  rule?: FieldRule<AuthedContext>;
  /** Sort fields that are not a column of the model (a relation's column, several columns): their Prisma orderBy. */
  orderBy?: Record<string, (dir: Dir) => Record<string, unknown>[]>;
  /**
   * For nodes that are not Prisma objects (views built from rows): the fixed Prisma query of a row and the mapping
   * of a page of rows to the nodes. Without it the node's selection is read from the request (no N+1).
   */
  rows?: { query: Record<string, unknown>; map: (rows: any[], ctx: AuthedContext) => Promise<unknown[]> };
  /** Where the field's description lists what `totalCount` costs or other notes. */
  notes?: string;
}

interface ListConnection {
  edges: { cursor: string; node: unknown }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/** `batchId` -> `BATCH_ID`: the sort enum value naming a column. */
const enumName = (field: string) => field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** Registers a list root field in the house style (see the file comment). */
export function defineList<Filter>(opts: ListOptions<Filter>) {
  const connection = builder.connectionObject(
    {
      type: opts.node,
      name: opts.connectionName,
      edgesField: { description: 'The rows of this page, in list order.' },
      description: `One page of ${opts.description.replace(/\.$/, '')}, with the total over every page.`,
      fields: (t) => ({
        totalCount: t.int({
          description: 'Rows matching the filter over all pages (counted only when asked for).',
          resolve: (c) => (c as unknown as ListConnection).totalCount(),
        }),
      }),
    },
    {
      name: opts.connectionName.replace(/Connection$/, 'Edge'),
      description: 'A row of the list and its cursor.',
      nodeField: { description: 'The row.' },
    },
  );

  // Any signed-in user: the warehouse scope is in `where`, so another warehouse lists nothing instead of failing.
  builder.queryField(opts.field, (t) =>
    t.withShield(opts.rule ?? authenticated).field({
      type: connection,
      description: `${opts.description} Pages of at most ${MAX_PAGE_SIZE} rows (default ${DEFAULT_PAGE_SIZE}); a larger page is refused with BAD_USER_INPUT. ${opts.notes ?? "Only the caller's warehouses are listed."}`,
      args: {
        first: t.arg.int({ description: `Rows after \`after\` (forward paging), 0 to ${MAX_PAGE_SIZE}.` }),
        after: t.arg.string({ description: 'Cursor of the row to start after (an `endCursor`).' }),
        last: t.arg.int({ description: `Rows before \`before\` (backward paging), 0 to ${MAX_PAGE_SIZE}.` }),
        before: t.arg.string({ description: 'Cursor of the row to end before (a `startCursor`).' }),
        offset: t.arg.int({
          description: 'Rows to skip before the page (after `after` when given), for page-numbered tables; prefer cursors. Forward paging only.',
        }),
        filter: t.arg({ type: opts.filter, description: 'Only rows matching every given condition.' }),
        sortBy: t.arg({ type: opts.sortBy, description: `Order of the rows (default ${enumName(opts.defaultSort.field)} ${opts.defaultSort.direction}).` }),
      },
      resolve: (_root, args, ctx, info) => resolveList(opts, args as any, ctx, info) as any,
    }),
  );
}

async function resolveList<Filter>(
  opts: ListOptions<Filter>,
  args: PageArgs & { filter?: Filter | null; sortBy?: { field: string; direction?: 'ASC' | 'DESC' | null } | null },
  ctx: RequestContext,
  info: GraphQLResolveInfo,
): Promise<ListConnection> {
  const window = pageWindow(args, opts.idField);
  const where = opts.where((args.filter ?? {}) as Filter, (ctx as AuthedContext).user);
  const sortField = args.sortBy?.field ?? opts.defaultSort.field;
  const dir = ((args.sortBy ? args.sortBy.direction : opts.defaultSort.direction) ?? 'DESC') === 'ASC' ? 'asc' : 'desc';
  const custom = opts.orderBy?.[sortField];
  const orderBy =
    sortField === opts.idField
      ? [{ [opts.idField]: dir }]
      : [...(custom ? custom(dir) : [{ [sortField]: dir }]), { [opts.idField]: dir }];
  let query: Record<string, any>;
  if (opts.rows) {
    query = opts.rows.query;
  } else {
    const selection = queryFromInfo({ context: ctx, info, typeName: opts.nodeTypeName, path: ['edges', 'node'] }) as Record<string, any>;
    query = selection.select ? { select: { ...selection.select, [opts.idField]: true } } : selection;
  }
  const delegate = opts.delegate(ctx);

  const rows = await delegate.findMany({
    ...query,
    where,
    orderBy,
    take: window.take,
    skip: window.skip,
    ...(window.cursor ? { cursor: window.cursor } : {}),
  });
  const more = rows.length > window.size;
  // A backward take returns the rows in list order; the extra row is the first one.
  const page = more ? (window.backward ? rows.slice(1) : rows.slice(0, window.size)) : rows;
  const nodes = opts.rows ? await opts.rows.map(page, ctx as AuthedContext) : page;
  const edges = page.map((row, i) => ({ cursor: formatPrismaCursor(row, opts.idField), node: nodes[i] }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: window.backward ? args.before != null : more,
      hasPreviousPage: window.backward ? more : args.after != null || window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => (total ??= delegate.count({ where })),
  };
}
