// The admin screens for users and settings: create a user and find it in the paged list by its cache key, a
// duplicate username as a userError on input.username, typed settings read and written (a bad value is a userError
// on its camelCase field, nothing written), a missing setting key as null beside the settings that answer, and the
// cost of every answer.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { seeded } from '../helpers/inbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import { CreateUserDocument, SettingsScreenDocument, UpdateConfigurationDocument, UserListDocument, type SettingsScreenQuery, type UserRole } from './generated/graphql';

let s: TestServer;
let client: DashboardClient;
let ids: Awaited<ReturnType<typeof seeded>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ids = await seeded(s.app);
  client = await signIn(s);
});
afterAll(async () => {
  await s?.close();
});

describe('e2e admin: users and settings', () => {
  it('creates a user, who signs in and is found in the paged user list by the same cache key', async () => {
    const { userCreate } = await client.request(CreateUserDocument, {
      input: { username: 'e2e.picker', password: 'Picker123', fullName: 'E2E Picker', role: 'USER', warehouseIds: [ids.warehouseId], allowedFunctions: ['pick'] },
    });
    expectCostReported(client);
    expect(userCreate.userErrors).toEqual([]);
    const user = userCreate.user!;
    expectTypeOf(user.role).toEqualTypeOf<UserRole>();
    expect(user).toMatchObject({ __typename: 'User', username: 'e2e.picker', role: 'USER', warehouseIds: [ids.warehouseId], allowedFunctions: ['pick'], isActive: true });
    await expectCacheKey(client, user);
    await signIn(s, 'e2e.picker', 'Picker123');

    const seen: { id: string; username: string }[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 20; page++) {
      const { users } = await client.request(UserListDocument, { first: 1, after });
      expectCostReported(client);
      seen.push(...users.edges.map((e) => e.node));
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    expect(seen.find((u) => u.username === 'e2e.picker')?.id).toBe(user.id);
  });

  it('a duplicate username is a userError on input.username; nothing created', async () => {
    const { userCreate } = await client.request(CreateUserDocument, { input: { username: 'admin', password: 'Another123', fullName: 'Clash', role: 'ADMIN' } });
    expectCostReported(client);
    expect(userCreate).toEqual({ user: null, userErrors: [{ field: ['input', 'username'], code: 'BAD_USER_INPUT', message: 'Duplicate username: admin' }] });
    expect(await s.app.prisma.user.count({ where: { fullName: 'Clash' } })).toBe(0);
  });

  it('reads typed settings, writes them, and refuses a bad value on its camelCase field', async () => {
    const screen = await client.request(SettingsScreenDocument, { key: 'allow_over_receiving' });
    expectCostReported(client);
    expectTypeOf<SettingsScreenQuery['configuration']['allowOverReceiving']>().toEqualTypeOf<boolean>();
    expect(typeof screen.configuration.requirePackingBeforeShipping).toBe('boolean');
    expect(screen.settings.length).toBeGreaterThan(0);
    for (const row of screen.settings) await expectCacheKey(client, row);

    const written = await client.request(UpdateConfigurationDocument, { input: { allowOverReceiving: true, sessionTimeoutHours: 10 } });
    expectCostReported(client);
    expect(written.configurationUpdate).toEqual({ configuration: { allowOverReceiving: true, sessionTimeoutHours: 10, defaultReceivingBinId: screen.configuration.defaultReceivingBinId }, userErrors: [] });
    const stored = await client.request(SettingsScreenDocument, { key: 'allow_over_receiving' });
    expect(stored.setting).toMatchObject({ __typename: 'AppSetting', value: 'true' });

    const bad = await client.request(UpdateConfigurationDocument, { input: { sessionTimeoutHours: 0, allowOverReceiving: false } });
    expectCostReported(client);
    expect(bad.configurationUpdate).toEqual({
      configuration: null,
      userErrors: [{ field: ['input', 'sessionTimeoutHours'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' }],
    });
    expect((await client.request(SettingsScreenDocument, { key: 'allow_over_receiving' })).configuration.allowOverReceiving).toBe(true);
  });

  it('a setting key never stored is null while the configuration beside it still answers', async () => {
    const data = await client.request(SettingsScreenDocument, { key: 'no_such_setting' });
    expectCostReported(client);
    expect(data.setting).toBeNull();
    expect(data.configuration).toMatchObject({ requirePackingBeforeShipping: expect.any(Boolean), allowOverReceiving: expect.any(Boolean) });
  });
});
