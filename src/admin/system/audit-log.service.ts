/**
 * Audit log queries (spec 70 §11, spec 00 §7). The table is append-only at the database level
 * (triggers + hash chain); this module only reads it, and can ask the database to verify the chain.
 */
import type { AuthedContext, RequestContext } from '../../context';
import type { Prisma } from '../../db';
import { batchLoader, requestLoader } from './batch-loader';

export interface AuditLogFilter {
  actionType?: string | null;
  /** The stored actor string: a username (rows carried over from the legacy server may hold a numeric user id). */
  userId?: string | null;
  entityType?: string | null;
  warehouseId?: number | null;
  /** From the start of this day (UTC), `YYYY-MM-DD`. */
  startDate?: string | null;
  /** To the end of this day (UTC), inclusive, `YYYY-MM-DD`. */
  endDate?: string | null;
  /** At or after this instant. */
  createdFrom?: Date | null;
  /** At or before this instant (inclusive). */
  createdUntil?: Date | null;
}

const DAY_MS = 24 * 3600 * 1000;
const utcMidnight = (day: string) => new Date(`${day}T00:00:00.000Z`);

export function auditLogWhere(f: AuditLogFilter = {}): Prisma.AuditLogWhereInput {
  const createdAt: Prisma.DateTimeFilter[] = [];
  if (f.startDate) createdAt.push({ gte: utcMidnight(f.startDate) });
  if (f.createdFrom) createdAt.push({ gte: f.createdFrom });
  // a day's end: before the next day's midnight
  if (f.endDate) createdAt.push({ lt: new Date(utcMidnight(f.endDate).getTime() + DAY_MS) });
  if (f.createdUntil) createdAt.push({ lte: f.createdUntil });
  return {
    ...(f.actionType ? { actionType: f.actionType } : {}),
    ...(f.userId ? { userId: f.userId } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}),
    ...(createdAt.length ? { AND: createdAt.map((c) => ({ createdAt: c })) } : {}),
  };
}

/** First sealed log_id whose hash link is broken, or null when every sealed row verifies (after sealing what committed). */
export async function verifyAuditChain(ctx: AuthedContext): Promise<number | null> {
  await ctx.app.auditSealer.sealCommitted();
  const rows = await ctx.app.prisma.$queryRaw<{ broken: bigint | null }[]>`SELECT audit_log_verify_chain() AS broken`;
  const broken = rows[0]?.broken;
  return broken === null || broken === undefined ? null : Number(broken);
}

export interface AuditChainStatus {
  firstBrokenId: number | null;
  sealedRows: number;
  unsealedRows: number;
  oldestUnsealedAt: Date | null;
}

export async function auditChainStatus(ctx: AuthedContext): Promise<AuditChainStatus> {
  await ctx.app.auditSealer.sealCommitted();
  const [r] = await ctx.app.prisma.$queryRaw<
    { first_broken: bigint | null; sealed: bigint; unsealed: bigint; oldest_unsealed_at: Date | null }[]
  >`SELECT * FROM audit_log_chain_status()`;
  return {
    firstBrokenId: r.first_broken === null ? null : Number(r.first_broken),
    sealedRows: Number(r.sealed),
    unsealedRows: Number(r.unsealed),
    oldestUnsealedAt: r.oldest_unsealed_at,
  };
}

// ---------------------------------------------------------------------------------------------------
// Display names (entity_name and the entities the details refer to by id)
// ---------------------------------------------------------------------------------------------------

type Kind = 'bin' | 'item' | 'so' | 'po';

const FETCHERS: Record<Kind, (ctx: RequestContext, ids: number[]) => Promise<Map<number, string>>> = {
  bin: async (ctx, ids) =>
    new Map((await ctx.app.prisma.bin.findMany({ where: { binId: { in: ids } }, select: { binId: true, binCode: true } })).map((r) => [r.binId, r.binCode])),
  item: async (ctx, ids) =>
    new Map((await ctx.app.prisma.item.findMany({ where: { itemId: { in: ids } }, select: { itemId: true, sku: true } })).map((r) => [r.itemId, r.sku])),
  so: async (ctx, ids) =>
    new Map((await ctx.app.prisma.salesOrder.findMany({ where: { soId: { in: ids } }, select: { soId: true, soNumber: true } })).map((r) => [r.soId, r.soNumber])),
  po: async (ctx, ids) =>
    new Map((await ctx.app.prisma.purchaseOrder.findMany({ where: { poId: { in: ids } }, select: { poId: true, poNumber: true } })).map((r) => [r.poId, r.poNumber])),
};

const INT32_MAX = 2147483647;

/** The display name of an entity id (bin code, sku, SO/PO number), batched per request. */
function lookup(ctx: RequestContext, kind: Kind, id: number): Promise<string | undefined> {
  if (!Number.isInteger(id) || id < 1 || id > INT32_MAX) return Promise.resolve(undefined);
  const load = requestLoader(ctx, `audit:${kind}`, () => batchLoader<number, string>((ids) => FETCHERS[kind](ctx, ids)));
  return load(id);
}

const ENTITY_TYPE: Record<Kind, AuditEntityType> = { item: 'ITEM', so: 'SO', po: 'PO', bin: 'BIN' };
const ENTITY_KIND: Record<string, Kind> = { ITEM: 'item', SO: 'so', PO: 'po', BIN: 'bin' };

export type AuditEntityType = 'BIN' | 'ITEM' | 'SO' | 'PO';

/** ITEM → sku, SO → so_number, PO → po_number, BIN → bin_code, anything else → null. */
export async function entityName(ctx: RequestContext, entityType: string | null, entityId: number | null) {
  const kind = entityType ? ENTITY_KIND[entityType] : undefined;
  if (!kind || entityId === null) return null;
  return (await lookup(ctx, kind, entityId)) ?? null;
}

/** A details key holding the id of an existing bin, item, SO or PO, with that entity's display name. */
export interface AuditReference {
  key: string;
  entityType: AuditEntityType;
  entityId: number;
  name: string;
}

/**
 * A key names an entity id when its last word before `_id` is the entity (`bin_id`, `from_bin_id`, `so_id`);
 * `so_count`, `total_items` and `po_line_id` do not, whatever their value.
 */
const ID_KEY = /(?:^|_)(bin|item|so|po)_id$/;

/** The entities the details refer to by id and that still exist, in key order. */
export async function detailReferences(ctx: RequestContext, details: unknown): Promise<AuditReference[]> {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return [];
  const found = await Promise.all(
    Object.entries(details as Record<string, unknown>).map(async ([key, value]): Promise<AuditReference | null> => {
      const kind = ID_KEY.exec(key)?.[1] as Kind | undefined;
      if (!kind || typeof value !== 'number' || !Number.isInteger(value)) return null;
      const name = await lookup(ctx, kind, value);
      return name === undefined ? null : { key, entityType: ENTITY_TYPE[kind], entityId: value, name };
    }),
  );
  return found.filter((r): r is AuditReference => r !== null);
}
