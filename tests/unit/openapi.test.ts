import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { buildOpenApiDocument, openApiPath, SERVER_ROUTES } from '../../rest-compat/openapi/document';
import { z } from 'zod';
import { legacyInput, type LegacyInput } from '../../rest-compat/legacy-input';
import { int, text, textMap } from '../../src/graphql/inputs';

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

  it('takes every request body from the route\'s legacy read of its core input (same fields, same required set)', () => {
    let withBody = 0;
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)][r.method.toLowerCase()];
      if (!r.input) continue;
      withBody++;
      const schema = (op.requestBody as any).content['application/json'].schema;
      // the core input's fields under their legacy keys; required: the fields the core requires
      const { keys, required } = legacyFields(r.input);
      expect(Object.keys(schema.properties), `${r.method} ${r.path}`).toEqual(keys);
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

describe('JSON Schema of a legacy body read', () => {
  it('documents the core schema\'s rules under the legacy keys, aliases and model names', () => {
    const input = legacyInput(
      z.object({
        poNumber: text({ min: 1, max: 50 }),
        itemSku: text({ max: 50 }).nullish(),
        settings: textMap({ min: 1, keyMax: 100 }),
        lines: z.array(z.object({ itemId: int({ gt: 0 }), quantityOrdered: int({ gt: 0, le: 100000 }), note: text().nullish() })).min(1),
        active: z.boolean().default(true),
        kind: z.enum(['A', 'B']),
      }),
      { keys: { itemSku: 'sku' }, aliases: { 'lines.quantityOrdered': ['quantity'] }, models: { lines: 'POLineEntry' } },
    );
    expect(input.jsonSchema()).toEqual({
      type: 'object',
      properties: {
        po_number: { type: 'string', minLength: 1, maxLength: 50 },
        sku: { anyOf: [{ type: 'string', maxLength: 50 }, { type: 'null' }] },
        settings: {
          type: 'object',
          propertyNames: { type: 'string', maxLength: 100 },
          additionalProperties: { type: 'string' },
          minProperties: 1,
        },
        lines: {
          type: 'array',
          minItems: 1,
          items: {
            title: 'POLineEntry',
            type: 'object',
            properties: {
              item_id: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
              quantity_ordered: { type: 'integer', exclusiveMinimum: 0, maximum: 100000, 'x-aliases': ['quantity'] },
              note: { type: ['string', 'null'] },
            },
            required: ['item_id', 'quantity_ordered'],
          },
        },
        active: { type: 'boolean', default: true },
        kind: { type: 'string', enum: ['A', 'B'] },
      },
      required: ['po_number', 'settings', 'lines', 'kind'],
    });
  });
});
