// Relay object identification (issue #16): `node(id:)` and `nodes(ids:)` read any entity back by its global id,
// scoped exactly like the rest of the schema. The entity types declare themselves with `builder.prismaNode`; this
// file says where each one is stored and who may read it.
import { brandWithType } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from './builder';
import type { AuthedContext, CurrentUser } from '../context';
import type { PrismaClient } from '../db';
import { badRequest } from '../errors';
import { authenticated } from '../auth/rules';
import { scopedWarehouseIds } from '../auth/scope';

/** Most ids `nodes(ids:)` reads at once; more is refused (never silently cut). */
export const MAX_NODE_IDS = 250;

interface Delegate {
  findMany(args: unknown): Promise<Record<string, unknown>[]>;
}

interface NodeSource {
  /** The Prisma model behind the type. */
  model: (db: PrismaClient) => Delegate;
  /** Its integer primary key: what the global id carries. */
  key: string;
  /** The key is a 64-bit integer (audit log ids). */
  bigint?: boolean;
  /**
   * Who reads it: `global` anyone signed in (items, as the lookups show them); `admin` admins only (anyone else
   * gets null); otherwise the `where` of the rows a non-admin may read, from its warehouses.
   */
  readers: 'global' | 'admin' | ((warehouseIds: number[]) => Record<string, unknown>);
}

const inWarehouses = (ids: number[]) => ({ warehouseId: { in: ids } });

/** Every type implementing Node, by GraphQL type name (tests/graphql/nodes.test.ts checks none is missing). */
const NODE_SOURCES: Record<string, NodeSource> = {
  Warehouse: { model: (db) => db.warehouse, key: 'warehouseId', readers: inWarehouses },
  Zone: { model: (db) => db.zone, key: 'zoneId', readers: inWarehouses },
  Bin: { model: (db) => db.bin, key: 'binId', readers: inWarehouses },
  Item: { model: (db) => db.item, key: 'itemId', readers: 'global' },
  Inventory: { model: (db) => db.inventory, key: 'inventoryId', readers: inWarehouses },
  PreferredBin: { model: (db) => db.preferredBin, key: 'preferredBinId', readers: (ids) => ({ bin: inWarehouses(ids) }) },
  PurchaseOrder: { model: (db) => db.purchaseOrder, key: 'poId', readers: inWarehouses },
  PurchaseOrderLine: { model: (db) => db.purchaseOrderLine, key: 'poLineId', readers: (ids) => ({ purchaseOrder: inWarehouses(ids) }) },
  SalesOrder: { model: (db) => db.salesOrder, key: 'soId', readers: inWarehouses },
  SalesOrderLine: { model: (db) => db.salesOrderLine, key: 'soLineId', readers: (ids) => ({ salesOrder: inWarehouses(ids) }) },
  PickingBatch: { model: (db) => db.pickBatch, key: 'batchId', readers: inWarehouses },
  Receipt: { model: (db) => db.itemReceipt, key: 'receiptId', readers: inWarehouses },
  Shipment: { model: (db) => db.itemFulfillment, key: 'fulfillmentId', readers: inWarehouses },
  StockMove: { model: (db) => db.binTransfer, key: 'transferId', readers: inWarehouses },
  CycleCount: { model: (db) => db.cycleCount, key: 'countId', readers: inWarehouses },
  User: { model: (db) => db.user, key: 'userId', readers: 'admin' },
  AuditLogEntry: { model: (db) => db.auditLog, key: 'logId', bigint: true, readers: 'admin' },
  AppSetting: { model: (db) => db.appSetting, key: 'id', readers: 'admin' },
};

/** The type names `node(id:)` resolves. */
export const nodeTypeNames = () => Object.keys(NODE_SOURCES);

const INT_MAX = 2147483647n;
const BIGINT_MAX = 9223372036854775807n;

/**
 * The type and key of a global id this server issued, else null: the id must be exactly the encoding of
 * `<Type>:<positive integer>` for a node type (so no other spelling of the same id is accepted).
 */
function decode(globalId: string): { typename: string; key: number | bigint } | null {
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  const sep = text.indexOf(':');
  const typename = text.slice(0, sep);
  const raw = text.slice(sep + 1);
  // own keys only: `constructor:1` must not find Object's constructor
  const source = sep > 0 && Object.hasOwn(NODE_SOURCES, typename) ? NODE_SOURCES[typename] : undefined;
  if (!source || !/^[1-9]\d{0,18}$/.test(raw) || encodeGlobalID(typename, raw) !== globalId) return null;
  const n = BigInt(raw);
  if (n > (source.bigint ? BIGINT_MAX : INT_MAX)) return null;
  return { typename, key: source.bigint ? n : Number(n) };
}

/** The extra `where` of the rows `user` may read of a type; null when it may read none. */
function readableWhere(source: NodeSource, user: CurrentUser): Record<string, unknown> | null {
  if (user.isAdmin || source.readers === 'global') return {};
  if (source.readers === 'admin') return null;
  return source.readers(scopedWarehouseIds(user) ?? []);
}

/**
 * The objects of `globalIds`, in order, each null when the id is malformed, names no object, or names one the
 * caller may not read: the three are indistinguishable. One query per type, selecting what the query asks of it.
 */
async function loadNodes(ctx: AuthedContext, info: GraphQLResolveInfo, globalIds: readonly (string | number)[]): Promise<(object | null)[]> {
  const results: (object | null)[] = globalIds.map(() => null);
  const wanted = new Map<string, Map<string, number[]>>();
  globalIds.forEach((globalId, index) => {
    const decoded = decode(String(globalId));
    if (!decoded) return;
    const byKey = wanted.get(decoded.typename) ?? new Map<string, number[]>();
    wanted.set(decoded.typename, byKey);
    const key = String(decoded.key);
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });
  await Promise.all(
    [...wanted].map(async ([typename, byKey]) => {
      const source = NODE_SOURCES[typename];
      const where = readableWhere(source, ctx.user);
      if (!where) return;
      const query = (await queryFromInfo({ context: ctx, info, typeName: typename, awaitSelections: true })) as { select?: Record<string, unknown> };
      const keys = [...byKey.keys()].map((k) => (source.bigint ? BigInt(k) : Number(k)));
      const rows = await source.model(ctx.app.prisma).findMany({
        ...(query.select ? { select: { ...query.select, [source.key]: true } } : query),
        // AND, not a spread: a warehouse's scope condition is on its own key
        where: { AND: [where, { [source.key]: { in: keys } }] },
      });
      for (const row of rows) {
        brandWithType(row, typename as never);
        for (const index of byKey.get(String(row[source.key])) ?? []) results[index] = row;
      }
    }),
  );
  return results;
}

const NodeInterface = builder.nodeInterfaceRef();

const READERS_NOTE =
  'A non-admin reads the objects of its warehouses and any item; users, audit entries and settings are admin-only.';
const MALFORMED_NOTE = 'An id this server did not issue (malformed, unknown type) answers null too, never an error.';

builder.queryFields((t) => ({
  node: t.withShield(authenticated).field({
    type: NodeInterface,
    nullable: true,
    description: `The object with this global id, or null when there is none the caller may read (missing and out of scope look the same). ${READERS_NOTE} ${MALFORMED_NOTE}`,
    args: { id: t.arg.id({ required: true, description: 'A global id (the `id` field of any Node).' }) },
    resolve: async (_root, args, ctx, info) => (await loadNodes(ctx, info, [args.id]))[0],
  }),
  nodes: t.withShield(authenticated).field({
    type: [NodeInterface],
    nullable: { list: false, items: true },
    description: `The objects with these global ids, in the same order; null in place of each one the caller may not read or that does not exist. ${READERS_NOTE} ${MALFORMED_NOTE} At most ${MAX_NODE_IDS} ids; more is refused with BAD_USER_INPUT.`,
    args: { ids: t.arg.idList({ required: true, description: `Global ids, at most ${MAX_NODE_IDS}.` }) },
    resolve: (_root, args, ctx, info) => {
      if (args.ids.length > MAX_NODE_IDS) {
        throw badRequest(`At most ${MAX_NODE_IDS} ids per request`, { extensions: { argument: 'ids', maxIds: MAX_NODE_IDS } });
      }
      return loadNodes(ctx, info, args.ids);
    },
  }),
}));
