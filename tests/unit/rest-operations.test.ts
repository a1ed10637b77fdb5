import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema';
import { loadOperations } from '../../rest-compat/operations';
import { routes } from '../../rest-compat/routes';

describe('rest-compat operations', () => {
  const { ops, invalid } = loadOperations(buildSchema());

  it('every operation document validates against the schema', () => {
    expect(Object.fromEntries(invalid)).toEqual({});
  });

  it('every route names an existing operation', () => {
    expect(routes.filter((r) => !ops.has(r.operation) && !invalid.has(r.operation)).map((r) => `${r.method} ${r.path} -> ${r.operation}`)).toEqual([]);
  });
});
