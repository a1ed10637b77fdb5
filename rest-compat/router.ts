import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import { parse, type ExecutionResult, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import type { AppServices } from '../src/app';
import { authenticate } from '../src/auth/authenticate';
import { canAccessWarehouse } from '../src/auth/scope';
import { isReadOnly, READ_ONLY_MESSAGE } from '../src/auth/read-only';
import type { RequestContext, ServerContext } from '../src/context';
import { AppError, forbidden } from '../src/errors';
import { readLegacyBody, nonObjectBodyError, isJsonContentType, isMalformed, parsePythonJson } from './body';
import { ValidationError } from './pydantic-errors';
import { htmlErrorPage, jsonCopy, legacyJson } from './legacy-json';
import { loadOperations, type Operation } from './operations';
import { isUserErrorList, legacyError, restFailure, type CoreFailure } from './errors';
import { isInputIssue, type LegacyRead } from './legacy-input';
import { InputError } from '../src/errors';
import { legacyCasts, timePlan, toLegacyTimes, type LegacyCasts, type TimePlan } from './legacy-dates';
import type { MissingContext, OperationData, RestRequest, RestRoute } from './route';
import { routes as allRoutes } from './routes';
import { readLegacyPage, toLegacyPage } from './pages';
import { enumPlan, enumVariables, toGraphQLEnums, toLegacyEnums, type EnumPlan } from './legacy-enums';
import { requestInfo, type RequestInfo } from '../src/metrics';
import {
  canonicalJson, idempotencyStoreFor, IN_PROGRESS_MESSAGE, INVALID_KEY_MESSAGE, KEY_MISMATCH_MESSAGE,
  readIdempotencyKey, requestHash, REST_EXCLUDED_PATHS, scopeOf,
} from '../src/reliability/idempotency';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RestRoute;
  segments: { literal?: string; param?: string; int?: boolean }[];
  operation: Operation;
  /** Where the operation's answer holds times, re-rendered in their legacy form (legacy-dates.ts). */
  times: TimePlan;
  /** Where the answer holds enums named otherwise than the legacy spells them, and the variables that may (legacy-enums.ts). */
  enums: { answer: EnumPlan; variables: Map<string, GraphQLInputType> };
}

function compile(route: RestRoute, ops: Map<string, Operation>, schema: GraphQLSchema): CompiledRoute {
  const operation = ops.get(route.operation);
  if (!operation) throw new Error(`route ${route.method} ${route.path}: unknown operation ${route.operation}`);
  const segments = route.path.split('/').filter(Boolean).map((s) => {
    if (!s.startsWith(':')) return { literal: s };
    return s.endsWith('#') ? { param: s.slice(1, -1), int: true } : { param: s.slice(1) };
  });
  const document = parse(operation.source);
  return {
    route,
    segments,
    operation,
    times: timePlan(schema, document),
    enums: { answer: enumPlan(schema, document), variables: enumVariables(schema, document) },
  };
}

function match(c: CompiledRoute, parts: string[]): Record<string, string> | null {
  if (c.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = c.segments[i];
    const part = parts[i];
    if (seg.literal !== undefined) {
      if (seg.literal !== part) return null;
    } else {
      let value: string;
      try {
        value = decodeURIComponent(part);
      } catch {
        return null;
      }
      if (seg.int && !/^\d+$/.test(value)) return null;
      params[seg.param!] = value;
    }
  }
  return params;
}

/** Literal segments beat parameters (`/lookup/item/search` before `/lookup/item/:barcode`). */
const specificity = (c: CompiledRoute) => c.segments.map((s) => (s.literal !== undefined ? '0' : '1')).join('');

function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.statusCode = status;
  res.setHeader('Content-Type', type === 'application/json' ? 'application/json' : `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

const reply = (res: ServerResponse, r: Reply) => send(res, r.status, r.text, r.type);

/** Stores the answer under the request's idempotency key (if any), then sends it. */
async function storeAndSend(res: ServerResponse, store: (r: Reply) => Promise<void>, r: Reply): Promise<void> {
  await store(r);
  reply(res, r);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Legacy generic warehouse check (spec 00 §6.1): the body's warehouse_id, else the query's. */
function requestedWarehouse(contentType: string | null, body: unknown, query: URLSearchParams): number | null {
  const isJson = !!contentType && contentType.toLowerCase().includes('json');
  if (isJson && body && typeof body === 'object' && !Array.isArray(body)) {
    const v = (body as Record<string, unknown>).warehouse_id;
    if (v !== null && v !== undefined) {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
      if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
      // legacy-difference: a non-numeric warehouse_id was a 500; it simply matches no warehouse here.
      return Number.NaN;
    }
  }
  const q = query.get('warehouse_id');
  if (q !== null && /^\s*-?\d+\s*$/.test(q)) return Number.parseInt(q, 10);
  return null;
}

/** An operation's data (plain JSON) and errors, each with the core error it came from (none: GraphQL's own). */
interface OperationResult {
  data?: OperationData | null;
  errors?: { message: string; original?: AppError }[];
}

/**
 * Runs one named operation through yoga's envelop (the same plugins as /graphql: parse and validation caches,
 * graphql-armor, the context factory, shield in the schema, metrics with `via: rest`, error masking), without
 * the HTTP round trip of `yoga.fetch` (Request, request parser, Response, stream). The data is copied as the
 * JSON text yoga would have sent reads back (jsonCopy), so it renders exactly as over /graphql; a masked error keeps the core
 * error it maps as `originalError` (src/server.ts), whose legacy status and body the adapter renders.
 */
async function runOperation(
  yoga: YogaServerInstance<ServerContext, RequestContext>,
  params: { query: string; variables: Record<string, unknown>; operationName: string },
  serverContext: ServerContext,
): Promise<OperationResult> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- yoga types getEnveloped's argument as the server context alone; `params` is what its plugins read
  const enveloped = yoga.getEnveloped({ ...serverContext, params } as any);
  const document = enveloped.parse(params.query);
  const invalid = enveloped.validate(enveloped.schema, document);
  if (invalid.length > 0) return { errors: invalid.map((e: { message: string }) => ({ message: e.message })) };
  const contextValue = await enveloped.contextFactory();
  const result = (await enveloped.execute({
    schema: enveloped.schema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
  })) as ExecutionResult;
  return {
    data: result.data === undefined ? undefined : (jsonCopy(result.data) as OperationData | null),
    errors: result.errors?.map((e) => ({ message: e.message, original: e.originalError instanceof AppError ? e.originalError : undefined })),
  };
}

export interface RestHandlerOptions {
  app: AppServices;
  yoga: YogaServerInstance<ServerContext, RequestContext>;
  schema: GraphQLSchema;
  routes?: RestRoute[];
}

/** An answer: status, body text and its media type (JSON unless an HTML error page). */
interface Reply {
  status: number;
  text: string;
  type?: 'application/json' | 'text/html';
}

const html = (status: 400 | 404 | 405 | 413 | 415): Reply => ({ status, text: htmlErrorPage(status), type: 'text/html' });
const json = (status: number, value: unknown): Reply => ({ status, text: legacyJson(value) });

/** The core's input problems as the legacy 400 validation_error, at the legacy locs of the body read. */
const validationReply = (read: LegacyRead, problems: Parameters<LegacyRead['render']>[0]): Reply =>
  errorReply(restFailure(new ValidationError(read.render(problems))));

/** A core error's legacy status and body. */
function errorReply(err: CoreFailure | AppError, route?: RestRoute): Reply {
  const { status, body } = legacyError(err, route);
  return json(status, body);
}

/**
 * A mutation payload's result for the route: its userErrors become the legacy error (the first one), else the
 * payload without them; a payload of one result field (`{ batch, userErrors }`) is that field's value.
 */
function unwrapPayloads(data: OperationData): { data: OperationData } | { failure: CoreFailure; all: CoreFailure[] } {
  const out: OperationData = {};
  for (const [key, value] of Object.entries(data)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && isUserErrorList(value.userErrors)) {
      if (value.userErrors.length > 0) return { failure: value.userErrors[0], all: value.userErrors };
      const rest = Object.entries(value).filter(([k]) => k !== 'userErrors');
      out[key] = rest.length === 1 ? rest[0][1] : Object.fromEntries(rest);
    } else {
      out[key] = value;
    }
  }
  return { data: out };
}

/** The request as read from the socket: method, URL, body bytes and their legacy parse. */
interface Incoming {
  method: string;
  url: URL;
  contentType: string | null;
  raw: Buffer;
  parsed: ReturnType<typeof readLegacyBody>;
}

/** Step 1. The route of the method and path; otherwise the framework's HTML 404, or 405 with `Allow`. */
function matchRoute(bySegments: Map<number, CompiledRoute[]>, method: string, url: URL): { c: CompiledRoute; params: Record<string, string> } | { reply: Reply; allow?: string } {
  const parts = url.pathname.split('/').filter(Boolean);
  // only routes of as many segments can match; the first of the method (in specificity order) wins
  const candidates = bySegments.get(parts.length) ?? [];
  for (const c of candidates) {
    if (c.route.method !== method) continue;
    const params = match(c, parts);
    if (params) return { c, params };
  }
  const allowed = new Set<string>();
  for (const c of candidates) if (match(c, parts)) allowed.add(c.route.method);
  if (allowed.size > 0 && method !== 'OPTIONS') return { reply: html(405), allow: [...allowed, 'OPTIONS'].join(', ') };
  return { reply: html(404) };
}

/**
 * Step 2, in the legacy order: the token (an API token reads only), the generic warehouse check (spec 00 §6.1: the body's warehouse_id,
 * else the query's) and the admin role. Throws the legacy error; returns what the operation's context needs.
 */
async function authenticateRequest(app: AppServices, route: RestRoute, req: IncomingMessage, incoming: Incoming, info: RequestInfo) {
  const restAuth: NonNullable<ServerContext['restAuth']> = { user: null, error: null };
  if (route.auth === 'public') return restAuth;
  const auth = await authenticate(app, req.headers.authorization ?? null);
  if (auth.error) throw auth.error;
  const user = auth.user;
  info.userId = user.userId;
  // an API token reads only: no write route runs, whatever it is
  if (isReadOnly(user) && incoming.method !== 'GET') throw forbidden(READ_ONLY_MESSAGE);
  if (!user.isAdmin) {
    const wid = requestedWarehouse(incoming.contentType, incoming.parsed.ok ? incoming.parsed.value : null, incoming.url.searchParams);
    if (wid !== null && !canAccessWarehouse(user, wid)) throw forbidden('Access denied for this warehouse');
  }
  if (route.auth === 'admin' && !user.isAdmin) throw forbidden();
  return auth;
}

/**
 * Step 3. The body as the route reads it (the strict read of `ownBody` routes, else the legacy parse), validated
 * by the route's `input` (400 validation_error), and the operation's variables. An HTML error page is returned.
 */
async function readRequest(
  route: RestRoute,
  params: Record<string, string>,
  incoming: Incoming,
  casts: LegacyCasts,
): Promise<{ restReq: RestRequest; variables: Record<string, unknown> } | Reply> {
  const { parsed, contentType, url } = incoming;
  let body: Record<string, unknown> = parsed.ok ? (parsed.value as Record<string, unknown>) : {};
  if (route.ownBody) {
    // strict body read of the import endpoint (spec 70 §14)
    route.ownBody.before?.({ params, query: url.searchParams, body: {} });
    if (!isJsonContentType(contentType)) return html(415);
    const value = parsePythonJson(incoming.raw.toString('utf8'));
    if (isMalformed(value)) return html(400);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw nonObjectBodyError();
    body = value as Record<string, unknown>;
  }
  let read: LegacyRead | undefined;
  if (route.input) {
    if (!parsed.ok) throw nonObjectBodyError();
    read = route.input.read(body);
    body = read.value;
  }
  const restReq: RestRequest = { params, query: url.searchParams, body, ...(read ? { read } : {}) };
  const variables = route.variables
    ? await route.variables(restReq, casts)
    : read ? { input: read.value } : {};
  return { restReq, variables };
}

/** Stores nothing: a request without an Idempotency-Key (one function for all, not a closure per request). */
const storeNothing = async (_reply: Reply): Promise<void> => {};

/**
 * Step 4. Idempotent retries (src/reliability/idempotency.ts), claimed after auth and validation, before the work:
 * a reply when the key decides the answer (invalid key, mismatch, in progress, replay), else the function that
 * stores the final answer under a claimed key (or does nothing without a key).
 */
async function claimIdempotency(
  app: AppServices,
  route: RestRoute,
  req: IncomingMessage,
  incoming: Incoming,
  userId: number | undefined,
): Promise<{ reply: Reply; replayed?: boolean } | { store: (reply: Reply) => Promise<void> }> {
  const none = { store: storeNothing };
  if (incoming.method === 'GET' || REST_EXCLUDED_PATHS.has(route.path)) return none;
  const header = readIdempotencyKey(req.headers['idempotency-key']);
  if (header === null) return { reply: json(400, { error: INVALID_KEY_MESSAGE }) };
  if (header === undefined) return none;
  const store = idempotencyStoreFor(app);
  const scope = scopeOf(userId, incoming.method, route.path);
  const { parsed, url, raw } = incoming;
  const hash = requestHash(url.pathname, url.search, parsed.ok ? canonicalJson(parsed.value) : raw.toString('utf8'));
  const claim = await store.claim(scope, header, hash);
  if (claim.kind === 'mismatch') return { reply: json(409, { error: KEY_MISMATCH_MESSAGE }) };
  if (claim.kind === 'in_progress') return { reply: json(409, { error: IN_PROGRESS_MESSAGE }) };
  if (claim.kind === 'replay') return { reply: { status: claim.stored.status, text: claim.stored.response.text ?? '' }, replayed: true };
  let finished = false;
  return {
    store: async (reply) => {
      if (finished) return;
      finished = true;
      await store.finish(claim, reply.status, { text: reply.text });
    },
  };
}

/**
 * Step 6. The legacy answer of the operation's result: the first error's legacy status and body (GraphQL's own
 * errors, which a route's fixed operation only meets through a bug, are a 500); the route's `missing` answer when
 * its object is null; else the route's `result` of the data (default: the first root field) with its status, its
 * times in their legacy form.
 */
async function render(c: CompiledRoute, restReq: RestRequest, result: OperationResult, info: RequestInfo, log: () => void, missing: MissingContext): Promise<Reply> {
  const route = c.route;
  if (result.errors?.length) {
    const original = result.errors[0].original;
    if (original) {
      info.errorCode = original.code;
      if (original instanceof InputError && restReq.read) return validationReply(restReq.read, original.problems);
      return errorReply(original, route);
    }
    log();
    return json(500, { error: 'Internal server error' });
  }
  const unwrapped = unwrapPayloads(toLegacyEnums(toLegacyTimes(result.data ?? {}, c.times), c.enums.answer));
  if ('failure' in unwrapped) {
    if (restReq.read && isInputIssue(unwrapped.failure.data)) {
      info.errorCode = 'BAD_USER_INPUT';
      return validationReply(restReq.read, unwrapped.all.map((f) => ({ field: f.field ?? null, message: f.message, issue: f.data as never })));
    }
    info.errorCode = unwrapped.failure.code;
    return errorReply(unwrapped.failure, route);
  }
  const data = route.page ? toLegacyPage(route.page, restReq, unwrapped.data) : unwrapped.data;
  if (route.missing && data[Object.keys(data)[0]] === null) {
    const answer = typeof route.missing === 'function' ? await route.missing(restReq, missing) : route.missing;
    return json(answer.status, answer.body);
  }
  return json(route.status ?? 200, route.result ? route.result(data, restReq) : data[Object.keys(data)[0]]);
}

/** The REST compatibility layer: legacy `/api` paths executed as GraphQL operations through yoga. */
export function createRestHandler({ app, yoga, schema, routes = allRoutes }: RestHandlerOptions) {
  const { ops, invalid } = loadOperations(schema);
  for (const [name, message] of invalid) app.logger.error({ operation: name, message }, 'invalid rest-compat operation; its routes answer 500');
  const compiled = routes
    .filter((r) => !invalid.has(r.operation))
    .map((r) => compile(r, ops, schema))
    .sort((a, b) => specificity(a).localeCompare(specificity(b)));
  const bySegments = new Map<number, CompiledRoute[]>();
  for (const c of compiled) bySegments.set(c.segments.length, [...(bySegments.get(c.segments.length) ?? []), c]);

  const casts = legacyCasts(app.prisma);

  return async function handle(req: IncomingMessage, res: ServerResponse, meta: { requestId: string; clientIp: string }) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();

    const matched = matchRoute(bySegments, method, url);
    if ('reply' in matched) {
      if (matched.allow) res.setHeader('Allow', matched.allow);
      return reply(res, matched.reply);
    }
    const { c, params } = matched;
    const route = c.route;
    // for the request log and the metrics: the route pattern (not the raw path), operation, user, error code
    const info = requestInfo(req);
    info.route = route.path;
    info.operation = route.operation;

    const raw = await readBody(req);
    if (raw === 'too_large') return reply(res, html(413));
    const contentType = req.headers['content-type'] ?? null;
    const incoming: Incoming = { method, url, contentType, raw, parsed: readLegacyBody(contentType, raw.toString('utf8')) };

    // Every answer after the idempotency claim is stored under its key.
    let store: (r: Reply) => Promise<void> = storeNothing;
    try {
      const restAuth = await authenticateRequest(app, route, req, incoming, info);
      const request = await readRequest(route, params, incoming, casts);
      if ('status' in request) return reply(res, request);

      const claim = await claimIdempotency(app, route, req, incoming, restAuth.user?.userId);
      if ('reply' in claim) {
        if (claim.replayed) res.setHeader('Idempotent-Replayed', 'true');
        return reply(res, claim.reply);
      }
      store = claim.store;

      // Step 5: the route's named operation through yoga's envelop (a legacy page: as many times as its rows need).
      const execute = (variables: Record<string, unknown>) =>
        runOperation(
          yoga,
          { query: c.operation.source, variables: toGraphQLEnums(variables, c.enums.variables), operationName: route.operation },
          { restAuth, clientIp: meta.clientIp, requestId: meta.requestId },
        );
      let result: OperationResult;
      if (route.page) {
        let failed: OperationResult | undefined;
        const read = await readLegacyPage(route.page, request.restReq, async (paging) => {
          const r = await execute({ ...request.variables, ...paging });
          if (r.errors?.length || !r.data) failed = r;
          return failed ? null : r.data;
        });
        result = failed ?? { data: read };
      } else {
        result = await execute(request.variables);
      }
      const logFailure = () => app.logger.error({ requestId: meta.requestId, errors: result.errors }, 'rest operation failed');
      return await storeAndSend(res, store, await render(c, request.restReq, result, info, logFailure, { prisma: app.prisma, user: restAuth.user }));
    } catch (e) {
      const err = restFailure(e);
      info.errorCode = err.code;
      if (err.status >= 500) app.logger.error({ requestId: meta.requestId, err: e }, 'rest request failed');
      return await storeAndSend(res, store, errorReply(err, route));
    }
  };
}
