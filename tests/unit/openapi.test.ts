import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { buildOpenApiDocument, openApiPath, SERVER_ROUTES } from '../../rest-compat/openapi/document';
import { LegacyInput } from '../../rest-compat/legacy-input';
import { describeBody, describeField, int, list, model, optional, str, enumStr, alias, bool, decimal, strMap, body } from '../../rest-compat/pydantic';

const doc = buildOpenApiDocument();

const documented = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

describe('OpenAPI document of the REST layer', () => {
  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc) as any);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists exactly the routes the adapter serves (rest-compat/routes.ts), plus the legacy health probe', () => {
    const served = routes.map((r) => `${r.method} ${openApiPath(r.path)}`);
    const extra = SERVER_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented().sort()).toEqual([...served, ...extra].sort());
    expect(served.length).toBeGreaterThan(10);
  });

  it('converts :name and :name# path segments into string and integer path parameters', () => {
    expect(openApiPath('/api/putaway/pending/:warehouse_id#')).toBe('/api/putaway/pending/{warehouse_id}');
    expect(openApiPath('/api/lookup/item/:barcode')).toBe('/api/lookup/item/{barcode}');
    const pending = doc.paths['/api/putaway/pending/{warehouse_id}'].get;
    expect(pending.parameters).toContainEqual({ name: 'warehouse_id', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } });
    const item = doc.paths['/api/lookup/item/{barcode}'].get;
    expect(item.parameters).toContainEqual({ name: 'barcode', in: 'path', required: true, schema: { type: 'string' } });
    // every templated path declares each of its parameters
    for (const [path, ops] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(ops)) {
        const declared = ((op.parameters ?? []) as any[]).filter((p) => p.in === 'path').map((p) => p.name).sort();
        expect(declared, `${path}`).toEqual(names);
      }
    }
  });

  it('documents the query parameters a route reads', () => {
    const search = doc.paths['/api/lookup/item/search'].get;
    expect(search.parameters).toContainEqual({ name: 'q', in: 'query', required: false, schema: { type: 'string' } });
  });

  it('takes every request body from the route\'s zod input (same fields, same required set)', () => {
    let withBody = 0;
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)][r.method.toLowerCase()];
      if (!r.input) continue;
      withBody++;
      const schema = (op.requestBody as any).content['application/json'].schema;
      if (r.input instanceof LegacyInput) {
        // the core input's fields under their legacy keys; required: the fields the core requires
        const { keys, required } = legacyFields(r.input);
        expect(Object.keys(schema.properties), `${r.method} ${r.path}`).toEqual(keys);
        expect(schema.required ?? [], `${r.method} ${r.path}`).toEqual(required);
        continue;
      }
      const shape = (r.input as any).pydanticShape as Record<string, { absent: { kind: string } }>;
      expect(Object.keys(schema.properties), `${r.method} ${r.path}`).toEqual(Object.keys(shape));
      const required = Object.entries(shape).filter(([, f]) => f.absent.kind === 'missing').map(([k]) => k);
      expect(schema.required ?? [], `${r.method} ${r.path}`).toEqual(required);
    }
    expect(withBody).toBeGreaterThan(3);
    const login = doc.paths['/api/auth/login'].post;
    expect((login.requestBody as any).content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 150 },
        password: { type: 'string', minLength: 1, maxLength: 256 },
      },
      required: ['username', 'password'],
    });
  });

  it('marks auth/login and health public, every other route bearer-only, with the standard errors', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)][r.method.toLowerCase()];
      if (r.auth === 'public') {
        expect(op.security).toEqual([]);
        expect(op.responses['401']).toBeUndefined();
      } else {
        expect(op.security).toBeUndefined(); // the document-wide bearer requirement
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
        expect(op.responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
      }
      expect(op.responses[String(r.status ?? 200)]).toBeDefined();
      expect(op.responses['400']).toEqual({ $ref: `#/components/responses/${r.input ? 'BadRequestOrValidation' : 'BadRequest'}` });
      expect(op['x-graphql-operation']).toBe(r.operation);
    }
    expect((doc.components.schemas as any).Error).toMatchObject({ required: ['error'], properties: { error: { type: 'string' } } });
    expect((doc.components.schemas as any).ValidationError.properties.error).toEqual({ type: 'string', const: 'validation_error' });
  });

  it('documents the Idempotency-Key header on writes, not on token-issuing paths', () => {
    const ref = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(doc.paths['/api/auth/change-password'].post.parameters).toContainEqual(ref);
    expect(doc.paths['/api/auth/login'].post.parameters ?? []).not.toContainEqual(ref);
    expect(doc.paths['/api/auth/me'].get.parameters ?? []).not.toContainEqual(ref);
    expect((doc.components.parameters as any).IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false });
  });

  it('has unique operation ids', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.length).toBe(new Set(ids).size);
  });
});

/** The legacy keys of a core input's top-level fields and those its schema requires (absent: `missing`). */
function legacyFields(input: LegacyInput): { keys: string[]; required: string[] } {
  const keys: string[] = [];
  const required: string[] = [];
  for (const [name, field] of Object.entries((input.schema as any).shape as Record<string, any>)) {
    const key = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    keys.push(key);
    if (!field.safeParse(undefined).success) required.push(key);
  }
  return { keys, required };
}

describe('JSON Schema metadata of the pydantic builders', () => {
  it('describes each builder', () => {
    expect(describeField(int({ gt: 0, le: 100000 }))).toEqual({ type: 'integer', exclusiveMinimum: 0, maximum: 100000 });
    expect(describeField(int())).toEqual({ type: 'integer', minimum: -2147483648, maximum: 2147483647 });
    expect(describeField(int({ ge: 1, int32: false }))).toEqual({ type: 'integer', minimum: 1 });
    expect(describeField(str({ max: 50 }))).toEqual({ type: 'string', maxLength: 50 });
    expect(describeField(bool())).toEqual({ type: 'boolean' });
    expect(describeField(enumStr(['A', 'B'], 'bad'))).toEqual({ type: 'string', enum: ['A', 'B'] });
    expect(describeField(decimal({ ge: 0 }))).toEqual({
      anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', description: 'a decimal number' }],
    });
    expect(describeField(strMap({ min: 1 }))).toEqual({ type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 });
    expect(describeField(optional(list(int({ gt: 0 })), []))).toEqual({
      anyOf: [{ type: 'array', items: { type: 'integer', exclusiveMinimum: 0, maximum: 2147483647 } }, { type: 'null' }],
      default: [],
    });
    expect(describeField(alias(str(), 'sku'))).toEqual({ type: 'string', 'x-aliases': ['sku'] });
    expect(describeField(list(model('Line', { id: int({ gt: 0 }), note: optional(str()) }), { min: 1 }))).toEqual({
      type: 'array',
      minItems: 1,
      items: {
        title: 'Line',
        type: 'object',
        properties: {
          id: { type: 'integer', exclusiveMinimum: 0, maximum: 2147483647 },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        },
        required: ['id'],
      },
    });
    expect(describeBody(body({ a: optional(str()) }))).toEqual({ type: 'object', properties: { a: { anyOf: [{ type: 'string' }, { type: 'null' }] } } });
    expect(describeBody({})).toBeUndefined();
  });
});
