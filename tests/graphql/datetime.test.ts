// One time format on the GraphQL face (issue #16): every timestamp a dashboard reads is a DateTime in ISO-8601 UTC
// with Z, every calendar day a Date (YYYY-MM-DD); inputs are read strictly and refused as BAD_USER_INPUT. The same
// rows over REST keep the legacy text (rest-compat/legacy-dates.ts).
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema';
import { seedIds } from '../helpers/admin-orders';
import { startTestServer, type TestServer } from '../helpers/server';

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME_NAME = /(At|Date|Time|Timestamp|Until|Since)$|^(date|time|timestamp|since|until)$/;

const schema: GraphQLSchema = buildSchema();

describe('schema: no timestamp or date as a String (or any other type)', () => {
  it('every field, input field and argument named like a time is a DateTime or a Date', () => {
    const offenders: string[] = [];
    const timeTyped: string[] = [];
    const check = (where: string, name: string, type: GraphQLType) => {
      const named = getNamedType(type).name;
      if (named === 'DateTime' || named === 'Date') timeTyped.push(where);
      else if (TIME_NAME.test(name)) offenders.push(`${where}: ${named}`);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const f of Object.values(type.getFields())) {
          check(`${type.name}.${f.name}`, f.name, f.type);
          for (const a of f.args) check(`${type.name}.${f.name}(${a.name})`, a.name, a.type);
        }
      } else if (isInputObjectType(type)) {
        for (const f of Object.values(type.getFields())) check(`${type.name}.${f.name}`, f.name, f.type);
      }
    }
    expect(offenders).toEqual([]);
    expect(timeTyped).toEqual(expect.arrayContaining([
      'SalesOrder.orderDate', 'SalesOrder.shipByDate', 'PurchaseOrder.expectedDate', 'AuditLogFilter.startDate', 'AuditLogFilter.createdUntil',
      'PurchaseOrderCreateInput.expectedDate', 'SalesOrderUpdateInput.shipByDate', 'ApiTokenCreateInput.expiresAt', 'User.lastLogin',
    ]));
  });
});

/**
 * Every DateTime and Date leaf of an answer, found through the query's types (TypeInfo), with its response path.
 * The queries here use no fragment spreads, so the document alone gives every path.
 */
function timeLeaves(query: string, data: unknown): { path: string; type: string; value: unknown }[] {
  const typeInfo = new TypeInfo(schema);
  const paths: { keys: string[]; type: string }[] = [];
  const stack: string[] = [];
  visit(parse(query), visitWithTypeInfo(typeInfo, {
    Field: {
      enter(node) {
        const key = node.alias?.value ?? node.name.value;
        const type = getNamedType(typeInfo.getType());
        if (type && (type.name === 'DateTime' || type.name === 'Date')) paths.push({ keys: [...stack, key], type: type.name });
        if (node.selectionSet) stack.push(key);
      },
      leave(node) {
        if (node.selectionSet) stack.pop();
      },
    },
    OperationDefinition(node) {
      expect(node.selectionSet.selections.every((s) => s.kind !== Kind.FRAGMENT_SPREAD)).toBe(true);
    },
  }));
  const out: { path: string; type: string; value: unknown }[] = [];
  const walk = (value: unknown, keys: string[], at: string, type: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, keys, `${at}[${i}]`, type));
    if (keys.length === 0) return void out.push({ path: at, type, value });
    if (value === null || value === undefined) return;
    walk((value as Record<string, unknown>)[keys[0]], keys.slice(1), at ? `${at}.${keys[0]}` : keys[0], type);
  };
  for (const p of paths) walk(data, p.keys, '', p.type);
  return out;
}

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seedIds>>;
let poId: number;
let soId: number;
let warehouseId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seedIds(s.app);
  const db = s.app.prisma;
  warehouseId = ids.warehouseId;
  // times with milliseconds, so the answer shows them
  await db.warehouse.update({ where: { warehouseId }, data: { createdAt: new Date('2026-04-14T12:00:51.150Z') } });
  const po = await db.purchaseOrder.create({
    data: { poNumber: 'PO-TIME', warehouseId, status: 'OPEN', expectedDate: new Date('2026-12-01T00:00:00Z'), createdAt: new Date('2026-04-14T12:00:00.000Z') },
  });
  poId = po.poId;
  const so = await db.salesOrder.create({ data: { soNumber: 'SO-TIME', warehouseId, status: 'OPEN', customerName: 'C', orderDate: new Date('2026-04-13T23:30:00.005Z') } });
  soId = so.soId;
  await db.pickBatch.create({
    data: { batchNumber: 'BATCH-TIME', warehouseId, status: 'COMPLETED', totalOrders: 1, createdAt: new Date('2026-04-14T08:00:00Z'), completedAt: new Date('2026-04-14T08:45:10.999Z') },
  });
  await db.$executeRaw`
    INSERT INTO audit_log (action_type, entity_type, user_id, details, created_at) VALUES ('RECEIVE', 'PO', 'admin', '{}'::jsonb, '2026-04-14T09:00:00.250Z'::timestamptz)`;
  await db.apiToken.create({
    data: { name: 'board', tokenHash: 'x'.repeat(64), tokenPrefix: 'wms_t', warehouseIds: [warehouseId], createdBy: 'admin', expiresAt: new Date('2027-01-31T00:00:00Z') },
  });
});

afterAll(async () => {
  await s?.close();
});

const DASHBOARD = `query Times($po: Int!, $so: Int!) {
  users(first: 5) { edges { node { username createdAt lastLogin } } }
  warehouses(first: 5) { edges { node { warehouseId createdAt } } }
  settings { key updatedAt }
  items(first: 3) { edges { node { sku createdAt updatedAt } } }
  purchaseOrder(poId: $po) { createdAt expectedDate receivedAt }
  salesOrder(soId: $so) { createdAt orderDate shipByDate shippedAt }
  auditLog(first: 5) { edges { node { createdAt } } }
  apiTokens { createdAt expiresAt revokedAt }
  pickBatches(first: 5) { edges { node { batchNumber createdAt startedAt completedAt } } }
  dashboard { recentActivity { createdAt } }
}`;

describe('DateTime and Date answers', () => {
  it('every DateTime of a dashboard query is ISO-8601 UTC with Z and milliseconds, every Date YYYY-MM-DD', async () => {
    const r = await s.gql(DASHBOARD, { po: poId, so: soId }, admin);
    expect(r.errors).toBeUndefined();
    const leaves = timeLeaves(DASHBOARD, r.data);
    const present = leaves.filter((l) => l.value !== null);
    for (const { path, type, value } of present) {
      if (type === 'DateTime') {
        expect(value, path).toMatch(ISO_Z);
        expect(new Date(value as string).toISOString(), path).toBe(value);
      } else {
        expect(value, path).toMatch(DAY);
        expect(new Date(`${value as string}T00:00:00Z`).toISOString().slice(0, 10), path).toBe(value);
      }
    }
    // the check saw the times it is about (a query that answered nothing would prove nothing)
    const seen = new Set(present.map((l) => l.path.replace(/\[\d+\]/g, '[]')));
    for (const path of [
      'users.edges[].node.createdAt', 'users.edges[].node.lastLogin', 'warehouses.edges[].node.createdAt', 'items.edges[].node.createdAt',
      'purchaseOrder.createdAt', 'purchaseOrder.expectedDate', 'salesOrder.orderDate', 'apiTokens[].expiresAt', 'auditLog.edges[].node.createdAt',
      'pickBatches.edges[].node.completedAt',
    ]) expect(seen, path).toContain(path);
    expect(present.length).toBeGreaterThan(12);
    // the exact values of the rows written above
    expect(r.data.warehouses.edges.find((e: any) => e.node.warehouseId === warehouseId).node.createdAt).toBe('2026-04-14T12:00:51.150Z');
    expect(r.data.purchaseOrder).toEqual({ createdAt: '2026-04-14T12:00:00.000Z', expectedDate: '2026-12-01', receivedAt: null });
    expect(r.data.salesOrder).toMatchObject({ orderDate: '2026-04-13T23:30:00.005Z', shipByDate: null, shippedAt: null });
    expect(r.data.pickBatches.edges.find((e: any) => e.node.batchNumber === 'BATCH-TIME').node.completedAt).toBe('2026-04-14T08:45:10.999Z');
  });

  it('the same rows over REST keep the legacy text', async () => {
    const wh = await s.api('GET', `/api/admin/warehouses/${warehouseId}`, { token: admin });
    expect(wh.body.created_at).toBe('2026-04-14T12:00:51.150000+00:00');
    const po = await s.api('GET', `/api/admin/purchase-orders/${poId}`, { token: admin });
    expect(po.body.purchase_order).toMatchObject({ created_at: '2026-04-14T12:00:00+00:00', expected_date: '2026-12-01' });
    const so = await s.api('GET', `/api/admin/sales-orders/${soId}`, { token: admin });
    expect(so.body.sales_order.order_date).toBe('2026-04-13T23:30:00.005000+00:00');
  });
});

describe('DateTime and Date inputs', () => {
  it('a Date is stored as that day and read back; an instant with an offset is stored in UTC', async () => {
    const u = await s.gql(`mutation($so: Int!) { salesOrderUpdate(input: { soId: $so, shipByDate: "2026-12-24" }) { userErrors { message } } }`, { so: soId }, admin);
    expect(u.errors).toBeUndefined();
    expect(u.data.salesOrderUpdate.userErrors).toEqual([]);
    expect((await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId } })).shipByDate?.toISOString()).toBe('2026-12-24T00:00:00.000Z');
    expect((await s.gql(`{ salesOrder(soId: ${soId}) { shipByDate } }`, {}, admin)).data.salesOrder).toEqual({ shipByDate: '2026-12-24' });

    const t = await s.gql(
      `mutation($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) { created { apiToken { expiresAt } } } }`,
      { input: { name: 'offset', warehouseIds: [warehouseId], expiresAt: '2099-01-31T02:00:00+02:00' } },
      admin,
    );
    expect(t.errors).toBeUndefined();
    expect(t.data.apiTokenCreate.created.apiToken.expiresAt).toBe('2099-01-31T00:00:00.000Z');
  });

  it('refuses a malformed or impossible time as BAD_USER_INPUT, in a variable or a literal, and writes nothing', async () => {
    const before = { po: await s.app.prisma.purchaseOrder.count(), tokens: await s.app.prisma.apiToken.count() };
    const PO = `mutation($input: PurchaseOrderCreateInput!) { purchaseOrderCreate(input: $input) { __typename } }`;
    const po = (expectedDate: string) => ({ input: { poNumber: `PO-BAD-${expectedDate}`, warehouseId, lines: [{ itemId: ids.item('TST-001'), quantityOrdered: 1 }], expectedDate } });
    const TOKEN = `mutation($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) { __typename } }`;
    const token = (expiresAt: string) => ({ input: { name: 'bad', warehouseIds: [warehouseId], expiresAt } });
    const AUDIT = `query($filter: AuditLogFilter) { auditLog(filter: $filter) { totalCount } }`;
    const cases: [string, string, Record<string, unknown>][] = [
      ['Date: a word', PO, po('soon')],
      ['Date: not a day', PO, po('2026-02-30')],
      ['Date: with a time', PO, po('2026-12-01T00:00:00Z')],
      ['DateTime: no offset', TOKEN, token('2099-01-31T00:00:00')],
      ['DateTime: a day alone', TOKEN, token('2099-01-31')],
      ['DateTime: epoch milliseconds', TOKEN, token('4073587200000')],
      ['DateTime: an impossible day', AUDIT, { filter: { createdFrom: '2026-02-30T00:00:00Z' } }],
      ['Date: PostgreSQL text', AUDIT, { filter: { endDate: 'yesterday' } }],
    ];
    for (const [what, query, variables] of cases) {
      const r = await s.gql(query, variables, admin);
      expect(r.errors?.[0]?.extensions?.code, what).toBe('BAD_USER_INPUT');
      expect(r.data, what).toBeUndefined();
    }
    for (const literal of [
      `{ auditLog(filter: { createdUntil: "2026-04-14 12:00:00" }) { totalCount } }`,
      `{ auditLog(filter: { startDate: "14/04/2026" }) { totalCount } }`,
      `mutation { salesOrderUpdate(input: { soId: ${soId}, shipByDate: "2026-13-01" }) { __typename } }`,
    ]) {
      const r = await s.gql(literal, {}, admin);
      expect(r.errors?.[0]?.extensions?.code, literal).toBe('BAD_USER_INPUT');
      expect(r.data, literal).toBeUndefined();
    }
    expect({ po: await s.app.prisma.purchaseOrder.count(), tokens: await s.app.prisma.apiToken.count() }).toEqual(before);
  });

  it('the audit filter: whole days (startDate, endDate) and inclusive instants (createdFrom, createdUntil)', async () => {
    for (const at of ['2026-03-10T00:00:00Z', '2026-03-10T12:00:00Z', '2026-03-10T23:59:59.999Z', '2026-03-11T00:00:00Z']) {
      await s.app.prisma.$executeRaw`
        INSERT INTO audit_log (action_type, entity_type, user_id, details, created_at) VALUES ('TIME_TEST', 'ITEM', 'admin', '{}'::jsonb, ${at}::timestamptz)`;
    }
    const times = async (filter: Record<string, unknown>) => {
      const r = await s.gql(`query($filter: AuditLogFilter) { auditLog(filter: $filter, first: 10) { edges { node { createdAt } } } }`, { filter: { actionType: 'TIME_TEST', ...filter } }, admin);
      expect(r.errors, JSON.stringify(filter)).toBeUndefined();
      return r.data.auditLog.edges.map((x: { node: { createdAt: string } }) => x.node.createdAt);
    };
    expect(await times({ endDate: '2026-03-10' })).toEqual(['2026-03-10T23:59:59.999Z', '2026-03-10T12:00:00.000Z', '2026-03-10T00:00:00.000Z']);
    expect(await times({ startDate: '2026-03-11' })).toEqual(['2026-03-11T00:00:00.000Z']);
    expect(await times({ startDate: '2026-03-10', endDate: '2026-03-10' })).toHaveLength(3);
    expect(await times({ createdFrom: '2026-03-10T12:00:00Z', createdUntil: '2026-03-10T23:59:59.999Z' })).toEqual(['2026-03-10T23:59:59.999Z', '2026-03-10T12:00:00.000Z']);
    expect(await times({ createdFrom: '2026-03-10T13:00:00+01:00', createdUntil: '2026-03-10T12:00:00Z' })).toEqual(['2026-03-10T12:00:00.000Z']);
    // both kinds of bound together: the narrower wins
    expect(await times({ startDate: '2026-03-10', createdFrom: '2026-03-10T06:00:00Z', endDate: '2026-03-11', createdUntil: '2026-03-10T12:00:00Z' })).toEqual(['2026-03-10T12:00:00.000Z']);
  });
});
