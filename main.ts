/**
 * The composition root: the process entry (`npm start`). It puts the GraphQL core (src/server.ts) together with the
 * legacy REST edge (rest-compat/), which the core does not know; with WEB_CONCURRENCY > 1 this process is the
 * node:cluster primary over N such servers (src/cluster.ts forks this file again).
 */
import cluster from 'node:cluster';
import { loadConfig, type Config } from './src/config';
import { startCluster, type RunningCluster } from './src/cluster';
import { createLogger, logFormatOf } from './src/logger';
import { startServer as startCoreServer, type RunningServer, type ServerOptions } from './src/server';
import { restEdge } from './rest-compat/edge';

/** A server instance with both faces: GraphQL and the legacy REST API. */
export const startServer = (config: Config = loadConfig(), opts: ServerOptions = {}): Promise<RunningServer> =>
  startCoreServer(config, { edge: restEdge, ...opts });

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  if (cluster.isPrimary && config.workers > 1) await runPrimary(config);
  else await runSingle(config);
}

/** WEB_CONCURRENCY > 1: this process hands out connections to N workers (src/cluster.ts), each a full server. */
async function runPrimary(config: Config) {
  const logger = createLogger(config.logLevel, logFormatOf(config));
  let running: RunningCluster;
  try {
    running = await startCluster(config, { workers: config.workers, logger });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  logger.info({ port: config.port, workers: config.workers }, `WMS API listening on port ${config.port} with ${config.workers} workers`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function runSingle(config: Config) {
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  running.app.logger.info({ url: running.url }, `WMS API listening: REST ${running.url}/api, GraphQL ${running.url}/graphql`);
  const shutdown = (signal: string) => {
    running.app.logger.info({ signal }, 'shutting down');
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // Under the cluster, Ctrl-C reaches the primary and every worker: the primary's SIGTERM does the draining.
  process.once('SIGINT', () => (cluster.isWorker ? undefined : shutdown('SIGINT')));
}
