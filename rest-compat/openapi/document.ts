/**
 * The OpenAPI 3.1 document of the REST compatibility layer, generated from the route table
 * (rest-compat/routes.ts) and the routes' body reads (a LegacyInput documents the core's schema under the legacy
 * keys: `LegacyInput.jsonSchema`). Nothing here is written by hand per route,
 * so the document cannot drift from what the adapter serves.
 */
import { readFileSync } from 'node:fs';
import type { LegacyCasts } from '../legacy-dates';
import type { RestRequest, RestRoute } from '../route';
import { routes as allRoutes } from '../routes';
import type { JsonSchema } from '../pydantic';
import { MAX_KEY_LENGTH, REST_EXCLUDED_PATHS } from '../../src/reliability/idempotency';

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
};

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: Record<string, unknown>[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, unknown>;
  'x-graphql-operation'?: string;
  'x-auth': RestRoute['auth'];
};

/** Endpoints the REST edge serves itself (rest-compat/edge.ts, not the route table) that belong to the legacy surface. */
export const SERVER_ROUTES: { method: 'GET'; path: string; summary: string; response: JsonSchema }[] = [
  {
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness probe of the scanner app (no auth, no database access)',
    response: {
      type: 'object',
      required: ['service', 'status'],
      properties: { service: { type: 'string', const: 'sentry-wms' }, status: { type: 'string', const: 'ok' } },
    },
  },
];

/** `/api/putaway/pending/:warehouse_id#` -> `/api/putaway/pending/{warehouse_id}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)#?/g, '{$1}');
}

function pathParameters(path: string): Record<string, unknown>[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)(#?)/g)].map(([, name, int]) => ({
    name,
    in: 'path',
    required: true,
    schema: int ? { type: 'integer', minimum: 0 } : { type: 'string' },
  }));
}

/**
 * Query parameters a route reads: its `variables` function is run once on a recording query object (route
 * functions are pure mappings of the request), and every name it asks for is listed. Always optional strings:
 * the legacy server parses them leniently.
 */
function queryParameters(route: RestRoute): string[] {
  if (!route.variables) return [];
  const names = new Set<string>();
  const query = new URLSearchParams();
  const record = (name: string) => void names.add(name);
  const probe = new Proxy(query, {
    get(target, prop, receiver) {
      if (prop === 'get' || prop === 'getAll' || prop === 'has') {
        return (name: string) => {
          record(name);
          return target[prop](name);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const params = Object.fromEntries(
    [...route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)(#?)/g)].map(([, name, int]) => [name, int ? '1' : 'x']),
  );
  const req: RestRequest = { params, query: probe, body: {} };
  const noCasts: LegacyCasts = { timestamptz: async () => null, date: async () => null };
  try {
    // an async mapping reads its parameters before its first cast (none: every probed value is absent)
    void Promise.resolve(route.variables(req, noCasts)).catch(() => {});
  } catch {
    /* names read before a throw are kept */
  }
  return [...names];
}

function requestBodySchema(route: RestRoute): JsonSchema | undefined {
  if (route.input) return route.input.jsonSchema();
  if (route.ownBody) return { type: 'object', description: 'A JSON object, read as sent (see the operation).' };
  return undefined;
}

const tagOf = (path: string) => {
  const parts = path.split('/').filter(Boolean); // ['api', 'admin', 'users', ...]
  return parts[1] === 'admin' && parts[2] && !parts[2].startsWith(':') ? `admin/${parts[2]}` : (parts[1] ?? 'api');
};

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** Writes accept an Idempotency-Key (src/reliability/idempotency.ts), except the token-issuing paths. */
const idempotent = (route: RestRoute) => route.method !== 'GET' && !REST_EXCLUDED_PATHS.has(route.path);

function operationFor(route: RestRoute, operationId: string): OpenApiOperation {
  const parameters = [
    ...pathParameters(route.path),
    ...queryParameters(route).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ...(idempotent(route) ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const body = requestBodySchema(route);
  const status = String(route.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: {
      description: `The legacy JSON of the GraphQL operation \`${route.operation}\``,
      content: { 'application/json': { schema: {} } },
    },
    '400': body && route.input ? errorRef('BadRequestOrValidation') : errorRef('BadRequest'),
  };
  if (route.auth !== 'public') {
    responses['401'] = errorRef('Unauthorized');
    responses['403'] = errorRef('Forbidden');
  }
  if (route.path.includes(':')) responses['404'] = errorRef('NotFound');
  if (idempotent(route)) responses['409'] = errorRef('Conflict');
  if (route.operation === 'Login') responses['429'] = errorRef('RateLimited');
  responses['500'] = errorRef('InternalError');
  responses['503'] = errorRef('ServiceUnavailable');

  const authNote =
    route.authNote ??
    (route.auth === 'public' ? 'Public.' : route.auth === 'admin' ? 'Requires an ADMIN token.' : 'Requires a token.');
  return {
    operationId,
    summary: `${route.method} ${openApiPath(route.path)}`,
    description: `${authNote} Runs the GraphQL operation \`${route.operation}\` (rest-compat/operations).`,
    tags: [tagOf(route.path)],
    ...(route.auth === 'public' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? { requestBody: { required: !!route.input, content: { 'application/json': { schema: body } } } }
      : {}),
    responses,
    'x-graphql-operation': route.operation,
    'x-auth': route.auth,
  };
}

const errorResponse = (description: string, schema = '#/components/schemas/Error') => ({
  description,
  content: { 'application/json': { schema: { $ref: schema } } },
});

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Builds the document for `routes` (default: every route the adapter serves). */
export function buildOpenApiDocument(routes: RestRoute[] = allRoutes): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const usedIds = new Set<string>();
  for (const route of routes) {
    let id = route.operation;
    for (let n = 2; usedIds.has(id); n++) id = `${route.operation}_${route.method.toLowerCase()}${n > 2 ? n : ''}`;
    usedIds.add(id);
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = operationFor(route, id);
  }
  for (const r of SERVER_ROUTES) {
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: 'LegacyHealth',
      summary: r.summary,
      tags: ['health'],
      security: [],
      responses: { '200': { description: 'Up', content: { 'application/json': { schema: r.response } } } },
      'x-auth': 'public',
    };
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));

  return {
    openapi: '3.1.0',
    info: {
      title: 'WMS REST API (legacy compatibility layer)',
      version: packageVersion(),
      description:
        'The legacy `/api` paths of the barcode scanners and the admin panel. Each one runs a GraphQL ' +
        'operation of `/graphql` and answers in the legacy JSON shapes. Errors are `{"error": "..."}`; an ' +
        'invalid body is a 400 `{"error": "validation_error", "details": [...]}` (pydantic v2 entries). ' +
        'Authenticated routes also apply the legacy warehouse check to the body\'s or query\'s `warehouse_id`. ' +
        'Generated from rest-compat/routes.ts and the body schemas.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths: sortedPaths,
    components: {
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retried write safe: the first response for a key is stored and replayed (with ' +
            '`Idempotent-Replayed: true`) for the same request; another request with the same key is a 409.',
          schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH, pattern: '^[\\x21-\\x7e]+$' },
        },
      },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The token of POST /api/auth/login' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'string' } },
          description: 'Some errors carry further keys beside `error`.',
        },
        ValidationError: {
          type: 'object',
          required: ['error', 'details'],
          properties: {
            error: { type: 'string', const: 'validation_error' },
            details: {
              type: 'array',
              items: {
                type: 'object',
                required: ['type', 'loc', 'msg'],
                properties: {
                  type: { type: 'string', examples: ['missing', 'int_parsing', 'string_too_long'] },
                  loc: { type: 'array', items: { type: ['string', 'integer'] } },
                  msg: { type: 'string', examples: ['Field required'] },
                },
              },
            },
          },
        },
      },
      responses: {
        BadRequest: errorResponse('A business rule refused the request'),
        BadRequestOrValidation: {
          description: 'The body is invalid (validation_error), or a business rule refused the request',
          content: {
            'application/json': {
              schema: { oneOf: [{ $ref: '#/components/schemas/ValidationError' }, { $ref: '#/components/schemas/Error' }] },
            },
          },
        },
        Unauthorized: errorResponse('Missing, invalid or expired token'),
        Forbidden: errorResponse('No access to this warehouse or function, or not an admin'),
        NotFound: errorResponse('Not found (an unknown path answers an HTML 404 page)'),
        Conflict: errorResponse('A conflicting change, or an Idempotency-Key reused or still in progress'),
        RateLimited: errorResponse('Too many failed logins: locked for a while'),
        InternalError: errorResponse('Internal server error'),
        ServiceUnavailable: errorResponse('The database is unreachable; retry'),
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document of the served routes, built once per process. */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= buildOpenApiDocument());
}
