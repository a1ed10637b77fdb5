// Every element of the public schema carries a description (issue #16): each named type, field, argument, input
// field and enum value. Built-in scalars and the introspection types are exempt.
//
// Modes (env SCHEMA_DOCS):
//   unset    ratchet: tests/graphql/undocumented.json lists the elements still undocumented; the test fails on an
//            undocumented element missing from the list, and on a listed element that is now documented (remove it),
//            so the list only shrinks.
//   strict   fails on any undocumented element, whatever the list says.
//   update   rewrites the list with the elements undocumented now (to shrink it after writing descriptions).
import { readFileSync, writeFileSync } from 'node:fs';
import {
  buildSchema as buildSchemaFromSdl,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema';

const LIST_FILE = new URL('./undocumented.json', import.meta.url);
const MODE = process.env.SCHEMA_DOCS ?? 'ratchet';

const documented = (description: string | null | undefined): boolean => (description ?? '').trim().length > 0;

/** Every element of the schema without a description: `Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE`. */
function undocumentedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const types = Object.values(schema.getTypeMap()) as GraphQLNamedType[];
  for (const type of types) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!documented(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!documented(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (!documented(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!documented(field.description)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!documented(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing.sort();
}

function readList(): string[] {
  try {
    return JSON.parse(readFileSync(LIST_FILE, 'utf8')) as string[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const missing = undocumentedElements(buildSchema());

describe('schema documentation', () => {
  it('the walk sees types, fields, arguments, input fields and enum values (a walk that reads nothing passes nothing)', () => {
    const bare = buildSchemaFixture();
    expect(undocumentedElements(bare)).toEqual([
      'Color', 'Color.RED', 'Filter', 'Filter.q', 'Odd', 'Query.thing', 'Query.thing(filter)', 'Query.thing(n)', 'Query.thing(o)', 'Thing.x',
    ]);
  });

  if (MODE === 'update') {
    it(`rewrites ${LIST_FILE.pathname} with the ${missing.length} elements undocumented now`, () => {
      writeFileSync(LIST_FILE, `${JSON.stringify(missing, null, 2)}\n`);
    });
  } else if (MODE === 'strict') {
    it('every type, field, argument, input field and enum value has a description', () => {
      expect(missing).toEqual([]);
    });
  } else {
    const listed = readList();
    it('the list of undocumented elements is sorted and has no duplicates', () => {
      expect(listed).toEqual([...new Set(listed)].sort());
    });
    it('no element outside tests/graphql/undocumented.json lacks a description', () => {
      const allowed = new Set(listed);
      expect(missing.filter((name) => !allowed.has(name)), 'write a description for each (the list takes no new entries)').toEqual([]);
    });
    it('every element in tests/graphql/undocumented.json is still undocumented and exists (remove the others: the list only shrinks)', () => {
      const now = new Set(missing);
      expect(listed.filter((name) => !now.has(name)), 'documented, renamed or removed: run SCHEMA_DOCS=update to shrink the list').toEqual([]);
    });
  }
});

/** A small schema with one undocumented element of each kind, and documented ones beside them. */
function buildSchemaFixture(): GraphQLSchema {
  return buildSchemaFromSdl(`
    """Documented.""" type Thing { x: Int, """Documented.""" y: String }
    enum Color { RED, """Documented.""" BLUE }
    input Filter { q: String, """Documented.""" r: Int }
    scalar Odd
    """Documented.""" type Query { thing(n: Int, filter: Filter, """Documented.""" c: Color, """ """ o: Odd): Thing }
  `);
}
