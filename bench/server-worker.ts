/**
 * The benchmark's server process: the real server (main.ts startServer, NODE_ENV=production from the
 * environment the benchmark gives it) with the statement counter installed. It tells the benchmark when it
 * listens and answers `bench:stats` with the statements it sent and its RSS. It runs apart from the load
 * generator, as behind a real deployment (scanners are other machines). A baseline build gets this same file.
 */
import { existsSync } from 'node:fs';
import { installQueryCounter, statements } from './query-counter';

installQueryCounter(); // before any pg client exists

const { loadConfig } = await import('../src/config');
// main.ts composes the server with the REST edge; a baseline older than it started the server from src/server.ts
const { startServer } = existsSync(new URL('../main.ts', import.meta.url))
  ? await import('../main')
  : ((await import('../src/server' as string)) as typeof import('../main'));

const running = await startServer(loadConfig(), { port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.send?.({ type: 'bench:ready', url: running.url });

process.on('message', (m: { type?: string; id?: number }) => {
  if (m?.type === 'bench:stats') {
    process.send?.({ type: 'bench:stats', id: m.id, statements: statements('app'), rss: process.memoryUsage().rss });
  }
});
const stop = () => running.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('disconnect', stop);
