/**
 * The background-job worker on its own (`npm run worker`): runs the jobs the API processes queue on Redis.
 * Start the API with JOBS_IN_PROCESS_WORKER=false when workers run separately. Needs REDIS_URL.
 */
import { loadConfig } from '../src/config';
import { createLogger, logFormatOf } from '../src/logger';
import { openDatabase } from '../src/db';
import { createJobQueue, startJobWorker } from '../src/jobs/queue';
import { allJobHandlers } from '../src/jobs/handlers';
import { checkEncryptionKeyAtStartup } from '../src/connectors/vault';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, logFormatOf(config));
  if (!config.redisUrl) {
    logger.fatal('REDIS_URL is required to run the worker on its own (without it the API process runs the jobs itself)');
    process.exit(1);
  }
  checkEncryptionKeyAtStartup(config, logger);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.dbPoolMax, log: (m) => logger.info(m) });
  const jobs = await createJobQueue(config, logger);
  const worker = await startJobWorker(config, jobs, allJobHandlers({ config, logger, prisma: db.prisma }), logger);
  logger.info({ prefix: `${config.redisPrefix}:bull` }, 'worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping (waiting for running jobs)');
    await worker.close();
    await jobs.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`worker failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
