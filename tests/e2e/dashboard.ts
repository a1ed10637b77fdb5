// A dashboard client as a dashboard team builds one: the published client (`createGraphQLClient`) with the typed
// documents the specs generate from tests/e2e/documents, plus what urql/Apollo read from every answer: the query
// cost in `extensions.cost` and the `__typename:id` cache key of each object.
import { expect } from 'vitest';
import { createGraphQLClient, type GraphQLClient } from '../../src/client';
import { ADMIN_PASSWORD, type TestServer } from '../helpers/server';
import { NodeKeyDocument, SignInDocument } from './generated/graphql';

/** `extensions.cost` of an answer (README, "Query cost and page sizes"). */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number;
  maxQueryCost: number;
}

export interface DashboardClient extends GraphQLClient {
  /** The `extensions.cost` of the last answer (undefined when it had none). */
  lastCost(): QueryCost | undefined;
}

/** The published client over a fetch that keeps the last answer's extensions, as a cost meter in a dashboard does. */
export function dashboardClient(s: TestServer, token?: string): DashboardClient {
  let cost: QueryCost | undefined;
  const client = createGraphQLClient({
    url: `${s.url}/graphql`,
    token,
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      const body = (await res.clone().json()) as { extensions?: { cost?: QueryCost } };
      cost = body.extensions?.cost;
      return res;
    },
  });
  return Object.assign(client, { lastCost: () => cost });
}

/** Signs in with the login mutation (no userErrors) and answers a client that sends the session token. */
export async function signIn(s: TestServer, username = 'admin', password = ADMIN_PASSWORD): Promise<DashboardClient> {
  const client = dashboardClient(s);
  const { login } = await client.request(SignInDocument, { input: { username, password } });
  expect(login.userErrors).toEqual([]);
  client.setToken(login.session!.token);
  return client;
}

/**
 * The object's cache key (`__typename:id`) is stable: `node(id:)` answers the same type and id. The id is an opaque
 * global id, not the integer key.
 */
export async function expectCacheKey(client: DashboardClient, object: { __typename?: string; id: string }): Promise<void> {
  expect(object.__typename, 'select __typename with id, as a normalized cache does').toEqual(expect.any(String));
  expect(object.id).not.toMatch(/^\d+$/);
  const { node } = await client.request(NodeKeyDocument, { id: object.id });
  expect(node).toEqual({ __typename: object.__typename, id: object.id });
}

/** The last answer reported its cost: requested (priced before running) ≥ actual (objects returned), within the limit. */
export function expectCostReported(client: DashboardClient): QueryCost {
  const cost = client.lastCost();
  expect(cost).toEqual({ requestedQueryCost: expect.any(Number), actualQueryCost: expect.any(Number), maxQueryCost: 5000 });
  expect(cost!.requestedQueryCost).toBeGreaterThan(0);
  expect(cost!.actualQueryCost).toBeLessThanOrEqual(cost!.requestedQueryCost);
  expect(cost!.requestedQueryCost).toBeLessThanOrEqual(cost!.maxQueryCost);
  return cost!;
}
