/**
 * More than one server process on one port (node:cluster), for `WEB_CONCURRENCY=N`.
 *
 * One Node process runs JavaScript on one core; the API keeps nothing per process that a request needs from an
 * earlier one (tokens are JWTs; rate limits live in Redis or PostgreSQL; idempotency keys, the outbox and job state
 * in PostgreSQL or Redis; subscriptions fan out through Redis, or each process relays the outbox itself), so N
 * processes serve one port and the primary only hands out connections and restarts workers that die.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** Script each worker runs (default: this process's own entry script). */
  exec?: string;
  /** Extra environment for the workers. */
  env?: Record<string, string>;
}

export interface RunningCluster {
  /** The workers alive now. */
  workers(): Worker[];
  /** SIGTERM to every worker (each drains its requests), resolved when all have exited. */
  close(): Promise<void>;
}

/** Reasons a configuration cannot run as a cluster; null when it can. */
export function clusterRefusal(config: Pick<Config, 'databaseUrl'>, workers: number): string | null {
  if (workers > 1 && !config.databaseUrl) {
    return 'WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database lives inside one process';
  }
  return null;
}

/**
 * Forks the first worker and waits until it listens (it applies migrations and creates the first admin), then the
 * others. A worker that dies unexpectedly is replaced, unless workers keep dying within seconds of their start.
 */
export async function startCluster(config: Config, opts: ClusterOptions): Promise<RunningCluster> {
  const refusal = clusterRefusal(config, opts.workers);
  if (refusal) throw new Error(refusal);
  const env: Record<string, string> = { ...opts.env };
  if (config.jwtSecretGenerated) {
    // Every worker must sign and check tokens with the same secret.
    env.JWT_SECRET = config.jwtSecret;
    opts.logger.warn('JWT_SECRET is not set: using a random secret shared by the workers (tokens end with the primary)');
  }
  if (opts.exec) cluster.setupPrimary({ exec: opts.exec });

  let closing = false;
  let quickDeaths = 0;
  const startedAt = new WeakMap<Worker, number>();
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork(env);
      startedAt.set(worker, Date.now());
      const onExit = (code: number | null) => reject(new Error(`worker ${worker.process.pid} exited with code ${code} before listening`));
      worker.once('exit', onExit);
      worker.once('listening', () => {
        worker.off('exit', onExit);
        resolve(worker);
      });
    });

  // /metrics on any worker answers for the whole cluster: the worker asks here, prom-client's aggregator collects
  // every worker's registry (sums, or the aggregator a metric declares) and the text goes back to the asker
  const aggregator = new AggregatorRegistry();
  const onMetricsRequest = (worker: Worker, message: { type?: string; id?: number }) => {
    if (message?.type !== METRICS_MESSAGE) return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: METRICS_MESSAGE, id: message.id, text }),
      (e: Error) => worker.isConnected() && worker.send({ type: METRICS_MESSAGE, id: message.id, error: e.message }),
    );
  };
  cluster.on('message', onMetricsRequest);

  const first = await fork();
  const forks = Array.from({ length: opts.workers - 1 }, fork);
  const started = await Promise.allSettled(forks);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    // leave no worker behind when the cluster as a whole cannot start
    for (const w of [first, ...started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))]) w.process.kill('SIGTERM');
    throw failed.reason;
  }
  const alive = new Set<Worker>([first, ...started.map((r) => (r as PromiseFulfilledResult<Worker>).value)]);
  opts.logger.info({ workers: alive.size, pids: [...alive].map((w) => w.process.pid) }, 'cluster started');

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    if (!alive.delete(worker) || closing) return;
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0;
    opts.logger.error({ pid: worker.process.pid, code, signal }, 'worker exited');
    if (quickDeaths >= 5) {
      opts.logger.fatal('workers keep exiting right after start; stopping');
      void close().then(() => process.exit(1));
      return;
    }
    fork().then(
      (w) => (closing ? w.kill('SIGTERM') : alive.add(w)),
      (e) => opts.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'replacement worker failed'),
    );
  };
  cluster.on('exit', onExit);

  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      closing = true;
      const exits = [...alive].map((w) => new Promise<void>((r) => (w.isDead() ? r() : w.once('exit', () => r()))));
      for (const w of alive) w.process.kill('SIGTERM');
      await Promise.all(exits);
      cluster.off('exit', onExit);
      cluster.off('message', onMetricsRequest);
    })());

  return { workers: () => [...alive], close };
}

const METRICS_MESSAGE = 'wms:cluster-metrics';

type Scrape = Metrics['scrape'];

/**
 * The scrape behind /metrics. In a cluster worker: the whole cluster's metrics (through the primary), falling back
 * to this worker's own if the primary does not answer. Elsewhere: this process's own (`metrics.scrape`).
 */
export function clusterMetricsScrape(metrics: Metrics): Scrape {
  if (!cluster.isWorker || !process.send) return () => metrics.scrape();
  new AggregatorRegistry(); // installs prom-client's answer to the primary's collection requests in this worker
  AggregatorRegistry.setRegistries([metrics.registry]);
  let nextId = 0;
  return () =>
    new Promise((resolve) => {
      const id = ++nextId;
      const fallback = () => {
        process.off('message', onMessage);
        void metrics.scrape().then(resolve);
      };
      const timer = setTimeout(fallback, 5000);
      const onMessage = (m: { type?: string; id?: number; text?: string; error?: string }) => {
        if (m?.type !== METRICS_MESSAGE || m.id !== id) return;
        clearTimeout(timer);
        if (m.text === undefined) return fallback();
        process.off('message', onMessage);
        resolve({ contentType: metrics.registry.contentType, body: m.text });
      };
      process.on('message', onMessage);
      process.send!({ type: METRICS_MESSAGE, id });
    });
}
