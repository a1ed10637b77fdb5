// Times on both faces: the strict DateTime/Date scalars of GraphQL, and the adapter's explicit mapping of every
// DateTime/Date an operation answers onto the legacy text (rest-compat/legacy-dates.ts).
import { buildSchema as buildSdl, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema';
import { DateScalar, DateTimeScalar, parseDate, parseInstant } from '../../src/graphql/scalars';
import { inputProblems } from '../../src/graphql/inputs';
import { SalesOrderChanges } from '../../src/admin/orders/orders.inputs';
import { legacyAuditBounds, legacyBodyDay, legacyTimestamp, timePlan, toLegacyTimes, type LegacyCasts } from '../../rest-compat/legacy-dates';
import { loadOperations } from '../../rest-compat/operations';

describe('DateTime and Date scalars', () => {
  it('reads an instant only as ISO-8601 with Z or an offset, and answers it in UTC with Z', () => {
    const ok: [string, string][] = [
      ['2026-04-14T12:00:00Z', '2026-04-14T12:00:00.000Z'],
      ['2026-04-14T12:00:00.123Z', '2026-04-14T12:00:00.123Z'],
      ['2026-04-14T12:00:00.123456Z', '2026-04-14T12:00:00.123Z'],
      ['2026-04-14T14:30:00+02:30', '2026-04-14T12:00:00.000Z'],
      ['2026-04-14t12:00:00z', '2026-04-14T12:00:00.000Z'],
      ['2024-02-29T00:00:00-00:00', '2024-02-29T00:00:00.000Z'],
      ['+010000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z'],
    ];
    for (const [text, iso] of ok) expect(DateTimeScalar.serialize(DateTimeScalar.parseValue(text)), text).toBe(iso);
    const refused = [
      '2026-04-14', '2026-04-14T12:00:00', '2026-04-14 12:00:00Z', '2026-04-14T12:00Z', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z',
      '2026-04-14T24:00:00Z', '2026-04-14T12:60:00Z', '2026-04-14T12:00:00+24:00', '0000-01-01T00:00:00Z', 'yesterday', '', '1776168000000',
    ];
    for (const text of refused) expect(parseInstant(text), text).toBeNull();
    for (const value of ['yesterday', 1776168000000, null, {}]) {
      expect(() => DateTimeScalar.parseValue(value), String(value)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    }
  });

  it('reads a day only as YYYY-MM-DD of a real date, and answers a date column as that day', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    for (const text of ['2026-02-29', '2026-13-01', '2026-4-1', '2026-04-14T00:00:00Z', ' 2026-04-14', '0000-01-01', '']) expect(parseDate(text), text).toBeNull();
    expect(() => DateScalar.parseValue('soon')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    expect(DateScalar.serialize(new Date(Date.UTC(2026, 11, 24)))).toBe('2026-12-24');
    expect(DateScalar.serialize('2026-12-24')).toBe('2026-12-24');
  });

  it('answers a Date or a parsable text as an instant, and refuses to invent one', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 3, 14, 12)))).toBe('2026-04-14T12:00:00.000Z');
    expect(DateTimeScalar.serialize('2026-04-14T12:00:00.150000+00:00')).toBe('2026-04-14T12:00:00.150Z');
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow(TypeError);
    expect(() => DateTimeScalar.serialize('nope')).toThrow(TypeError);
  });
});

describe('legacy forms of GraphQL times (REST)', () => {
  it('maps a DateTime onto the legacy isoformat: +00:00, microseconds only when non-zero', () => {
    expect(legacyTimestamp(new Date('2026-04-14T12:00:00.000Z'))).toBe('2026-04-14T12:00:00+00:00');
    expect(legacyTimestamp(new Date('2026-04-14T12:00:51.150Z'))).toBe('2026-04-14T12:00:51.150000+00:00');
    expect(legacyTimestamp(new Date('2026-03-10T23:59:59.999Z'))).toBe('2026-03-10T23:59:59.999000+00:00');
    expect(legacyTimestamp(new Date('2026-01-02T03:04:05.007Z'))).toBe('2026-01-02T03:04:05.007000+00:00');
  });

  const schema = buildSdl(`
    scalar DateTime
    scalar Date
    scalar JSON
    interface Event { at: DateTime! }
    type Shipped implements Event { at: DateTime! carrier: String }
    type Noted implements Event { at: DateTime! note: String }
    type Order { id: Int! createdAt: DateTime shipBy: Date label: String details: JSON history: [Event!]! stamps: [DateTime] }
    union Hit = Order | Shipped
    type Query { order: Order orders: [Order!]! hits: [Hit!]! now: DateTime! }
  `);

  it('finds every DateTime/Date the operation selects, through aliases, fragments, lists and abstract types', () => {
    const doc = parse(`
      query Q {
        order { created_at: createdAt ...O }
        rows: orders { id label history { at ... on Shipped { carrier } } }
        hits { __typename ... on Order { ship_by: shipBy } ... on Shipped { shipped_at: at } }
        now
      }
      fragment O on Order { ship_by: shipBy stamps details label }
    `);
    expect(timePlan(schema, doc)).toEqual({
      order: { created_at: 'DateTime', ship_by: 'Date', stamps: 'DateTime' },
      rows: { history: { at: 'DateTime' } },
      hits: { ship_by: 'Date', shipped_at: 'DateTime' },
      now: 'DateTime',
    });
  });

  it('re-renders exactly those leaves: JSON data and look-alike strings stay as they are', () => {
    const doc = parse(`{
      order { created_at: createdAt ship_by: shipBy label details stamps history { at } }
      orders { createdAt }
      hits { ... on Shipped { at carrier } }
      now
    }`);
    const data = {
      order: {
        created_at: '2026-04-14T12:00:51.150Z',
        ship_by: '2026-12-24',
        label: '2026-04-14T12:00:00.000Z',
        details: { at: '2026-04-14T12:00:00.000Z' },
        stamps: ['2026-04-14T12:00:00.000Z', null],
        history: [{ at: '2026-04-14T12:00:00.001Z' }],
      },
      orders: [{ createdAt: null }, { createdAt: '2026-04-14T00:00:00.000Z' }],
      hits: [{}, { at: '2026-04-14T12:00:00.000Z', carrier: 'UPS' }],
      now: '2026-04-14T12:00:00.000Z',
    };
    expect(toLegacyTimes(data, timePlan(schema, doc))).toEqual({
      order: {
        created_at: '2026-04-14T12:00:51.150000+00:00',
        ship_by: '2026-12-24',
        label: '2026-04-14T12:00:00.000Z',
        details: { at: '2026-04-14T12:00:00.000Z' },
        stamps: ['2026-04-14T12:00:00+00:00', null],
        history: [{ at: '2026-04-14T12:00:00.001000+00:00' }],
      },
      orders: [{ createdAt: null }, { createdAt: '2026-04-14T00:00:00+00:00' }],
      hits: [{}, { at: '2026-04-14T12:00:00+00:00', carrier: 'UPS' }],
      now: '2026-04-14T12:00:00+00:00',
    });
  });

  it('covers the REST operations: order headers carry a DateTime and a Date, audit entries their DateTime', () => {
    const real = buildSchema();
    const { ops } = loadOperations(real);
    const plan = (name: string) => timePlan(real, parse(ops.get(name)!.source));
    expect(plan('AdminPurchaseOrder')).toEqual({ purchaseOrder: { created_at: 'DateTime', expected_date: 'Date' } });
    expect(plan('AdminSalesOrder').salesOrder).toMatchObject({ created_at: 'DateTime', order_date: 'DateTime', ship_by_date: 'Date' });
    expect(plan('AdminAuditLog')).toEqual({ auditLog: { edges: { node: { created_at: 'DateTime' } } } });
    // an operation without times has an empty plan and its data passes untouched
    const timeless = [...ops.keys()].filter((name) => Object.keys(plan(name)).length === 0);
    expect(timeless.length).toBeGreaterThan(0);
    expect(timeless).not.toContain('AdminUsers');
  });
});

describe('legacy order body dates (REST)', () => {
  it('absent stays absent, null or blank clears, a date (a time part ignored) becomes YYYY-MM-DD', () => {
    expect(legacyBodyDay({ notes: 'n' }, 'expectedDate')).toEqual({ notes: 'n' });
    expect(legacyBodyDay({ expectedDate: null }, 'expectedDate')).toEqual({ expectedDate: null });
    expect(legacyBodyDay({ expectedDate: '  ' }, 'expectedDate')).toEqual({ expectedDate: null });
    expect(legacyBodyDay({ expectedDate: ' 2026-12-01 ' }, 'expectedDate')).toEqual({ expectedDate: '2026-12-01' });
    expect(legacyBodyDay({ shipByDate: '2026-12-24T18:00:00Z' }, 'shipByDate')).toEqual({ shipByDate: '2026-12-24' });
  });

  it('anything else stays as sent, and the core refuses it as a problem of that field', () => {
    for (const value of ['soon', '2026-02-30', '12/24/2026']) {
      const input = legacyBodyDay({ shipByDate: value }, 'shipByDate');
      expect(input, value).toEqual({ shipByDate: value });
      // beside a field that failed its type the legacy never checked the day
      expect(legacyBodyDay({ shipByDate: value, priority: 1 }, 'shipByDate', true), value).toEqual({ priority: 1 });
      expect(inputProblems(SalesOrderChanges, input), value).toEqual([
        { field: ['input', 'shipByDate'], message: 'shipByDate must be a valid date (YYYY-MM-DD)', issue: { kind: 'RULE' } },
      ]);
    }
  });
});

describe('legacy audit-log bounds (REST)', () => {
  // PostgreSQL's casts stood in for by a table of what it answers (the REST tests run the real ones)
  const instants: Record<string, string> = { '2026-03-10': '2026-03-10T00:00:00Z', '2026-03-10 12:00:00': '2026-03-10T12:00:00Z', yesterday: '2026-03-09T00:00:00Z' };
  const casts: LegacyCasts = {
    timestamptz: async (text) => (instants[text] ? new Date(instants[text]) : null),
    date: async (text) => (text === '2026-03-10' ? text : null),
  };

  it('start_date is an instant (createdFrom); end_date a whole day when a date alone (endDate), else an inclusive instant (createdUntil)', async () => {
    expect(await legacyAuditBounds(casts, null, null)).toEqual({});
    expect(await legacyAuditBounds(casts, '2026-03-10', ' 2026-03-10 ')).toEqual({ createdFrom: '2026-03-10T00:00:00.000Z', endDate: '2026-03-10' });
    expect(await legacyAuditBounds(casts, 'yesterday', '2026-03-10 12:00:00')).toEqual({ createdFrom: '2026-03-09T00:00:00.000Z', createdUntil: '2026-03-10T12:00:00.000Z' });
  });

  it('text PostgreSQL refuses is the legacy 400 naming the parameter, start_date first', async () => {
    await expect(legacyAuditBounds(casts, 'soon', 'later')).rejects.toMatchObject({ status: 400, message: 'Invalid start_date: soon' });
    await expect(legacyAuditBounds(casts, null, '2026-02-30')).rejects.toMatchObject({ status: 400, message: 'Invalid end_date: 2026-02-30' });
    await expect(legacyAuditBounds(casts, null, 'later')).rejects.toMatchObject({ status: 400, message: 'Invalid end_date: later' });
  });
});
