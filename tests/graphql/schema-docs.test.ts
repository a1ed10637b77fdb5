// Every element of the public schema carries a description (issue #16): each named type, field, argument, input
// field and enum value. Built-in scalars and the introspection types are exempt.
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

const missing = undocumentedElements(buildSchema());

describe('schema documentation', () => {
  it('the walk sees types, fields, arguments, input fields and enum values (a walk that reads nothing passes nothing)', () => {
    const bare = buildSchemaFixture();
    expect(undocumentedElements(bare)).toEqual([
      'Color', 'Color.RED', 'Filter', 'Filter.q', 'Odd', 'Query.thing', 'Query.thing(filter)', 'Query.thing(n)', 'Query.thing(o)', 'Thing.x',
    ]);
  });

  it('every type, field, argument, input field and enum value has a description', () => {
    expect(missing).toEqual([]);
  });
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
