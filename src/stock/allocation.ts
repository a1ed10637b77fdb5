/**
 * Allocation: promising free stock to pick tasks, giving it back (batch cancel, order cancel) and consuming it when
 * a pick (or a short) leaves the bin. Every function runs inside the caller's transaction; services keep the rules
 * (which orders, which lines, how much).
 *
 * Invariants, re-checked by each write in its own statement (the inventory CHECK constraints are the backstop):
 * quantity_on_hand >= 0, 0 <= quantity_allocated <= quantity_on_hand, and an order line's quantity_allocated >= 0.
 * Lock order: the caller's task / order locks first, then stock rows in inventory_id order, then order lines in
 * so_line_id order.
 */
import { Prisma } from '../db';
import type { SqlTx } from '../db/tx';

/** Bin types picking may allocate from; `Staging` never is (spec 30 §1.3). */
const PICKABLE_BIN_TYPES = ['Pickable', 'PickableStaging'];

/** A stock row picking may allocate from, with the units still free on it. */
export interface AllocatableRow {
  inventoryId: number;
  itemId: number;
  binId: number;
  pickSequence: number;
  available: number;
  /** updated_at in ms (null: never) */
  updatedMs: number | null;
}

/** A row of `allocatableRowsQuery`. */
export interface AllocatableRowRead {
  inventoryId: number;
  itemId: number;
  binId: number;
  pickSequence: number;
  onHand: number;
  allocated: number;
  updatedMs: number | null;
}

/**
 * The allocatable stock rows of the items (an id list, or a subquery of item ids) in the warehouse, row-locked in
 * id order (concurrent allocations cannot deadlock on them); to run alone or as a CTE of the caller's statement.
 */
export function allocatableRowsQuery(warehouseId: number, items: number[] | Prisma.Sql): Prisma.Sql {
  const itemFilter = Array.isArray(items) ? Prisma.sql`i.item_id = ANY(${items}::int[])` : Prisma.sql`i.item_id IN (${items})`;
  return Prisma.sql`
    SELECT i.inventory_id AS "inventoryId", i.item_id AS "itemId", i.bin_id AS "binId", b.pick_sequence AS "pickSequence",
           i.quantity_on_hand AS "onHand", i.quantity_allocated AS "allocated",
           floor(extract(epoch FROM i.updated_at) * 1000)::float8 AS "updatedMs"
    FROM inventory i JOIN bins b ON b.bin_id = i.bin_id
    WHERE i.warehouse_id = ${warehouseId} AND ${itemFilter}
      AND b.bin_type = ANY(${PICKABLE_BIN_TYPES}::text[])
    ORDER BY i.inventory_id
    FOR UPDATE OF i`;
}

/** Row-locks the allocatable rows of the items (allocatableRowsQuery) and returns them in allocation order. */
export async function lockAllocatableRows(tx: SqlTx, warehouseId: number, itemIds: number[]): Promise<Map<number, AllocatableRow[]>> {
  if (itemIds.length === 0) return new Map();
  return allocationOrder(await tx.$queryRaw<AllocatableRowRead[]>`${allocatableRowsQuery(warehouseId, itemIds)}`);
}

/** Per item, the rows with free stock in allocation order: bin pick_sequence, then least recently touched, then id (spec 30 §1.3). */
export function allocationOrder(rows: AllocatableRowRead[]): Map<number, AllocatableRow[]> {
  const byItem = new Map<number, AllocatableRow[]>();
  for (const r of rows) {
    const available = r.onHand - r.allocated;
    if (available <= 0) continue;
    const list = byItem.get(r.itemId) ?? [];
    list.push({ inventoryId: r.inventoryId, itemId: r.itemId, binId: r.binId, pickSequence: r.pickSequence, available, updatedMs: r.updatedMs });
    byItem.set(r.itemId, list);
  }
  const time = (ms: number | null) => ms ?? Number.MAX_SAFE_INTEGER; // NULLS LAST
  for (const list of byItem.values()) {
    list.sort((a, b) => a.pickSequence - b.pickSequence || time(a.updatedMs) - time(b.updatedMs) || a.inventoryId - b.inventoryId);
  }
  return byItem;
}

export interface Take {
  row: AllocatableRow;
  quantity: number;
}

/** What `allocate` would take for `need` units, without writing it: each row's `available` goes down by what is taken. */
export function planAllocation(rows: AllocatableRow[], need: number): Take[] {
  const takes: Take[] = [];
  let remaining = need;
  for (const row of rows) {
    if (remaining <= 0) break;
    if (row.available <= 0) continue;
    const take = Math.min(remaining, row.available);
    row.available -= take;
    remaining -= take;
    takes.push({ row, quantity: take });
  }
  return takes;
}

/**
 * Allocates up to `need` units from the (locked) rows in order: raises quantity_allocated. The conditional UPDATE
 * re-checks the free units, so a unit is never promised twice (allocated <= on hand).
 */
export async function allocate(tx: SqlTx, rows: AllocatableRow[], need: number): Promise<Take[]> {
  const takes = planAllocation(rows, need);
  for (const { row, quantity } of takes) {
    const updated = await tx.$executeRaw`
      UPDATE inventory SET quantity_allocated = quantity_allocated + ${quantity}
      WHERE inventory_id = ${row.inventoryId} AND quantity_on_hand - quantity_allocated >= ${quantity}`;
    if (updated !== 1) throw new Error(`inventory ${row.inventoryId} changed under a row lock`);
  }
  return takes;
}

/**
 * `allocate` of planned units (inventory_id -> units) as one statement to put into the caller's (a CTE), run only
 * when `onlyIf` holds. RETURNING one row per row allocated: the caller checks there is one per planned row (a row
 * without the free units is left as it is).
 */
export function allocateStatement(perRow: Map<number, number>, onlyIf: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    UPDATE inventory i SET quantity_allocated = i.quantity_allocated + a.quantity
    FROM unnest(${[...perRow.keys()]}::int[], ${[...perRow.values()]}::int[]) AS a(inventory_id, quantity)
    WHERE i.inventory_id = a.inventory_id AND i.quantity_on_hand - i.quantity_allocated >= a.quantity AND ${onlyIf}
    RETURNING 1`;
}

/** A stock row of one position, as a pick changes it. */
export interface PositionRow {
  inventoryId: number;
  onHand: number;
  allocated: number;
}

/**
 * The rows of one (item, bin), row-locked in id order (PositionRow columns); to run as a CTE of the caller's statement.
 * The item and bin are ids or scalar subqueries of that statement (none: no row).
 */
export function positionRowsQuery(itemId: number | Prisma.Sql, binId: number | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT inventory_id AS "inventoryId", quantity_on_hand AS "onHand", quantity_allocated AS "allocated" FROM inventory
    WHERE item_id = ${itemId} AND bin_id = ${binId} ORDER BY inventory_id FOR UPDATE`;
}

/**
 * A pick leaves the bin: `release` allocated units go back and `consume` units leave the position's (locked) rows,
 * spread over the rows in id order, never below 0, and allocated never above on hand (legacy-difference: the legacy
 * server subtracted the full quantity from each lot row of the bin). Free stock is consumed first, then (the floor
 * found more than the system knew of) allocated stock. The change as one UPDATE; null when no row changes.
 */
export function consumePickStatement(rows: PositionRow[], release: number, consume: number): Prisma.Sql | null {
  let toRelease = release;
  let toConsume = consume;
  const next = rows.map((r) => ({ ...r }));
  for (const r of next) {
    const give = Math.min(toRelease, r.allocated);
    r.allocated -= give;
    toRelease -= give;
  }
  for (const r of next) {
    const take = Math.min(toConsume, r.onHand - r.allocated);
    r.onHand -= take;
    toConsume -= take;
  }
  for (const r of next) {
    const take = Math.min(toConsume, r.onHand);
    r.onHand -= take;
    r.allocated = Math.min(r.allocated, r.onHand);
    toConsume -= take;
  }
  const changed = next.filter((after, i) => after.onHand !== rows[i].onHand || after.allocated !== rows[i].allocated);
  if (changed.length === 0) return null;
  return Prisma.sql`
    UPDATE inventory i SET quantity_on_hand = u.on_hand, quantity_allocated = u.allocated, updated_at = now()
    FROM unnest(${changed.map((r) => r.inventoryId)}::int[], ${changed.map((r) => r.onHand)}::int[], ${changed.map((r) => r.allocated)}::int[])
      AS u(inventory_id, on_hand, allocated)
    WHERE i.inventory_id = u.inventory_id`;
}

/** Units of an (item, bin) position. */
export interface PositionQuantity {
  itemId: number;
  binId: number;
  quantity: number;
}

/**
 * Gives back `quantity` allocated units of each (item, bin), spread over its rows in id order and never below 0.
 * Two statements: the rows of every position locked in id order, then one UPDATE of the rows that change.
 * Returns what each position actually gave back (positions asked for 0 are left out).
 */
export async function releaseAllocation(tx: SqlTx, positions: PositionQuantity[]): Promise<PositionQuantity[]> {
  const wanted = positions.filter((p) => p.quantity > 0);
  if (wanted.length === 0) return [];
  const rows = await tx.$queryRaw<{ inventoryId: number; itemId: number; binId: number; allocated: number }[]>`
    SELECT inventory_id AS "inventoryId", item_id AS "itemId", bin_id AS "binId", quantity_allocated AS allocated FROM inventory
    WHERE (item_id, bin_id) IN (${Prisma.join(wanted.map((p) => Prisma.sql`(${p.itemId}, ${p.binId})`))})
    ORDER BY inventory_id FOR UPDATE`;
  const released: PositionQuantity[] = [];
  const give = new Map<number, number>(); // inventory_id -> units given back
  for (const p of wanted) {
    let remaining = p.quantity;
    for (const row of rows) {
      if (remaining === 0) break;
      if (row.itemId !== p.itemId || row.binId !== p.binId || row.allocated <= 0) continue;
      const take = Math.min(remaining, row.allocated);
      give.set(row.inventoryId, (give.get(row.inventoryId) ?? 0) + take);
      row.allocated -= take;
      remaining -= take;
    }
    released.push({ itemId: p.itemId, binId: p.binId, quantity: p.quantity - remaining });
  }
  if (give.size > 0) {
    const n = await tx.$executeRaw`
      UPDATE inventory i SET quantity_allocated = i.quantity_allocated - u.quantity, updated_at = now()
      FROM unnest(${[...give.keys()]}::int[], ${[...give.values()]}::int[]) AS u(inventory_id, quantity)
      WHERE i.inventory_id = u.inventory_id AND i.quantity_allocated >= u.quantity`;
    if (n !== give.size) throw new Error('inventory changed under a row lock (allocation release)');
  }
  return released;
}

/**
 * Gives back allocated units of order lines (so_line_id -> units), never below 0: the lines are locked in id order
 * and changed in one statement.
 */
export async function releaseLineAllocation(tx: SqlTx, perLine: Map<number, number>): Promise<void> {
  if (perLine.size === 0) return;
  await tx.$executeRaw`
    WITH locked AS MATERIALIZED (
      SELECT so_line_id FROM sales_order_lines WHERE so_line_id = ANY(${[...perLine.keys()]}::int[]) ORDER BY so_line_id FOR UPDATE
    )
    UPDATE sales_order_lines s SET quantity_allocated = GREATEST(0, s.quantity_allocated - u.quantity)
    FROM unnest(${[...perLine.keys()]}::int[], ${[...perLine.values()]}::int[]) AS u(so_line_id, quantity)
    WHERE s.so_line_id = u.so_line_id AND s.so_line_id IN (SELECT so_line_id FROM locked)`;
}

/** An order no longer holds stock (cancelled): every line's allocation back to 0. */
export async function releaseOrderAllocation(tx: SqlTx, soId: number): Promise<void> {
  await tx.$executeRaw`UPDATE sales_order_lines SET quantity_allocated = 0 WHERE so_id = ${soId} AND quantity_allocated > 0`;
}
