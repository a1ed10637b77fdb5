import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ seed: false });
});
afterAll(async () => {
  await s?.close();
});

/**
 * The loser of the race is refused one of two ways, both correct: by the last-admin rule (its request ran
 * while the other was still an admin), or, when the winner committed before the loser's request was
 * authenticated, because the loser is no longer an active admin.
 */
const LOSER_ANSWERS = [
  { status: 400, body: { error: 'Cannot remove the last active admin' } },
  { status: 400, body: { error: 'Cannot delete the last active admin' } },
  { status: 403, body: { error: 'Forbidden' } },
  { status: 401, body: { error: 'Unauthorized' } },
];

function expectOneWinner(ra: { status: number; body: unknown }, rb: { status: number; body: unknown }) {
  const winners = [ra, rb].filter((r) => r.status === 200);
  expect(winners).toHaveLength(1);
  const loser = ra.status === 200 ? rb : ra;
  expect(LOSER_ANSWERS).toContainEqual({ status: loser.status, body: loser.body });
}

const activeAdmins = () => s.app.prisma.user.count({ where: { role: 'ADMIN', isActive: true } });

/** Leaves exactly two active admins (A, B) and returns them with tokens. */
async function twoAdmins(tag: string) {
  await s.app.prisma.user.updateMany({ where: { role: 'ADMIN' }, data: { isActive: false } });
  const a = await createUser(s.app, { username: `a-${tag}`, role: 'ADMIN', password: 'Admin1234x' });
  const b = await createUser(s.app, { username: `b-${tag}`, role: 'ADMIN', password: 'Admin1234x' });
  return { a, b, ta: await s.login(a.username, 'Admin1234x'), tb: await s.login(b.username, 'Admin1234x') };
}

describe('last active admin under concurrent requests', () => {
  for (let round = 0; round < 5; round++) {
    it(`two admins demoting each other at once leave one active ADMIN (round ${round})`, async () => {
      const { a, b, ta, tb } = await twoAdmins(`demote${round}`);
      const [ra, rb] = await Promise.all([
        s.api('PUT', `/api/admin/users/${b.userId}`, { token: ta, body: { role: 'USER' } }),
        s.api('PUT', `/api/admin/users/${a.userId}`, { token: tb, body: { role: 'USER' } }),
      ]);
      expectOneWinner(ra, rb);
      expect(await activeAdmins()).toBe(1);
    });

    it(`two admins deleting / deactivating each other at once leave one active ADMIN (round ${round})`, async () => {
      const { a, b, ta, tb } = await twoAdmins(`delete${round}`);
      const [ra, rb] = await Promise.all([
        s.api('DELETE', `/api/admin/users/${b.userId}`, { token: ta }),
        s.api('PUT', `/api/admin/users/${a.userId}`, { token: tb, body: { is_active: false } }),
      ]);
      expectOneWinner(ra, rb);
      expect(await activeAdmins()).toBe(1);
    });
  }
});
