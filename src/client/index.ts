/**
 * A minimal typed GraphQL client for TypeScript users of the API. The documents live in
 * src/client/operations/*.graphql; `npm run generate` (graphql-codegen, codegen.ts) writes their
 * TypedDocumentNodes and result/variable types to src/client/generated/ (not committed).
 *
 *   const client = createGraphQLClient({ url: 'http://localhost:5000/graphql' });
 *   const { login } = await client.request(ClientLoginDocument, { input: { username, password } });
 *   client.setToken(login.token);
 *   const { me } = await client.request(ClientMeDocument); // typed: me.username is a string
 *
 * Any TypedDocumentNode works (also with urql, Apollo Client or graphql-request).
 */
import { print, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export * from './generated/graphql';

/** The response carried GraphQL errors (`errors[0].extensions.code`: BAD_USER_INPUT, UNAUTHENTICATED, ...). */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';
  constructor(
    readonly errors: readonly GraphQLFormattedError[],
    readonly status: number,
    readonly data?: unknown,
  ) {
    super(errors[0]?.message ?? `GraphQL request failed (${status})`);
  }
  get code(): string | undefined {
    const code = this.errors[0]?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  }
}

export interface GraphQLClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:5000/graphql`. */
  url: string;
  /** A bearer token (from the login mutation or POST /api/auth/login). */
  token?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** Variables are optional exactly when the operation has no required variable. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export interface GraphQLClient {
  request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...args: VariablesArg<V>): Promise<R>;
  setToken(token: string | undefined): void;
}

export function createGraphQLClient(opts: GraphQLClientOptions): GraphQLClient {
  let token = opts.token;
  const doFetch = opts.fetch ?? fetch;
  const printed = new WeakMap<object, string>();
  return {
    setToken: (t) => void (token = t),
    async request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...args: VariablesArg<V>) {
      let query = printed.get(document);
      if (query === undefined) printed.set(document, (query = print(document)));
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...opts.headers,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables: args[0] ?? {} }),
      });
      const json = (await res.json()) as { data?: R | null; errors?: GraphQLFormattedError[] };
      if (json.errors?.length) throw new GraphQLRequestError(json.errors, res.status, json.data);
      if (!res.ok || json.data == null) throw new GraphQLRequestError([], res.status, json.data);
      return json.data;
    },
  };
}
