/** The server of bench/profile/day-cpu.ts: the real server, answering `cpu` with its own process.cpuUsage() in µs. */
import { loadConfig } from '../../src/config';
// main.ts: the server with its REST edge (the day runs through /api)
import { startServer } from '../../main';

const running = await startServer(loadConfig(), { port: 0, host: '127.0.0.1' });
process.send?.({ type: 'ready', url: running.url });
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'cpu') {
    const u = process.cpuUsage();
    process.send?.({ type: 'cpu', us: u.user + u.system, sys: u.system });
  }
});
const stop = () => running.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('disconnect', stop);
