import fc from 'fast-check';
import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { buildSchema } from '../../src/graphql/schema';
import { startTestServer, type TestServer } from '../helpers/server';
import { dbChecksum } from './db-checksum';

/**
 * Hostile input at every REST path of the route table and every GraphQL mutation: wrong types, huge and
 * negative numbers, unicode, NUL bytes, very long strings, deep nesting, unknown fields, broken JSON.
 * Invariants: never a 5xx; errors in the documented format; the database unchanged after every refusal.
 * Bounded: RUNS requests per route (HOSTILE_RUNS to change), the file runs in about a minute.
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 4);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

const FIELD_NAMES = [
  'po_id', 'items', 'item_id', 'quantity', 'bin_id', 'warehouse_id', 'so_id', 'so_ids', 'so_identifiers', 'so_barcode', 'batch_id',
  'pick_task_id', 'count_id', 'count_line_id', 'counted_quantity', 'lines', 'from_bin_id', 'to_bin_id', 'scanned_barcode', 'lot_number',
  'username', 'password', 'current_password', 'new_password', 'role', 'warehouse_ids', 'allowed_functions', 'is_active', 'full_name',
  'sku', 'item_name', 'upc', 'bin_code', 'bin_barcode', 'bin_type', 'zone_id', 'zone_code', 'zone_name', 'warehouse_code', 'warehouse_name',
  'receipt_ids', 'adjustment_id', 'adjustments', 'action', 'reason', 'settings', 'key', 'value', 'records', 'tracking_number', 'carrier',
  'quantity_picked', 'quantity_available', 'priority', 'customer_name', 'po_number', 'so_number', 'vendor_name', 'credentials', 'page', 'per_page',
];

const hugeNumbers = fc.constantFrom(0, -1, -2147483649, 2147483647, 2147483648, 2 ** 53, -(2 ** 53), 1e308, -1e308, 1.5, 0.000001, 5e-324);
const nastyStrings = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', "' OR 1=1 --", '"; DROP TABLE users; --', '../../etc/passwd', '<script>alert(1)</script>', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚚📦', '\uFEFF\u202E', 'NaN', '1e400', '-0', '0x10', '١٢٣'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.nat({ max: 3 }).map((n) => ['x', 'é', '🚚', '\u0301'][n].repeat(5000 + n * 3000)),
);
const leaf = fc.oneof(hugeNumbers, fc.integer(), nastyStrings, fc.boolean(), fc.constant(null));
const deep = fc.nat({ max: 2 }).map((k) => {
  let v: unknown = 1;
  for (let i = 0; i < 200 + k * 300; i++) v = k === 1 ? [v] : { a: v };
  return v;
});
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.dictionary(fc.constantFrom(...FIELD_NAMES), leaf, { maxKeys: 5 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), leaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: deep },
);
const body = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 20 })), value, { maxKeys: 8 });

type Sent = { headers: Record<string, string>; rawBody?: string; body?: unknown };
const request: fc.Arbitrary<Sent> = fc.oneof(
  { weight: 6, arbitrary: body.map((b) => ({ headers: {}, body: b })) },
  { weight: 1, arbitrary: value.map((v) => ({ headers: {}, body: v })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{"a":', '{', 'null', '[]', '"x"', '{"quantity": NaN}', '{"quantity": Infinity}', '\uFEFF{}', '{"a":1,"a":2}').map((raw) => ({
      headers: { 'content-type': 'application/json' },
      rawBody: raw,
    })),
  },
  { weight: 1, arbitrary: nastyStrings.map((raw) => ({ headers: { 'content-type': 'text/plain' }, rawBody: raw })) },
);

const pathValue = fc.oneof(fc.constantFrom('0', '99999999', '2147483648', '99999999999999999999'), nastyStrings.filter((x) => x.length > 0 && x.length < 200));
const queryString = fc
  .dictionary(fc.constantFrom('warehouse_id', 'page', 'per_page', 'q', 'status', 'search', 'item_id', 'bin_id', 'zone_id', 'sort', 'limit', 'offset', 'x'), fc.oneof(pathValue, fc.constant('-5'), fc.constant('1e9')), { maxKeys: 4 })
  .map((d) => new URLSearchParams(d).toString());

function fill(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:(\w+)(#?)/g, (_m, _name, int) => {
    const v = values[i++ % values.length];
    return int ? (/^\d+$/.test(v) ? v : '99999999') : encodeURIComponent(v);
  });
}

type Outcome = { status: number; text: string; body: any; contentType: string | null };

function checkFormat(o: Outcome) {
  expect(o.status, o.text.slice(0, 300)).toBeLessThan(500);
  if (o.status >= 400 && o.contentType?.includes('application/json')) {
    expect(typeof o.body?.error, o.text.slice(0, 300)).toBe('string');
    if (o.body.error === 'validation_error') {
      expect(Array.isArray(o.body.details)).toBe(true);
      for (const d of o.body.details) {
        expect(typeof d.type).toBe('string');
        expect(Array.isArray(d.loc)).toBe(true);
        expect(typeof d.msg).toBe('string');
      }
    }
  } else if (o.status >= 400) {
    // the framework's HTML pages (404/405/413/415) keep the legacy format
    expect(o.text).toMatch(/<title>\d{3} /);
  }
}

/** Paths whose success legitimately changes data on every call or that need a live external system. */
const SKIP = new Set(['POST /api/admin/connectors/:connector_name/test', 'POST /api/admin/connectors/:connector_name/sync/:sync_type']);

describe('REST: hostile bodies and query strings at every path', () => {
  const table = routes.filter((r) => !SKIP.has(`${r.method} ${r.path}`));
  it.each(table.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(request, queryString, fc.array(pathValue, { minLength: 2, maxLength: 2 }), async (sent, qs, params) => {
        const url = `${fill(route.path, params)}${route.method === 'GET' || Math.random() < 0.3 ? `?${qs}` : ''}`;
        const before = await dbChecksum(s.app);
        const r = await s.api(route.method, url, {
          token: route.auth === 'public' ? undefined : admin,
          headers: sent.headers,
          ...(route.method === 'GET' ? {} : sent.rawBody !== undefined ? { rawBody: sent.rawBody } : { body: sent.body }),
        });
        const outcome: Outcome = { status: r.status, text: r.text, body: r.body, contentType: r.headers.get('content-type') };
        try {
          checkFormat(outcome);
          if (r.status >= 400) expect(await dbChecksum(s.app), 'a refused request changed the database').toEqual(before);
        } catch (e) {
          throw new Error(`${route.method} ${url} body=${JSON.stringify(sent).slice(0, 400)} -> ${r.status} ${r.text.slice(0, 300)}\n${(e as Error).message}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});

/** A value of a GraphQL input type: valid shape, hostile content (so it reaches the zod schemas and services). */
function hostileFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return hostileFor(type.ofType, depth);
  if (isListType(type)) return fc.array(hostileFor(type.ofType, depth + 1), { maxLength: depth > 2 ? 0 : 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const req = Object.fromEntries(fields.filter((f) => isNonNullType(f.type)).map((f) => [f.name, hostileFor(f.type, depth + 1)]));
    const opt = Object.fromEntries(fields.filter((f) => !isNonNullType(f.type) && depth < 3).map((f) => [f.name, fc.option(hostileFor(f.type, depth + 1), { nil: null })]));
    return fc.record({ ...req, ...opt }, { requiredKeys: Object.keys(req) as never[] });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int': return fc.oneof(fc.constantFrom(0, -1, 2147483647, -2147483648, 1), fc.integer());
      case 'Float': return fc.constantFrom(0, -1, 1e308, -1e308, 0.5, 2 ** 53);
      case 'Boolean': return fc.boolean();
      case 'ID': return fc.oneof(fc.constantFrom('0', '-1', '99999999999'), nastyStrings);
      case 'String': return nastyStrings;
      default: return fc.oneof(nastyStrings, fc.constantFrom('2024-02-30', '9999-99-99', '1970-01-01T00:00:00Z'), leaf);
    }
  }
  return fc.constant(null);
}

describe('GraphQL: hostile variables at every mutation', () => {
  const schema = buildSchema();
  const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => !['login', 'changePassword', 'refreshToken'].includes(f.name));

  it.each(mutations.map((f) => [f.name, f] as const))('%s', async (_name, field) => {
    const varDefs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const named = getNamedType(getNullableType(field.type));
    const selection = isObjectType(named) || (!isScalarType(named) && !isEnumType(named)) ? ' { __typename }' : '';
    const query = `mutation M${varDefs ? `(${varDefs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
    const vars = fc.record(Object.fromEntries(field.args.map((a) => [a.name, fc.oneof({ weight: 5, arbitrary: hostileFor(a.type) }, { weight: 1, arbitrary: value })])));
    await fc.assert(
      fc.asyncProperty(vars, async (variables) => {
        const before = await dbChecksum(s.app);
        const r = await s.gql(query, variables, admin);
        const codes = (r.errors ?? []).map((e: any) => e.extensions?.code);
        try {
          expect(r.status).toBeLessThan(500);
          expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
          for (const e of r.errors ?? []) expect(typeof e.message).toBe('string');
          if (r.errors?.length) expect(await dbChecksum(s.app), 'a refused mutation changed the database').toEqual(before);
        } catch (e) {
          throw new Error(`${field.name} variables=${JSON.stringify(variables).slice(0, 400)} -> ${r.status} ${JSON.stringify(r.errors).slice(0, 300)}\n${(e as Error).message}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});

describe('regressions found by the generators', () => {
  it('a NUL byte in a path value is a 400, not a 500 (PostgreSQL 22021)', async () => {
    const r = await s.api('GET', '/api/receiving/po/a%00b', { token: admin });
    expect(r).toMatchObject({ status: 400, body: { error: 'Invalid value' } });
  });

  it('a variable of the wrong type is a GraphQL client error, not INTERNAL_SERVER_ERROR', async () => {
    const r = await s.gql('mutation($input: ReceivingReceiveInput!) { receivingReceive(input: $input) { message } }', { input: { poId: 'x', nope: 1 } }, admin);
    expect(r.errors?.[0]?.message).toMatch(/Variable "\$input" got invalid value/);
    expect(r.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });
});
