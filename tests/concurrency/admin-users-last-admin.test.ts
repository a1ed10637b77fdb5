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
      expect([ra.status, rb.status].sort()).toEqual([200, 400]);
      expect([ra, rb].find((r) => r.status === 400)!.body).toEqual({ error: 'Cannot remove the last active admin' });
      expect(await activeAdmins()).toBe(1);
    });

    it(`two admins deleting / deactivating each other at once leave one active ADMIN (round ${round})`, async () => {
      const { a, b, ta, tb } = await twoAdmins(`delete${round}`);
      const [ra, rb] = await Promise.all([
        s.api('DELETE', `/api/admin/users/${b.userId}`, { token: ta }),
        s.api('PUT', `/api/admin/users/${a.userId}`, { token: tb, body: { is_active: false } }),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([200, 400]);
      expect(await activeAdmins()).toBe(1);
    });
  }
});
