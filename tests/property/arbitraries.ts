import fc from 'fast-check';
import type { JsonSchema } from '../../rest-compat/pydantic';
import type { PoolName, Pools, Scope } from './world';

/**
 * Generators for the property tests. Every random choice comes from fast-check (a failing seed replays the same
 * requests on a fresh database). Ids are symbolic references (pool, scope, index) resolved against the rows that
 * exist when the request is sent, so they hit real rows of the caller's warehouse (A) and of another one (B).
 */
export interface Ref {
  $ref: PoolName[];
  scope: Scope;
  i: number;
}
const ref = (pools: PoolName[]): fc.Arbitrary<Ref> =>
  fc.record({ $ref: fc.constant(pools), scope: fc.oneof({ weight: 3, arbitrary: fc.constant<Scope>('A') }, { weight: 1, arbitrary: fc.constant<Scope>('B') }), i: fc.nat(1000) });

const isRef = (v: unknown): v is Ref => typeof v === 'object' && v !== null && '$ref' in v;

/** Replaces every reference by a row of the current pools (an id no row has when the pool is empty). */
export function resolve(v: unknown, pools: Pools): unknown {
  if (isRef(v)) {
    const candidates = v.$ref.flatMap((p) => pools[v.scope][p] ?? []);
    if (candidates.length === 0) return v.$ref.some((p) => /Barcode|sku|Code|Number|Key/.test(p)) ? 'NO-SUCH-ROW' : 987654;
    return candidates[v.i % candidates.length];
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, pools));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, pools)]));
  return v;
}

/** Which rows a field of that name refers to (snake_case or camelCase). */
export function poolsFor(field: string): PoolName[] | undefined {
  const f = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, '');
  const table: Record<string, PoolName[]> = {
    po_id: ['po'], so_id: ['so'], so_ids: ['so'], so_identifiers: ['soBarcode', 'soNumber'], so_barcode: ['soBarcode'],
    batch_id: ['batch'], pick_task_id: ['task'], count_id: ['count'], count_line_id: ['countLine'], adjustment_id: ['adjustment'],
    receipt_ids: ['receipt'], item_id: ['item'], bin_id: ['bin'], from_bin_id: ['bin'], to_bin_id: ['bin'], default_bin_id: ['bin'],
    source_bin_id: ['bin'], destination_bin_id: ['bin'], bin_ids: ['bin'], zone_id: ['zone'], warehouse_id: ['warehouse'],
    from_warehouse_id: ['warehouse'], to_warehouse_id: ['warehouse'], warehouse_ids: ['warehouse'], scanned_barcode: ['itemBarcode', 'sku'],
    sku: ['sku'], barcode: ['binBarcode', 'itemBarcode', 'soBarcode', 'poBarcode'], user_id: ['user'], preferred_bin_id: ['preferred'],
    key: ['settingKey'],
  };
  return table[f];
}

const QUANTITY = /quantity|qty|priority|counted/;
const FUNCTIONS = ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer'];

/** A valid value of a JSON Schema (the routes' body schemas), ids drawn from the pools. */
export function validFor(schema: JsonSchema, field = ''): fc.Arbitrary<unknown> {
  const s = schema as Record<string, any>;
  if (s.anyOf) {
    const branches = (s.anyOf as JsonSchema[]).filter((b) => (b as any).type !== 'null');
    const nullable = branches.length < s.anyOf.length;
    const some = fc.oneof(...branches.map((b) => validFor(b, field)));
    return nullable ? fc.oneof({ weight: 4, arbitrary: some }, { weight: 1, arbitrary: fc.constant(null) }) : some;
  }
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  const pools = poolsFor(field);
  switch (s.type) {
    case 'object': {
      if (s.properties) {
        const props = s.properties as Record<string, JsonSchema>;
        const required: string[] = s.required ?? [];
        const rec = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validFor(v, k)]));
        return fc.record(rec, { requiredKeys: required as never[] });
      }
      const key = field === 'settings' ? fc.oneof(ref(['settingKey']), fc.stringMatching(/^[a-z_]{1,20}$/)) : fc.stringMatching(/^[a-z_]{1,20}$/);
      return fc.array(fc.tuple(key, fc.stringMatching(/^[a-z0-9]{0,12}$/)), { minLength: s.minProperties ?? 0, maxLength: 3 }).map((kv) => ({ $entries: kv }));
    }
    case 'array': {
      const item = pools ? ref(pools) : field === 'allowed_functions' ? fc.constantFrom(...FUNCTIONS) : validFor(s.items ?? {}, field);
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: 3 });
    }
    case 'integer': {
      if (pools) return ref(pools);
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const hi = Math.min(s.maximum ?? 1e6, QUANTITY.test(field) ? Math.max(lo, 8) : lo + 100);
      return fc.integer({ min: lo, max: hi });
    }
    case 'number':
      return fc.integer({ min: 0, max: 50 }).map((n) => n / 4);
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (pools) return ref(pools);
      const max = Math.min(s.maxLength ?? 30, 30);
      const min = Math.max(s.minLength ?? 0, 1);
      if (field === 'password' || field === 'new_password') return fc.stringMatching(/^[a-z]{4,8}[0-9]{2}$/).map((p) => `P${p}`);
      if (field === 'username') return fc.stringMatching(/^[a-z]{3,10}$/).map((u) => `prop-${u}`);
      if (/date/.test(field)) return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      return fc.stringMatching(/^[A-Z][A-Z0-9-]{0,11}$/).map((x) => x.slice(0, max).padEnd(min, 'X'));
    }
    default:
      return fc.constant(null);
  }
}

/** Objects generated for `additionalProperties` maps carry their entries symbolically; this builds them. */
export function materialize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(materialize);
  if (v && typeof v === 'object') {
    if ('$entries' in v) return Object.fromEntries((v as { $entries: [unknown, unknown][] }).$entries.map(([k, x]) => [String(k), materialize(x)]));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialize(x)]));
  }
  return v;
}

export const hugeNumbers = fc.constantFrom(0, -1, -2147483649, 2147483647, 2147483648, 2 ** 53, -(2 ** 53), 1e308, -1e308, 1.5, 0.000001, 5e-324);
export const nastyStrings = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', "' OR 1=1 --", '"; DROP TABLE users; --', '../../etc/passwd', '<script>alert(1)</script>', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚚📦', '\uFEFF\u202E', 'NaN', '1e400', '-0', '0x10', '١٢٣'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.nat({ max: 3 }).map((n) => ['x', 'é', '🚚', '\u0301'][n].repeat(5000 + n * 3000)),
);
export const leaf = fc.oneof(hugeNumbers, fc.integer(), nastyStrings, fc.boolean(), fc.constant(null));

/**
 * One change that makes a valid body (almost) invalid: a field removed, of the wrong type, at or past a bound,
 * or an unknown field added. `pick` chooses the field among all of the body's paths.
 */
export const mutation = fc.record({
  kind: fc.constantFrom('drop', 'wrongType', 'zero', 'negative', 'tooBig', 'empty', 'unknown', 'hostile'),
  pick: fc.nat(1000),
  value: leaf,
});
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(body: unknown, m: Mutation): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  if (!copy || typeof copy !== 'object') return m.value;
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (p.length) paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(copy, []);
  if (m.kind === 'unknown' || paths.length === 0) return { ...copy, unexpected_field: m.value };
  const path = paths[m.pick % paths.length];
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], copy);
  const key = path[path.length - 1];
  const old = parent[key];
  const replacement: Record<string, unknown> = {
    wrongType: typeof old === 'number' ? String(old) + 'x' : typeof old === 'string' ? 12 : 'x',
    zero: 0,
    negative: -1,
    tooBig: typeof old === 'string' ? 'Z'.repeat(1001) : 2147483648,
    empty: typeof old === 'string' ? '' : Array.isArray(old) ? [] : {},
    hostile: m.value,
  };
  if (m.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = replacement[m.kind];
  return copy;
}
