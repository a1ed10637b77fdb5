/**
 * CPU per request-log line (src/server.ts logs one per request at info): the app's logger with its default
 * destination (stdout; pipe it into a reader, as a log collector would: `| cat > /dev/null`) against a
 * synchronous and a buffered one. Process CPU (main thread and libuv's pool) per line, LOG_LINES lines in bursts
 * of 32 with the event loop turning between bursts, as requests would.
 * Run with: npx tsx bench/profile/log-cost.ts | cat > /dev/null   (figures go to stderr)
 */
import pino from 'pino';
import { createLogger } from '../../src/logger';

const lines = Number(process.env.LOG_LINES ?? 200_000);
const line = { requestId: '6f1c0a52-55d6-4c2a-9d0e-4f0c6a3f1b2e', method: 'GET', path: '/api/lookup/item/U00011', route: '/lookup/item/:barcode', operation: 'LookupItem', userId: 1, status: 200, ms: 3 };

async function measure(label: string, log: pino.Logger, flush: () => Promise<void>) {
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < lines; i += 32) {
    for (let k = 0; k < 32; k++) log.info(line, 'request');
    await new Promise((r) => setImmediate(r));
  }
  await flush();
  const cpu = process.cpuUsage(t0);
  process.stderr.write(`${label.padEnd(44)} ${(((cpu.user + cpu.system) / lines) | 0).toString().padStart(5)} µs CPU per line (${((performance.now() - w0) / 1000).toFixed(1)} s)\n`);
}

const silent = createLogger('silent', 'json');
await measure('silent (what the benchmark runs)', silent, async () => {});
const dflt = createLogger('info', 'json');
await measure('default: stdout (sonic-boom, asynchronous)', dflt, () => new Promise((r) => setTimeout(r, 200)));
const syncDest = pino.destination({ dest: 1, sync: true });
await measure('stdout, synchronous', createLogger('info', 'json', syncDest as unknown as NodeJS.WritableStream), async () => {});
const buffered = pino.destination({ dest: 1, sync: false, minLength: 8192 });
await measure('stdout, 8 KB buffer', createLogger('info', 'json', buffered as unknown as NodeJS.WritableStream), async () => buffered.flushSync());
