import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType,
  type GraphQLArgument, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { buildSchema } from '../../src/graphql/schema';
import { rootFieldRules } from '../../src/auth/shield';
import { isAdmin } from '../../src/auth/rules';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser, craftToken } from '../helpers/fixtures';
import { dbChecksum } from '../property/db-checksum';

let s: TestServer;
let userToken: string;
let userId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  const u = await createUser(s.app, { warehouseIds: [1], allowedFunctions: [...ALL_FUNCTIONS] });
  userId = u.userId;
  userToken = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

const fillPath = (path: string) =>
  path.replace(/:(\w+)#/g, '1').replace(/:connector_name/g, 'example').replace(/:sync_type/g, 'items').replace(/:entity_type/g, 'items').replace(/:key/g, 'require_packing_before_shipping');

const adminRoutes = routes.filter((r) => r.auth === 'admin');

describe('REST: a USER on every admin path', () => {
  it('covers the admin route table', () => {
    expect(adminRoutes.length).toBeGreaterThan(40);
  });

  it.each(adminRoutes.map((r) => [r.method, r.path] as const))('%s %s -> 403 Forbidden, nothing changed', async (method, path) => {
    const before = await dbChecksum(s.app);
    const body = method === 'GET' ? undefined : { warehouse_id: 1, name: 'x', quantity: 1 };
    const r = await s.api(method, fillPath(path), { token: userToken, body });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Forbidden' });
    expect(await dbChecksum(s.app)).toEqual(before);
  });

  it('a USER token claiming role ADMIN is still a USER (the role is re-read from the database)', async () => {
    const forged = craftToken({ user_id: userId, username: 'admin', role: 'ADMIN', warehouse_id: null, warehouse_ids: [] }, { expiresIn: 600 });
    const r = await s.api('GET', '/api/admin/users', { token: forged });
    expect(r).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
  });
});

/** Root fields whose declared shield rule contains `isAdmin` (chain / and / or rules keep their parts in `rules`). */
function adminFields(schema: GraphQLSchema): { root: 'Query' | 'Mutation'; field: string }[] {
  const needsAdmin = (rule: any): boolean => rule === isAdmin || (Array.isArray(rule?.rules) && rule.rules.some(needsAdmin));
  const rules = rootFieldRules(schema);
  const out: { root: 'Query' | 'Mutation'; field: string }[] = [];
  for (const root of ['Query', 'Mutation'] as const) {
    for (const [field, rule] of Object.entries(rules[root] ?? {})) if (needsAdmin(rule)) out.push({ root, field });
  }
  return out;
}

/** A value of the given input type that passes GraphQL's own validation (the shield runs before any resolver). */
function sample(type: GraphQLInputType, depth = 0): string {
  if (isNonNullType(type)) return sample(type.ofType, depth);
  if (isListType(type)) return `[${sample(type.ofType, depth)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && depth < 5);
    return `{${fields.map((f) => `${f.name}: ${sample(f.type, depth + 1)}`).join(', ')}}`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int': return '1';
      case 'Float': return '1.5';
      case 'Boolean': return 'false';
      case 'ID': return '"1"';
      case 'String': return '"x"';
      default: return '"2024-01-01"';
    }
  }
  return 'null';
}

function operationFor(schema: GraphQLSchema, root: 'Query' | 'Mutation', field: string): string {
  const def = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[field];
  const args = def.args.filter((a: GraphQLArgument) => isNonNullType(a.type));
  const argText = args.length ? `(${args.map((a) => `${a.name}: ${sample(a.type)}`).join(', ')})` : '';
  const named = getNamedType(getNullableType(def.type));
  const selection = isObjectType(named) || !isScalarType(named) && !isEnumType(named) ? ' { __typename }' : '';
  return `${root === 'Query' ? 'query' : 'mutation'} { ${field}${argText}${selection} }`;
}

describe('GraphQL: a USER on every admin root field', () => {
  const schema = buildSchema();
  const fields = adminFields(schema);

  it('finds the admin fields from the shield rules', () => {
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.map((f) => f.field)).toContain('userCreate');
  });

  it.each(fields.map((f) => [f.root, f.field] as const))('%s.%s -> FORBIDDEN, nothing changed', async (root, field) => {
    const before = await dbChecksum(s.app);
    const r = await s.gql(operationFor(schema, root, field), undefined, userToken);
    expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('FORBIDDEN');
    expect(r.errors[0].message).toBe('Forbidden');
    expect(r.data?.[field] ?? null).toBeNull();
    expect(await dbChecksum(s.app)).toEqual(before);
  });

  it('the same operations run for an admin (the generated arguments are valid GraphQL)', async () => {
    const admin = await s.adminToken();
    const r = await s.gql(operationFor(schema, 'Query', fields.find((f) => f.root === 'Query')!.field), undefined, admin);
    expect(r.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN');
  });
});
