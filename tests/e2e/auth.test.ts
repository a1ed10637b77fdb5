// auth/me as a dashboard signs in and builds its header: typed documents, the warehouses of `me` as cache keys,
// userErrors on the sign-in form, and the cost of every answer.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { GraphQLRequestError } from '../../src/client';
import { createUser } from '../helpers/fixtures';
import { seeded } from '../helpers/inbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { dashboardClient, expectCacheKey, expectCostReported, signIn } from './dashboard';
import {
  ChangeMyPasswordDocument,
  MyAccountBesideWarehouseDocument,
  MyAccountDocument,
  SignInDocument,
  type ErrorCode,
  type MyAccountQuery,
  type UserRole,
  type WarehouseFunction,
} from './generated/graphql';

let s: TestServer;
let warehouseId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  warehouseId = (await seeded(s.app)).warehouseId;
});
afterAll(async () => {
  await s?.close();
});

describe('e2e auth: sign in and me', () => {
  it('a floor user signs in and reads me with its warehouses, each a cache key node(id:) resolves', async () => {
    const user = await createUser(s.app, { warehouseIds: [warehouseId], allowedFunctions: ['receive', 'pick'] });
    const client = await signIn(s, user.username, user.password);
    const { me } = await client.request(MyAccountDocument);
    expectCostReported(client);
    expectTypeOf(me).toEqualTypeOf<MyAccountQuery['me']>();
    expectTypeOf(me.role).toEqualTypeOf<UserRole>();
    expectTypeOf(me.allowedFunctions).toEqualTypeOf<WarehouseFunction[]>();
    expect(me).toMatchObject({ userId: user.userId, username: user.username, role: 'USER', allowedFunctions: ['RECEIVE', 'PICK'] });
    expect(me.warehouses).toEqual([expect.objectContaining({ warehouseId, warehouseCode: 'WH1', isActive: true })]);
    await expectCacheKey(client, { __typename: 'Warehouse', id: me.warehouses[0].warehouseNodeId });
  });

  it('the sign-in form gets userErrors on its camelCase fields; wrong credentials stay a top-level UNAUTHENTICATED', async () => {
    const client = dashboardClient(s);
    const { login } = await client.request(SignInDocument, { input: { username: '', password: 'x' } });
    expectCostReported(client);
    expect(login.session).toBeNull();
    expectTypeOf(login.userErrors[0].code).toEqualTypeOf<ErrorCode>();
    expect(login.userErrors).toEqual([{ field: ['input', 'username'], code: 'BAD_USER_INPUT', message: expect.any(String) }]);

    const wrong = await client.request(SignInDocument, { input: { username: 'admin', password: 'not-the-password' } }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(GraphQLRequestError);
    expect((wrong as GraphQLRequestError).code).toBe('UNAUTHENTICATED');
  });

  it('a weak new password is a userError beside data (no top-level error), nothing changes', async () => {
    const user = await createUser(s.app, { warehouseIds: [warehouseId] });
    const client = await signIn(s, user.username, user.password);
    const { changePassword } = await client.request(ChangeMyPasswordDocument, { input: { currentPassword: user.password, newPassword: 'short' } });
    expectCostReported(client);
    expect(changePassword.result).toBeNull();
    // the password policy as a whole, not one input field: no path
    expect(changePassword.userErrors).toEqual([{ field: null, code: 'BAD_USER_INPUT', message: 'Password must be at least 8 characters' }]);
    await signIn(s, user.username, user.password);
  });

  it('a missing warehouse is null while me beside it still answers', async () => {
    const client = await signIn(s);
    const data = await client.request(MyAccountBesideWarehouseDocument, { warehouseId: 99_999_999 });
    expectCostReported(client);
    expect(data).toEqual({ me: { username: 'admin' }, warehouse: null });
    const found = await client.request(MyAccountBesideWarehouseDocument, { warehouseId });
    await expectCacheKey(client, found.warehouse!);
  });
});
