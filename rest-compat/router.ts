import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import type { AppServices } from '../src/app';
import { authenticate } from '../src/auth/authenticate';
import { canAccessWarehouse } from '../src/auth/scope';
import { isReadOnly, READ_ONLY_MESSAGE } from '../src/auth/read-only';
import type { RequestContext, ServerContext } from '../src/context';
import { forbidden, type AppError } from '../src/errors';
import { camelKeys } from '../src/shared/case';
import { readLegacyBody, nonObjectBodyError, isJsonContentType, isMalformed, parsePythonJson } from '../src/validation/body';
import { parseInput } from '../src/validation/errors';
import { toAppError } from '../src/graphql/error-mapping';
import { htmlErrorPage, legacyJson } from './legacy-json';
import { loadOperations, type Operation } from './operations';
import type { RestRequest, RestRoute } from './route';
import { routes as allRoutes } from './routes';
import { requestInfo } from '../src/metrics';
import {
  canonicalJson, idempotencyStoreFor, IN_PROGRESS_MESSAGE, INVALID_KEY_MESSAGE, KEY_MISMATCH_MESSAGE,
  readIdempotencyKey, requestHash, REST_EXCLUDED_PATHS, scopeOf,
} from '../src/reliability/idempotency';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RestRoute;
  segments: { literal?: string; param?: string; int?: boolean }[];
  operation: Operation;
}

function compile(route: RestRoute, ops: Map<string, Operation>): CompiledRoute {
  const operation = ops.get(route.operation);
  if (!operation) throw new Error(`route ${route.method} ${route.path}: unknown operation ${route.operation}`);
  const segments = route.path.split('/').filter(Boolean).map((s) => {
    if (!s.startsWith(':')) return { literal: s };
    return s.endsWith('#') ? { param: s.slice(1, -1), int: true } : { param: s.slice(1) };
  });
  return { route, segments, operation };
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

type OperationResult = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };

/**
 * Runs one named operation through yoga's envelop (the same plugins as /graphql: parse and validation caches,
 * graphql-armor, the context factory, shield in the schema, metrics with `via: rest`, error masking), without
 * the HTTP round trip of `yoga.fetch` (Request, request parser, Response, stream). The result goes through the
 * same JSON text yoga would have sent, so data and errors render exactly as over /graphql.
 */
async function runOperation(
  yoga: YogaServerInstance<ServerContext, RequestContext>,
  params: { query: string; variables: Record<string, unknown>; operationName: string },
  serverContext: ServerContext,
): Promise<OperationResult> {
  const enveloped = yoga.getEnveloped({ ...serverContext, params } as any);
  const document = enveloped.parse(params.query);
  const errors = enveloped.validate(enveloped.schema, document);
  let result: unknown;
  if (errors.length > 0) {
    result = { errors };
  } else {
    const contextValue = await enveloped.contextFactory();
    result = await enveloped.execute({
      schema: enveloped.schema,
      document,
      contextValue,
      variableValues: params.variables,
      operationName: params.operationName,
    });
  }
  return JSON.parse(JSON.stringify(result)) as OperationResult;
}

export interface RestHandlerOptions {
  app: AppServices;
  yoga: YogaServerInstance<ServerContext, RequestContext>;
  schema: GraphQLSchema;
  routes?: RestRoute[];
}

/** The REST compatibility layer: legacy `/api` paths executed as GraphQL operations through yoga. */
export function createRestHandler({ app, yoga, schema, routes = allRoutes }: RestHandlerOptions) {
  const { ops, invalid } = loadOperations(schema);
  for (const [name, message] of invalid) app.logger.error({ operation: name, message }, 'invalid rest-compat operation; its routes answer 500');
  const compiled = routes
    .filter((r) => !invalid.has(r.operation))
    .map((r) => compile(r, ops))
    .sort((a, b) => specificity(a).localeCompare(specificity(b)));

  return async function handle(req: IncomingMessage, res: ServerResponse, meta: { requestId: string; clientIp: string }) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = (req.method ?? 'GET').toUpperCase();

    let found: { c: CompiledRoute; params: Record<string, string> } | null = null;
    const allowed = new Set<string>();
    for (const c of compiled) {
      const params = match(c, parts);
      if (!params) continue;
      allowed.add(c.route.method);
      if (!found && c.route.method === method) found = { c, params };
    }
    if (!found) {
      if (allowed.size > 0 && method !== 'OPTIONS') {
        res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
        return send(res, 405, htmlErrorPage(405), 'text/html');
      }
      return send(res, 404, htmlErrorPage(404), 'text/html');
    }
    const { c, params } = found;
    const route = c.route;
    // for the request log and the metrics: the route pattern (not the raw path), operation, user, error code
    const info = requestInfo(req);
    info.route = route.path;
    info.operation = route.operation;

    const raw = await readBody(req);
    if (raw === 'too_large') return send(res, 413, htmlErrorPage(413), 'text/html');
    const contentType = req.headers['content-type'] ?? null;
    const parsed = readLegacyBody(contentType, raw.toString('utf8'));

    /** Every response of a matched route goes through here (stores it when an Idempotency-Key was claimed). */
    let sendFinal = async (status: number, text: string) => send(res, status, text);
    try {
      // Legacy order: token -> generic warehouse check -> admin role -> body validation -> handler.
      let restAuth: NonNullable<ServerContext['restAuth']> = { user: null, error: null };
      if (route.auth !== 'public') {
        const auth = await authenticate(app, req.headers.authorization ?? null);
        if (auth.error) throw auth.error;
        restAuth = auth;
        const user = auth.user;
        info.userId = user.userId;
        // an API token reads only: no write route runs, whatever it is
        if (isReadOnly(user) && method !== 'GET') throw forbidden(READ_ONLY_MESSAGE);
        if (!user.isAdmin) {
          const wid = requestedWarehouse(contentType, parsed.ok ? parsed.value : null, url.searchParams);
          if (wid !== null && !canAccessWarehouse(user, wid)) throw forbidden('Access denied for this warehouse');
        }
        if (route.auth === 'admin' && !user.isAdmin) throw forbidden();
      }

      let body: Record<string, unknown> = parsed.ok ? (parsed.value as Record<string, unknown>) : {};
      if (route.ownBody) {
        // strict body read of the import endpoint (spec 70 §14)
        route.ownBody.before?.({ params, query: url.searchParams, body: {} });
        if (!isJsonContentType(contentType)) return send(res, 415, htmlErrorPage(415), 'text/html');
        const value = parsePythonJson(raw.toString('utf8'));
        if (isMalformed(value)) return send(res, 400, htmlErrorPage(400), 'text/html');
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw toAppError(nonObjectBodyError());
        body = value as Record<string, unknown>;
      }
      if (route.input) {
        if (!parsed.ok) throw toAppError(nonObjectBodyError());
        body = parseInput(route.input, body) as Record<string, unknown>;
      }
      const restReq: RestRequest = { params, query: url.searchParams, body };
      const variables = route.variables ? route.variables(restReq) : route.input ? { input: camelKeys(body) } : {};

      // Idempotent retries (src/reliability/idempotency.ts): claimed after auth and validation, before the work.
      const idemHeader = method === 'GET' || REST_EXCLUDED_PATHS.has(route.path) ? undefined : readIdempotencyKey(req.headers['idempotency-key']);
      if (idemHeader === null) return send(res, 400, legacyJson({ error: INVALID_KEY_MESSAGE }));
      if (idemHeader !== undefined) {
        const store = idempotencyStoreFor(app);
        const scope = scopeOf(restAuth.user?.userId, method, route.path);
        const hash = requestHash(url.pathname, url.search, parsed.ok ? canonicalJson(parsed.value) : raw.toString('utf8'));
        const claim = await store.claim(scope, idemHeader, hash);
        if (claim.kind === 'mismatch') return send(res, 409, legacyJson({ error: KEY_MISMATCH_MESSAGE }));
        if (claim.kind === 'in_progress') return send(res, 409, legacyJson({ error: IN_PROGRESS_MESSAGE }));
        if (claim.kind === 'replay') {
          res.setHeader('Idempotent-Replayed', 'true');
          return send(res, claim.stored.status, claim.stored.response.text ?? '');
        }
        const owned = claim;
        const plainSend = send;
        let finished = false;
        sendFinal = async (status, text) => {
          if (!finished) {
            finished = true;
            await store.finish(owned, status, { text });
          }
          plainSend(res, status, text);
        };
      }

      const result = await runOperation(
        yoga,
        { query: c.operation.source, variables, operationName: route.operation },
        { restAuth, clientIp: meta.clientIp, requestId: meta.requestId },
      );
      if (result.errors?.length) {
        const first = result.errors[0];
        const ext = first.extensions ?? {};
        if (typeof ext.status === 'number') {
          if (typeof ext.code === 'string') info.errorCode = ext.code;
          return await sendFinal(ext.status, legacyJson(ext.restBody ?? { error: first.message }));
        }
        app.logger.error({ requestId: meta.requestId, errors: result.errors }, 'rest operation failed');
        return await sendFinal(500, legacyJson({ error: 'Internal server error' }));
      }
      const data = result.data ?? {};
      const out = route.result ? route.result(data, restReq) : data[Object.keys(data)[0]];
      return await sendFinal(route.status ?? 200, legacyJson(out));
    } catch (e) {
      const err = toAppError(e);
      info.errorCode = err.code;
      if (err.status >= 500) app.logger.error({ requestId: meta.requestId, err: e }, 'rest request failed');
      const ext = err.extensions as { status?: number; restBody?: unknown };
      return await sendFinal(ext.status ?? 500, legacyJson(ext.restBody ?? { error: err.message }));
    }
  };
}
