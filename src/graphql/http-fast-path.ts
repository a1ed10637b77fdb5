/**
 * The common GraphQL-over-HTTP request — a POST of one JSON operation (query or mutation) from a client that sends
 * no Origin — executed without yoga's fetch-API layer (Request object, body stream, request parser, Response
 * object and its write-out), which cost about a third of the CPU of a barcode lookup. It runs the same envelop
 * (parse and validation caches, graphql-armor, the context factory, shield, idempotency, metrics, error masking)
 * and renders the answer with yoga's own `processRegularResult`, so status, headers and body are the ones yoga
 * sends (tests/graphql/http-fast-path.test.ts compares them). Everything else — other methods and media types,
 * browsers (CORS), batches, subscriptions, unusual parameters, syntax errors — goes through yoga.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import type { RequestContext, ServerContext } from '../context';

type Yoga = YogaServerInstance<ServerContext, RequestContext>;

interface FastParams {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

/** How many requests took the fast path and how many were handed to yoga after reading the body (tests). */
export const fastPathCounters = { fast: 0, delegated: 0 };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const PARAM_KEYS = new Set(['query', 'variables', 'operationName', 'extensions']);

/** The media type yoga would answer with for this Accept header, or null when yoga should decide. */
function acceptedMediaType(accept: string | undefined): 'application/json' | 'application/graphql-response+json' | null {
  const a = (accept ?? '*/*').replace(/\s/g, '').toLowerCase();
  // yoga takes the last matching media type of its regular processor: application/json for */* and application/json
  if (a === '*/*' || a === 'application/json' || a === 'application/json;charset=utf-8') return 'application/json';
  if (a === 'application/graphql-response+json' || a === 'application/graphql-response+json;charset=utf-8') return 'application/graphql-response+json';
  return null;
}

/** Only a JSON object with the four GraphQL-over-HTTP keys, of the right types, takes the fast path. */
function fastParams(body: unknown): FastParams | null {
  if (!isPlainObject(body) || typeof body.query !== 'string') return null;
  for (const k of Object.keys(body)) if (!PARAM_KEYS.has(k)) return null;
  if (body.variables != null && !isPlainObject(body.variables)) return null;
  if (body.operationName != null && typeof body.operationName !== 'string') return null;
  if (body.extensions != null && !isPlainObject(body.extensions)) return null;
  return {
    query: body.query,
    variables: (body.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (body.operationName ?? undefined) as string | undefined,
    extensions: (body.extensions ?? undefined) as Record<string, unknown> | undefined,
  };
}

/** What the context factory and plugins read of `request` (headers, method, url), over the Node request. */
function requestShim(req: IncomingMessage, url: string) {
  return {
    method: req.method,
    url,
    headers: {
      get: (name: string): string | null => {
        const v = req.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
      has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}

/** Sends yoga's answer for a request whose body was already read (the cases the fast path leaves to yoga). */
async function viaYoga(yoga: Yoga, req: IncomingMessage, res: ServerResponse, body: Buffer, serverContext: ServerContext) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    // the body is whole now: framing headers of the original request no longer apply
    if (v !== undefined && k !== 'transfer-encoding' && k !== 'content-length' && k !== 'connection') headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  fastPathCounters.delegated++;
  const request = new yoga.fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`, { method: req.method, headers, body: new Uint8Array(body) });
  const response = await yoga.fetch(request, serverContext);
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A minimal fetch API for `processRegularResult`: it only builds one Response from a string body and an init. */
class CapturedResponse {
  constructor(
    readonly body: string | null,
    readonly init: { status?: number; headers?: Record<string, string> } = {},
  ) {}
}
const capturingFetchApi = { Response: CapturedResponse } as unknown as Parameters<typeof processRegularResult>[1];

/**
 * Returns false (having read nothing) when the request is not one for the fast path; otherwise answers it and
 * returns true.
 */
export async function handleGraphQLFastPath(
  yoga: Yoga,
  maskError: (error: unknown) => Error,
  req: IncomingMessage,
  res: ServerResponse,
  serverContext: ServerContext,
): Promise<boolean> {
  if (req.method !== 'POST' || req.headers.origin !== undefined) return false;
  const contentType = (req.headers['content-type'] ?? '').replace(/\s/g, '').toLowerCase();
  if (contentType !== 'application/json' && contentType !== 'application/json;charset=utf-8') return false;
  const mediaType = acceptedMediaType(req.headers.accept);
  if (!mediaType) return false;

  const raw = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    await viaYoga(yoga, req, res, raw, serverContext);
    return true;
  }
  const params = fastParams(body);
  if (!params) {
    await viaYoga(yoga, req, res, raw, serverContext);
    return true;
  }

  const request = requestShim(req, `http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- yoga types getEnveloped's argument as the server context alone; `request` and `params` are what its plugins read
  const enveloped = yoga.getEnveloped({ ...serverContext, request, params } as any);
  let document: DocumentNode;
  try {
    document = enveloped.parse(params.query);
  } catch {
    // syntax errors and parse-time limits: yoga renders them (the parse is cached and has no side effects)
    await viaYoga(yoga, req, res, raw, serverContext);
    return true;
  }
  const operation = getOperationAST(document, params.operationName);
  if (operation?.operation === 'subscription') {
    await viaYoga(yoga, req, res, raw, serverContext);
    return true;
  }
  let validationErrors: readonly GraphQLError[];
  try {
    validationErrors = enveloped.validate(enveloped.schema, document);
  } catch {
    // graphql-armor's limits throw from validation: yoga renders them (validation has no side effects)
    await viaYoga(yoga, req, res, raw, serverContext);
    return true;
  }
  let result: ExecutionResult;
  if (validationErrors.length > 0) {
    result = { errors: validationErrors };
  } else {
    try {
      const contextValue = await enveloped.contextFactory();
      result = (await enveloped.execute({
        schema: enveloped.schema,
        document,
        contextValue,
        variableValues: params.variables,
        operationName: params.operationName,
      })) as ExecutionResult;
    } catch (e) {
      // as yoga's handleError does with masked errors: the masked error is the whole answer
      const masked = maskError(e);
      result = { errors: [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { originalError: masked })] };
    }
  }
  fastPathCounters.fast++;
  const response = processRegularResult(result, capturingFetchApi, mediaType) as unknown as CapturedResponse;
  res.statusCode = response.init.status ?? 200;
  for (const [k, v] of Object.entries(response.init.headers ?? {})) res.setHeader(k, v);
  const out = Buffer.from(response.body ?? '', 'utf8');
  res.setHeader('Content-Length', out.length);
  res.end(out);
  return true;
}
