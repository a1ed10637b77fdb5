/**
 * Prometheus metrics (prom-client), one registry per AppServices instance (tests run several servers in a
 * process, so prom-client's global default registry is never used).
 *
 * Served at GET /metrics. What others may use:
 *   - `app.metrics.queueDepth` (gauge, label `queue`): set it, or register a provider read on every scrape
 *     with `app.metrics.setQueueDepthProvider('connector-sync', () => queue.count())`.
 *   - `app.metrics.activeSubscriptions` (gauge, label `operation`): counted by the GraphQL plugin for every
 *     subscription (WebSocket or SSE); `trackSubscription(name)` returns a release function for others.
 *   - `app.metrics.registry`: register further metrics with `registers: [app.metrics.registry]`.
 *   - `requestInfo(req)`: the per-request record (route, operation, user id) the request log and the HTTP
 *     latency histogram read; the REST router and the GraphQL plugin fill it.
 */
import type { IncomingMessage } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const METRICS_PREFIX = 'wms_';

/** What the request log and the HTTP metrics know about one request besides method, path and status. */
export interface RequestInfo {
  /** The route pattern (`/api/putaway/pending/:warehouse_id#`, `/graphql`), never the raw path. */
  route?: string;
  /** The GraphQL operation name (for REST: the operation the route runs). */
  operation?: string;
  userId?: number;
  /** The error code of an error response (`extensions.code`), for the errors counter. */
  errorCode?: string;
}

const infos = new WeakMap<IncomingMessage, RequestInfo>();

/** The mutable per-request record of `req` (created on first use). */
export function requestInfo(req: IncomingMessage): RequestInfo {
  let info = infos.get(req);
  if (!info) infos.set(req, (info = {}));
  return info;
}

type HealthCheck = () => Promise<boolean>;
type DepthProvider = () => number | Promise<number>;

export interface Metrics {
  readonly registry: Registry;
  /** Seconds per HTTP request by method, route pattern and status. */
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Seconds per GraphQL execution by operation name and type; `via` = graphql (direct) or rest (adapter). */
  readonly graphqlDuration: Histogram<'operation' | 'type' | 'status' | 'via'>;
  /** Error responses by error code (`source` = graphql or rest). */
  readonly errors: Counter<'code' | 'source'>;
  readonly queueDepth: Gauge<'queue'>;
  readonly activeSubscriptions: Gauge<'operation'>;
  /** A function read on every scrape for the depth of `queue`. */
  setQueueDepthProvider(queue: string, provider: DepthProvider): void;
  /** Counts one active subscription until the returned function is called (idempotent). */
  trackSubscription(operation: string): () => void;
  /** Health gauges (1 up / 0 down), checked on each scrape. */
  setHealthChecks(checks: { database?: HealthCheck; redis?: HealthCheck }): void;
  /** The exposition text (runs the scrape-time checks). */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** A health check bounded in time: a hung database must not hang the scrape. */
function withTimeout(check: HealthCheck, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref?.();
    check().then(
      (ok) => {
        clearTimeout(timer);
        resolve(ok);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

export function createMetrics(opts: { defaultMetrics?: boolean; checkTimeoutMs?: number } = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const checkTimeoutMs = opts.checkTimeoutMs ?? 2000;

  const httpDuration = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'HTTP request latency by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const graphqlDuration = new Histogram({
    name: `${METRICS_PREFIX}graphql_operation_duration_seconds`,
    help: 'GraphQL execution latency by operation name and type (via: graphql = /graphql, rest = the REST adapter)',
    labelNames: ['operation', 'type', 'status', 'via'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const errors = new Counter({
    name: `${METRICS_PREFIX}errors_total`,
    help: 'Error responses by error code (source: graphql = /graphql results, rest = REST responses)',
    labelNames: ['code', 'source'] as const,
    registers,
  });

  const depthProviders = new Map<string, DepthProvider>();
  const queueDepth = new Gauge({
    name: `${METRICS_PREFIX}queue_depth`,
    help: 'Jobs waiting per background queue',
    labelNames: ['queue'] as const,
    registers,
    // every worker of a cluster sees the same shared queue: its depth is not a sum
    aggregator: 'max',
    async collect() {
      for (const [queue, provider] of depthProviders) {
        try {
          this.set({ queue }, await provider());
        } catch {
          /* a failing provider keeps its last value */
        }
      }
    },
  });
  const activeSubscriptions = new Gauge({
    name: `${METRICS_PREFIX}graphql_active_subscriptions`,
    help: 'GraphQL subscriptions currently open, by operation name',
    labelNames: ['operation'] as const,
    registers,
  });

  const checks: { database?: HealthCheck; redis?: HealthCheck } = {};
  new Gauge({
    name: `${METRICS_PREFIX}database_up`,
    help: 'The database answers SELECT 1 (checked on scrape)',
    registers,
    aggregator: 'min', // across cluster workers: up only when every worker reaches it
    async collect() {
      if (checks.database) this.set((await withTimeout(checks.database, checkTimeoutMs)) ? 1 : 0);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}redis_up`,
    help: 'Redis answers PING (checked on scrape; absent without REDIS_URL)',
    registers,
    aggregator: 'min',
    async collect() {
      if (checks.redis) this.set((await withTimeout(checks.redis, checkTimeoutMs)) ? 1 : 0);
    },
  });

  return {
    registry,
    httpDuration,
    graphqlDuration,
    errors,
    queueDepth,
    activeSubscriptions,
    setQueueDepthProvider: (queue, provider) => void depthProviders.set(queue, provider),
    trackSubscription(operation) {
      activeSubscriptions.inc({ operation });
      let done = false;
      return () => {
        if (done) return;
        done = true;
        activeSubscriptions.dec({ operation });
      };
    },
    setHealthChecks(c) {
      Object.assign(checks, c);
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// GraphQL (envelop plugin for yoga)
// ---------------------------------------------------------------------------------------------------

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

const errorCode = (e: GraphQLError): string => {
  const code = e.extensions?.code;
  if (typeof code === 'string') return code;
  const original = e.originalError as { extensions?: { code?: unknown } } | undefined;
  return typeof original?.extensions?.code === 'string' ? original.extensions.code : 'INTERNAL_SERVER_ERROR';
};

interface PluginContext {
  req?: IncomingMessage;
  restAuth?: unknown;
  user?: { userId: number } | null;
}

/**
 * Latency per operation, error counts by code (for /graphql; the REST router counts its own responses),
 * active subscriptions, and the operation / user of the request for the request log.
 */
export function metricsPlugin(metrics: Metrics): Plugin {
  const describe = (args: { document: DocumentNode; operationName?: string | null; contextValue: unknown }) => {
    const op = getOperationAST(args.document, args.operationName ?? undefined);
    const ctx = args.contextValue as PluginContext;
    const via = ctx.restAuth !== undefined ? 'rest' : 'graphql';
    const operation = args.operationName ?? op?.name?.value ?? 'anonymous';
    if (ctx.req) {
      const info = requestInfo(ctx.req);
      info.operation ??= operation;
      if (ctx.user?.userId !== undefined) info.userId ??= ctx.user.userId;
    }
    return { operation, type: op?.operation ?? 'unknown', via, ctx };
  };
  const countErrors = (result: ExecutionResult | undefined, via: string) => {
    if (via !== 'graphql') return; // the REST router counts the response it renders from them
    for (const e of result?.errors ?? []) metrics.errors.inc({ code: errorCode(e as GraphQLError), source: 'graphql' });
  };

  return {
    onValidate: ({ context }) => {
      // the REST router counts its own responses: no after-validation hook for its operations
      if ((context as PluginContext).restAuth !== undefined) return;
      return ({ valid, result }) => {
        if (!valid) {
          for (let i = 0; i < result.length; i++) metrics.errors.inc({ code: 'GRAPHQL_VALIDATION_FAILED', source: 'graphql' });
        }
      };
    },
    onExecute: ({ args }) => {
      const started = performance.now();
      const { operation, type, via } = describe(args);
      return {
        onExecuteDone: ({ result }) => {
          const seconds = (performance.now() - started) / 1000;
          if (isAsyncIterable(result)) {
            metrics.graphqlDuration.observe({ operation, type, status: 'stream', via }, seconds);
            return;
          }
          const r = result as ExecutionResult;
          metrics.graphqlDuration.observe({ operation, type, status: r.errors?.length ? 'error' : 'ok', via }, seconds);
          countErrors(r, via);
        },
      };
    },
    onSubscribe: ({ args }) => {
      const { operation } = describe(args);
      return {
        onSubscribeResult: ({ result }) => {
          if (!isAsyncIterable(result)) {
            countErrors(result as ExecutionResult, 'graphql');
            return;
          }
          const release = metrics.trackSubscription(operation);
          return {
            onNext: ({ result: r }) => countErrors(r, 'graphql'),
            onEnd: release,
          };
        },
        onSubscribeError: () => {
          metrics.errors.inc({ code: 'SUBSCRIPTION_FAILED', source: 'graphql' });
        },
      };
    },
  };
}
