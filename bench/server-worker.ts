/**
 * One server process of the benchmark's cluster (BENCH_WORKERS > 0): the real server (src/server.ts startServer)
 * with the statement counter installed, answering the benchmark's `bench:stats` message with its statement count
 * and CPU time so the report can add them up across processes.
 */
import { installQueryCounter, statements } from './query-counter';

installQueryCounter(); // before any pg client exists

const { loadConfig } = await import('../src/config');
const { startServer } = await import('../src/server');

const running = await startServer(loadConfig(), { port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });

process.on('message', (m: { type?: string; id?: number }) => {
  if (m?.type === 'bench:stats') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'bench:stats', id: m.id, statements: statements('app'), cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss });
  }
});
process.once('SIGTERM', () => {
  running.close().then(() => process.exit(0), () => process.exit(1));
});
