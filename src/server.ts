import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { loadConfig, type Config } from './config';
import { createApp, type AppServices } from './app';
import { buildSchema } from './graphql/schema';
import type { RequestContext, ServerContext } from './context';
import { authenticate } from './auth/authenticate';
import { isGraphQLOwnError, toAppError, useVariableErrorCode } from './graphql/error-mapping';
import { metricsPlugin, requestInfo } from './metrics';
import { useIdempotency } from './reliability/idempotency';
import { useReadOnlyPrincipals } from './auth/read-only';
import { graphqlLimits, GRAPHQL_BATCH_LIMIT } from './reliability/graphql-limits';
import { startLive } from './live';
import { serveDashboardPage } from './live/dashboard-page';
import { sseCursorOf, useSseEventIds } from './live/sse';
import { renewedConnectionParams } from './live/auth-watch';
import { handleGraphQLFastPath } from './graphql/http-fast-path';
import { useCompiledExecution } from './graphql/jit';
import { graphiqlOptions, renderLocalGraphiQL } from './graphql/graphiql';
import { clusterMetricsScrape } from './cluster';

const SECURITY_HEADERS: [string, string][] = Object.entries({
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-XSS-Protection': '0',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
});

/** Introspection is off in production unless GRAPHQL_INTROSPECTION=true. */
const disableIntrospection: Plugin = {
  onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule),
};

export interface RunningServer {
  app: AppServices;
  url: string;
  port: number;
  close(): Promise<void>;
}

const clientIpOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** What an HTTP edge is built from: the instance's services, its yoga (the operations run through its envelop) and schema. */
export interface HttpEdgeDeps {
  app: AppServices;
  yoga: YogaServerInstance<ServerContext, RequestContext>;
  schema: GraphQLSchema;
}

/**
 * Another face of the API over HTTP, handed to the server by the composition root (main.ts: the legacy REST layer of
 * rest-compat/). It answers every `/api` path after CORS, and the paths nobody serves.
 */
export interface HttpEdge {
  handle(req: IncomingMessage, res: ServerResponse, meta: { requestId: string; clientIp: string }): Promise<void>;
  notFound(res: ServerResponse): void;
}

export type HttpEdgeFactory = (deps: HttpEdgeDeps) => HttpEdge;

export interface ServerOptions {
  port?: number;
  host?: string;
  /** The HTTP edge for `/api` (none: `/api` paths are 404 like any unknown path). */
  edge?: HttpEdgeFactory;
}

export function createRequestHandlers(app: AppServices, edge?: HttpEdgeFactory) {
  const schema = buildSchema();
  const maskError = (error: unknown): Error => {
    // GraphQL's own errors (syntax, validation, variables) are already safe to show.
    if (error instanceof GraphQLError && isGraphQLOwnError(error)) return error;
    const mapped = toAppError(error);
    if (mapped.status >= 500) app.logger.error({ err: error }, 'graphql resolver failed');
    const g = error instanceof GraphQLError ? error : undefined;
    // originalError: the REST adapter renders the legacy status and body from it
    return new GraphQLError(mapped.message, { nodes: g?.nodes, path: g?.path, originalError: mapped, extensions: mapped.extensions });
  };
  const yoga = createYoga<ServerContext, RequestContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL from npm with every asset inline (src/graphql/graphiql.ts); off in production
    graphiql: app.config.nodeEnv !== 'production' ? graphiqlOptions : false,
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    logging: false,
    cors: { origin: app.config.corsOrigins, credentials: true },
    // Depth / alias / token / cost limits and batching (src/reliability/graphql-limits.ts), no mutation for a read-only
    // token (before an Idempotency-Key is claimed), idempotent mutations.
    batching: { limit: GRAPHQL_BATCH_LIMIT },
    plugins: [metricsPlugin(app.metrics), ...graphqlLimits(app.config), useVariableErrorCode(), useReadOnlyPrincipals(), useIdempotency(app), useSseEventIds(), ...(app.config.introspection ? [] : [disableIntrospection]),
      useCompiledExecution()],
    maskedErrors: { maskError },
    context: async (initial): Promise<RequestContext> => {
      const serverCtx = initial as unknown as ServerContext & { request: Request };
      const requestId = serverCtx.requestId ?? randomUUID();
      const clientIp = serverCtx.clientIp ?? (serverCtx.req ? clientIpOf(serverCtx.req) : 'unknown');
      let auth = serverCtx.restAuth;
      if (!auth) {
        const header =
          serverCtx.request?.headers.get('authorization') ??
          (serverCtx.connectionParams?.authorization as string | undefined) ??
          (serverCtx.connectionParams?.Authorization as string | undefined) ??
          null;
        auth = await authenticate(app, header);
      }
      const request = serverCtx.request;
      const lastEventId = request?.headers.get('last-event-id') ?? undefined;
      return {
        app,
        requestId,
        clientIp,
        user: auth.user,
        authError: auth.error,
        ...(lastEventId !== undefined ? { lastEventId } : {}),
        ...(request ? { sseCursor: sseCursorOf(request) } : {}),
      };
    },
  });
  const rest = edge?.({ app, yoga, schema });
  const graphql = async (req: IncomingMessage, res: ServerResponse, serverContext: ServerContext) => {
    if (await handleGraphQLFastPath(yoga, maskError, req, res, serverContext)) return;
    await yoga.handle(req, res, serverContext);
  };
  return { schema, yoga, rest, graphql };
}

export async function startServer(config: Config = loadConfig(), opts: ServerOptions = {}): Promise<RunningServer> {
  const app = await createApp(config);
  const { schema, yoga, rest, graphql } = createRequestHandlers(app, opts.edge);

  // under WEB_CONCURRENCY > 1, /metrics answers for every worker of the cluster
  const scrapeMetrics = clusterMetricsScrape(app.metrics);
  let inFlight = 0;
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && /^[\w.-]{1,100}$/.test(incomingId) ? incomingId : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
    const path = (req.url ?? '/').split('?')[0];
    // route pattern, operation and user id: filled by the REST router and the GraphQL plugin (src/metrics.ts)
    const info = requestInfo(req);
    inFlight++;
    // 'close' fires for finished and for aborted responses (an SSE client going away), so in-flight stays exact.
    res.on('close', () => {
      inFlight--;
      const ms = performance.now() - started;
      const route = info.route ?? routeLabel(path);
      app.logger.info(
        {
          requestId,
          method: req.method,
          path,
          route,
          ...(info.operation ? { operation: info.operation } : {}),
          ...(info.userId !== undefined ? { userId: info.userId } : {}),
          status: res.statusCode,
          ms: Math.round(ms),
        },
        'request',
      );
      recordHttpMetrics(app, req.method ?? 'GET', route, res.statusCode, ms / 1000, info.errorCode);
    });
    try {
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') return await ready(app, res);
      if (path === '/metrics' && req.method === 'GET') {
        if (!metricsAllowed(app.config.metricsToken, req.headers.authorization)) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
          return sendJson(res, 401, { error: 'Unauthorized' });
        }
        return await sendMetrics(res, scrapeMetrics);
      }
      if (path === '/dashboard' && (req.method === 'GET' || req.method === 'HEAD')) return serveDashboardPage(req, res);
      if ((path.startsWith('/api/') || path === '/api') && rest) {
        // CORS first, so every /api answer (the legacy probe included) is readable cross-origin
        if (applyCors(app, req, res)) return;
        return await rest.handle(req, res, { requestId, clientIp: clientIpOf(req) });
      }
      if (path === '/graphql' || path.startsWith('/graphql/')) {
        return await graphql(req, res, { req, requestId, clientIp: clientIpOf(req) });
      }
      if (rest) return rest.notFound(res);
      sendText(res, 404, 'Not Found', 'text/plain; charset=utf-8');
    } catch (e) {
      const err = toAppError(e);
      app.logger.error({ requestId, err: e }, 'request failed');
      if (!res.headersSent) sendJson(res, err.status, { error: err.message });
      else res.end();
    }
  };

  const server = createHttpServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  // graphql-ws on the same path; the token comes in connectionParams.
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const wsServer = useServer(
    {
      // graphql-ws passes onSubscribe's return value (yoga's envelop) as rootValue, untyped
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      execute: (args: any) => args.rootValue.execute(args),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema: s, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          // a socket renewed by liveSocketRenew runs its later operations with the new token too
          connectionParams: renewedConnectionParams(ctx.extra.socket, ctx.connectionParams),
          clientIp: ctx.extra.request.socket.remoteAddress ?? 'unknown',
        });
        const document = parse(payload.query);
        const errors = validate(s, document);
        if (errors.length > 0) return errors;
        return {
          schema: s,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );

  const port = opts.port ?? config.port;
  const host = opts.host ?? config.host;
  try {
    // live dashboards: outbox relay + Redis fan-out (stopped by app.close())
    app.live = await startLive(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (e) {
    // A port in use or Redis down at start: release the database and Redis before failing.
    await Promise.resolve(wsServer.dispose()).catch(() => {});
    await app.close();
    throw e;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  void schema;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests finish (bounded), then close sockets, database and Redis.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const deadline = Date.now() + 10_000;
        const timer = setInterval(() => {
          server.closeIdleConnections();
          if (inFlight === 0 || Date.now() > deadline) {
            clearInterval(timer);
            for (const s of sockets) s.destroy();
          }
        }, 25);
      });
      await wsServer.dispose();
      wss.close();
      await app.close();
    })());

  return { app, url, port: address.port, close };
}

/** Paths served here are their own route label; unmatched paths share one label (bounded cardinality). */
const OWN_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/api/health', '/api/openapi.json', '/api/docs', '/dashboard', '/graphql']);
function routeLabel(path: string): string {
  if (OWN_ROUTES.has(path)) return path;
  if (path.startsWith('/graphql/')) return '/graphql';
  if (path.startsWith('/api/docs/')) return '/api/docs/*';
  return path.startsWith('/api/') || path === '/api' ? '/api/*' : 'other';
}

const HTTP_ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** Latency by route pattern; REST error responses by code (/graphql errors are counted by the GraphQL plugin). */
function recordHttpMetrics(app: AppServices, method: string, route: string, status: number, seconds: number, errorCode?: string) {
  const m = app.metrics;
  const known = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'].includes(method) ? method : 'OTHER';
  m.httpDuration.observe({ method: known, route, status: String(status) }, seconds);
  if (status >= 400 && route.startsWith('/api')) {
    m.errors.inc({ code: errorCode ?? HTTP_ERROR_CODES[status] ?? `HTTP_${status}`, source: 'rest' });
  }
}

/** METRICS_TOKEN unset: /metrics is open (a private network); set: the exact bearer token, compared in constant time. */
function metricsAllowed(token: string | undefined, header: string | undefined): boolean {
  if (!token) return true;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = createHash('sha256').update(m[1]).digest();
  return timingSafeEqual(given, createHash('sha256').update(token).digest());
}

async function sendMetrics(res: ServerResponse, scrape: AppServices['metrics']['scrape']) {
  const { contentType, body } = await scrape();
  sendText(res, 200, body, contentType);
}

function sendText(res: ServerResponse, status: number, text: string, contentType: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

async function ready(app: AppServices, res: ServerResponse) {
  const checks: Record<string, string> = {};
  try {
    await app.prisma.$queryRaw`SELECT 1`;
    checks.database = 'ok';
  } catch {
    checks.database = 'unreachable';
  }
  if (app.redis) {
    try {
      await app.redis.ping();
      checks.redis = 'ok';
    } catch {
      checks.redis = 'unreachable';
    }
  }
  const ok = Object.values(checks).every((v) => v === 'ok');
  sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable', checks });
}

/** CORS for the REST paths: allowed origins from CORS_ORIGINS; answers preflights itself. */
function applyCors(app: AppServices, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin && app.config.corsOrigins.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    if (origin && app.config.corsOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.statusCode = 204;
    res.end();
    return true;
  }
  return false;
}
