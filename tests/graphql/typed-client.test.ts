import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ClientActiveWarehousesDocument,
  ClientLoginDocument,
  ClientMeDocument,
  createGraphQLClient,
  GraphQLRequestError,
  type ClientMeQuery,
} from '../../src/client';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

describe('typed GraphQL client (graphql-codegen documents)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ seed: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('logs in, then runs typed queries with the token', async () => {
    const client = createGraphQLClient({ url: `${s.url}/graphql` });
    const { login } = await client.request(ClientLoginDocument, { input: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.userErrors).toEqual([]);
    const session = login.session!;
    expectTypeOf(session.token).toEqualTypeOf<string>();
    expect(session.user).toMatchObject({ username: 'admin', role: 'ADMIN' });
    client.setToken(session.token);

    const { me } = await client.request(ClientMeDocument);
    expectTypeOf(me).toEqualTypeOf<ClientMeQuery['me']>();
    expectTypeOf(me.userId).toEqualTypeOf<number>();
    expect(me).toMatchObject({ username: 'admin', role: 'ADMIN', userId: session.user.userId });

    const { activeWarehouses } = await client.request(ClientActiveWarehousesDocument);
    expect(activeWarehouses.map((w) => w.code)).toContain('WH1');
  });

  it('surfaces GraphQL errors with their code', async () => {
    const client = createGraphQLClient({ url: `${s.url}/graphql` });
    const err = await client.request(ClientMeDocument).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphQLRequestError);
    expect((err as GraphQLRequestError).code).toBe('UNAUTHENTICATED');
  });

  it('checks variables at compile time', () => {
    const client = createGraphQLClient({ url: `${s.url}/graphql` });
    // @ts-expect-error the login mutation requires its input
    const missing = () => client.request(ClientLoginDocument);
    // @ts-expect-error username must be a string
    const wrong = () => client.request(ClientLoginDocument, { input: { username: 1, password: 'x' } });
    expect(typeof missing).toBe('function');
    expect(typeof wrong).toBe('function');
  });
});
