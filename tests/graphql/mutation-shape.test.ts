// Every mutation has the shape dashboard clients expect (issue #16, "Mutations"): one required `input` argument of
// an input object type, and a `<Name>Payload` answer with `userErrors: [UserError!]!` beside its result.
import { getNamedType, isInputObjectType, isNonNullType, isObjectType, type GraphQLField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema';

/** Mutations that take nothing: what they act on is the caller's own session. */
const WITHOUT_INPUT = new Set(['refreshToken']);

const schema = buildSchema();
const mutations = Object.values(schema.getMutationType()!.getFields()) as GraphQLField<any, any>[];
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

describe('mutation shape', () => {
  it('the walk sees the mutations', () => {
    expect(mutations.length).toBeGreaterThan(50);
  });

  it('every mutation takes one required `input` argument of an input object type', () => {
    const off = mutations
      .filter((m) => !WITHOUT_INPUT.has(m.name))
      .filter((m) => !(m.args.length === 1 && m.args[0].name === 'input' && isNonNullType(m.args[0].type) && isInputObjectType(getNamedType(m.args[0].type))))
      .map((m) => `${m.name}(${m.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')})`);
    expect(off).toEqual([]);
    for (const name of WITHOUT_INPUT) expect(schema.getMutationType()!.getFields()[name].args).toEqual([]);
  });

  it('every mutation answers `<Name>Payload!` with `userErrors: [UserError!]!` and one nullable result', () => {
    const off: string[] = [];
    for (const m of mutations) {
      const payload = getNamedType(m.type);
      if (String(m.type) !== `${pascal(m.name)}Payload!` || !isObjectType(payload)) {
        off.push(`${m.name}: ${String(m.type)}`);
        continue;
      }
      const fields = payload.getFields();
      if (String(fields.userErrors?.type) !== '[UserError!]!') off.push(`${m.name}: userErrors ${String(fields.userErrors?.type)}`);
      const results = Object.values(fields).filter((f) => f.name !== 'userErrors');
      if (results.length !== 1 || isNonNullType(results[0].type)) off.push(`${m.name}: result fields ${results.map((f) => `${f.name}: ${String(f.type)}`).join(', ')}`);
    }
    expect(off).toEqual([]);
  });
});
