import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeOutbox, resumePosition } from '../../src/live/events';
import { liveOptions } from '../../src/live/options';
import { startTestServer, type TestServer } from '../helpers/server';

// The outbox keeps EVENT_RETENTION_HOURS of live events; the relay leader deletes older ones it has published.
// `s` keeps everything (EVENT_RETENTION_HOURS=0: no purge timer), so the function can be tested without the relay
// racing it; `purging` is a server whose relay purges every 200 ms.
let s: TestServer;
let purging: TestServer;

beforeAll(async () => {
  liveOptions.purgeEveryMs = 200; // this file's process only
  s = await startTestServer({ env: { EVENT_RETENTION_HOURS: '0' } });
  purging = await startTestServer({ env: { EVENT_RETENTION_HOURS: '24' } });
});
afterAll(async () => {
  await s?.close();
  await purging?.close();
});

/** Outbox rows written now, dated `ageHours` ago; returns their ids. */
async function writeEvents(count: number, ageHours: number, topic: string, on: TestServer = s): Promise<string[]> {
  const { rows } = await on.app.db.sql.query<{ id: string }>(
    `INSERT INTO event_outbox (topic, warehouse_id, payload, created_at)
     SELECT $1, NULL, '{}'::jsonb, now() - make_interval(hours => $2::int) FROM generate_series(1, $3::int)
     RETURNING id::text AS id`,
    [topic, ageHours, count],
  );
  return rows.map((r) => r.id);
}

const remaining = async (topic: string, on: TestServer = s) =>
  Number((await on.app.db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM event_outbox WHERE topic = $1`, [topic])).rows[0].n);

async function until(what: string, fn: () => Promise<boolean>, ms = 25_000) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('event outbox retention', () => {
  it('purgeOutbox deletes only old events at or below the published position, in batches', async () => {
    const old = await writeEvents(7, 48, 'test.old');
    const fresh = await writeEvents(3, 1, 'test.fresh');
    // published up to the last of those rows (the relay's cursor would be there once it has read them)
    const { rows } = await s.app.db.sql.query<{ tx: string; id: string }>(
      `SELECT tx_id::text AS tx, id::text AS id FROM event_outbox ORDER BY tx_id DESC, id DESC LIMIT 1`,
    );
    const published = { tx: BigInt(rows[0].tx), id: BigInt(rows[0].id) };
    const later = await writeEvents(2, 48, 'test.old-unpublished'); // old, but after the published position
    const n = await purgeOutbox(s.app.db.sql, 24, published, 3); // batches of 3: 3 + 3 + 1
    expect(n).toBe(7);
    expect(await remaining('test.old')).toBe(0);
    expect(await remaining('test.fresh')).toBe(fresh.length);
    expect(await remaining('test.old-unpublished')).toBe(later.length);
    // a client resuming from a purged id is told so (and starts from a fresh snapshot)
    await expect(resumePosition(s.app.db.sql, old[0])).rejects.toThrow('Unknown event id (afterId)');
    expect(await resumePosition(s.app.db.sql, fresh[0])).toMatchObject({ id: BigInt(fresh[0]) });
  });

  it('the running relay purges what it has published once it is older than EVENT_RETENTION_HOURS', async () => {
    await writeEvents(5, 30, 'test.relayed-old', purging);
    await writeEvents(4, 2, 'test.relayed-fresh', purging);
    await until('the relay to purge', async () => (await remaining('test.relayed-old', purging)) === 0);
    expect(await remaining('test.relayed-fresh', purging)).toBe(4);
    // and the server that keeps everything never purged its old rows
    expect(await remaining('test.old-unpublished')).toBe(2);
  });
});
