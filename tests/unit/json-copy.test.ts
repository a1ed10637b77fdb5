import { describe, expect, it } from 'vitest';
import { jsonCopy } from '../../rest-compat/legacy-json';

// The REST adapter copies GraphQL results with jsonCopy instead of a JSON text round trip: it must give what the
// round trip gives, for what GraphQL results hold and for the JSON corner cases.
const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('jsonCopy', () => {
  it('equals JSON.parse(JSON.stringify(value))', () => {
    const nullProto = Object.assign(Object.create(null), { b: 1, a: Object.assign(Object.create(null), { x: [1, 'two', null, true] }) });
    const values: unknown[] = [
      nullProto,
      { lookupItem: { item: { sku: 'A', weight: 0.5, upc: null }, locations: [{ binId: 1 }, { binId: 2 }] } },
      { at: new Date('2026-12-01T08:00:00.123Z'), list: [new Date(0)] },
      { gone: undefined, fn: () => 1, sym: Symbol('s'), kept: 0 },
      [undefined, () => 1, Symbol('s'), NaN, Infinity, -Infinity, -0, 1.5],
      { n: -0, nan: NaN, inf: Infinity },
      { custom: { toJSON: () => ({ nested: { toJSON: () => 'deep' } }) }, none: { toJSON: () => undefined } },
      { boxed: [new String('s'), new Number(2), new Boolean(false)] },
      { map: new Map([[1, 2]]), set: new Set([1]) },
      'text',
      42,
      null,
      true,
    ];
    for (const v of values) expect(jsonCopy(v)).toEqual(roundTrip(v));
    // -0 becomes 0 in both (toEqual does not tell them apart)
    expect(Object.is(jsonCopy(-0), 0)).toBe(true);
    expect(Object.getPrototypeOf(jsonCopy(nullProto))).toBe(Object.prototype);
  });

  it('throws on a BigInt, as JSON.stringify does', () => {
    expect(() => JSON.stringify({ n: 1n })).toThrow(TypeError);
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
  });
});
