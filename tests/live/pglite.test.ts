// Embedded PGlite, no Redis: the instance relays its own outbox (polling) to its subscribers in process.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { RunningServer } from '../../src/server';
import { startServer } from '../../main';
import { recordEvents } from '../../src/events/outbox';
import { ADMIN_PASSWORD, TEST_JWT_SECRET } from '../helpers/server';
import { connect, FEED, sleep, subscribe } from './helpers';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer(
    loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', JWT_SECRET: TEST_JWT_SECRET, ADMIN_PASSWORD, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'silent' }),
    { port: 0, host: '127.0.0.1' },
  );
}, 120_000);
afterAll(async () => s?.close());

it('streams committed events and replays after afterId on PGlite', async () => {
  const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const emit = (topic: string) => s.app.prisma.$transaction(async (tx) => recordEvents(tx as never, { topic, warehouseId: null, payload: {} }));
  const conn = connect(s.url, token);
  const live = subscribe(conn, FEED, {}, (d) => d.activityFeed);
  await sleep(300);
  await expect(
    s.app.prisma.$transaction(async (tx) => {
      await recordEvents(tx as never, { topic: 'test.rolled_back', warehouseId: null, payload: {} });
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  await emit('test.one');
  await emit('test.two');
  await live.waitFor(2);
  expect(live.values.map((e) => e.topic)).toEqual(['test.one', 'test.two']);
  const replay = subscribe(conn, FEED, { after: live.values[0].id }, (d) => d.activityFeed);
  await replay.waitFor(1);
  await emit('test.three');
  await replay.waitFor(2);
  expect(replay.values.map((e) => e.topic)).toEqual(['test.two', 'test.three']);
  await conn.dispose();
}, 60_000);
