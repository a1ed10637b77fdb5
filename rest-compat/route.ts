import type { CurrentUser } from '../src/context';
import type { PrismaClient } from '../src/db';
import type { CoreFailure } from './errors';
import type { LegacyCasts } from './legacy-dates';
import type { LegacyPageSpec } from './pages';
import type { LegacyInput, LegacyRead } from './legacy-input';

/** The data of a route's operation: its selection set (rest-compat/operations) gives the shape, read like JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped by design: the route tests check every shape
export type OperationData = Record<string, any>;

/** A request as the route table sees it, after routing, auth and body validation. */
export interface RestRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /**
   * The body: the core's camelCase input read from it when the route has an `input`, else the parsed raw body.
   */
  body: Record<string, unknown>;
  /** The legacy read of the body (a route with an `input`): renders the core's input problems at their legacy loc. */
  read?: LegacyRead;
}

/**
 * One legacy `/api` path mapped onto a GraphQL operation. Data only: the operation does the work.
 * Path segments: `:name` matches one segment; `:name#` matches an integer only (legacy 404 otherwise).
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  auth: 'public' | 'user' | 'admin';
  /** Who may call it when the operation's own rule narrows `auth` (shown in the OpenAPI description). */
  authNote?: string;
  /** Operation name in rest-compat/operations/*.graphql. */
  operation: string;
  /**
   * The body: the legacy read of the core input its operation takes (the core checks the rules, the adapter renders
   * its problems); a failure is the legacy 400 validation_error.
   */
  input?: LegacyInput;
  /**
   * GraphQL variables; by default `{ input: <camelCased body> }` when `input` is set, else `{}`. `casts` reads
   * text the way the legacy's SQL did, for the few parameters it passed to the database as sent.
   */
  variables?: (req: RestRequest, casts: LegacyCasts) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Legacy JSON from the operation's data; by default the first root field's value. */
  result?: (data: OperationData, req: RestRequest) => unknown;
  /** The legacy body of a failure when it is not `{"error": message, ...data}` (rest-compat/errors.ts). */
  errorBody?: (failure: CoreFailure) => Record<string, unknown> | undefined;
  /**
   * A legacy page-numbered list (`page`, `per_page`) read from the connection the operation selects first
   * (`$first`, `$offset`, `totalCount`, `edges { node }`): the router runs it once per MAX_PAGE_SIZE rows and
   * `result` sees the legacy envelope `{ <rows>, total, page, per_page, pages }` (rest-compat/pages.ts).
   */
  page?: LegacyPageSpec;
  /** Success status (default 200). */
  status?: number;
  /**
   * The legacy answer when the operation's object is null (its first root field): GraphQL answers null alike for
   * an object that does not exist and one outside the caller's warehouses. A function may tell the two apart with
   * a cheap check where the legacy told them apart (`existsElsewhere`).
   */
  missing?: LegacyAnswer | ((req: RestRequest, ctx: MissingContext) => LegacyAnswer | Promise<LegacyAnswer>);
  /**
   * The route reads its body itself (import, spec 70 §14): `before` runs first (checks that precede the
   * body read); then a non-JSON content type answers the framework's HTML 415, malformed JSON its HTML
   * 400, a non-object JSON value a 400 validation_error, and `body` is the parsed object as sent.
   */
  ownBody?: { before?: (req: RestRequest) => void };
}

/** A status and JSON body of the legacy server. */
export interface LegacyAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** What a `missing` function may read besides the request. */
export interface MissingContext {
  prisma: PrismaClient;
  /** The caller (null on public routes). */
  user: CurrentUser | null;
}

export const defineRoutes = (routes: RestRoute[]) => routes;

/** The legacy 404 `{"error": message}`. */
export const notFoundAnswer = (error: string): LegacyAnswer => ({ status: 404, body: { error } });

const ACCESS_DENIED: LegacyAnswer = { status: 403, body: { error: 'Access denied for this warehouse' } };

/**
 * `missing` of a route whose legacy (or reference) answer is 403 for an object of another warehouse: `exists`
 * looks for the object in every warehouse; found, the null was the caller's scope (403), else `absent`.
 */
export const existsElsewhere =
  (exists: (req: RestRequest, prisma: PrismaClient) => Promise<unknown>, absent: LegacyAnswer) =>
  async (req: RestRequest, ctx: MissingContext): Promise<LegacyAnswer> =>
    (await exists(req, ctx.prisma)) ? ACCESS_DENIED : absent;

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/**
 * An integer path segment (`:name#`) as a GraphQL Int. Beyond 32 bits no row can match, so it becomes 0
 * (no row has id 0): the resource's own 404 / 403 / empty answer instead of the legacy 500.
 */
export function pathInt(req: RestRequest, name = 'id'): number {
  const n = Number(req.params[name]);
  return Number.isSafeInteger(n) && n <= INT32_MAX ? n : 0;
}

/** An integer query parameter clamped to GraphQL's Int range; null when absent or not an integer. */
export function queryInt(req: RestRequest, name: string): number | null {
  const v = req.query.get(name);
  if (v === null || !/^\s*[-+]?\d+\s*$/.test(v)) return null;
  return Math.max(INT32_MIN, Math.min(INT32_MAX, Number.parseInt(v, 10)));
}
