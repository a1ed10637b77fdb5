/**
 * Bulk import (spec 70 §14): items, bins, purchase-order lines, sales-order lines.
 *
 * Every row is validated (schema, formula-injection guard, business rules) against the database and the
 * rows before it, inside one transaction. legacy-difference: the legacy imported the good rows and
 * skipped the bad ones; re-importing the corrected file then appended every PO/SO line a second time.
 * Here an import is all or nothing: one bad row imports nothing and the response lists every bad row.
 */
import type { AuthedContext } from '../../context';
import { withTransaction, type Tx } from '../../db/tx';
import { badRequest } from '../../errors';
import { insertOpeningStock } from '../../stock/stock';
import { BIN_TYPES } from '../catalog/catalog.inputs';
import { dateErrorMessage, parseCalendarDate } from '../orders/dates';
import { decimalCell, intCell, textCell, type CellReader } from './import-cells';
import type { ImportRecordsInput } from './imports.inputs';

export const IMPORT_ENTITY_TYPES = ['items', 'bins', 'purchase-orders', 'sales-orders'] as const;
export type ImportEntityType = (typeof IMPORT_ENTITY_TYPES)[number];
export const MAX_IMPORT_RECORDS = 5000;

export interface ImportRowError {
  row: number;
  error: string;
}

export interface ImportResult {
  message: string;
  total: number;
  imported: number;
  skipped: number;
  errors: ImportRowError[];
}

/**
 * The "nothing was imported" notice of a refused import, as a row-error entry: the admin panel renders only
 * `imported` and the `errors` rows, so without it a refused file reads as "only the listed rows failed".
 * Row 0 stands for the file as a whole.
 */
export function refusedImportNotice(r: Pick<ImportResult, 'total' | 'imported' | 'errors'>): ImportRowError | null {
  if (r.imported > 0 || r.errors.length === 0) return null;
  const bad = new Set(r.errors.map((e) => e.row)).size;
  const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
  const good = r.total - bad;
  const error =
    good > 0
      ? `Nothing was imported: ${rows(bad)} of ${r.total} ${bad === 1 ? 'was' : 'were'} refused (listed below), so the other ${rows(good)} ${good === 1 ? 'was' : 'were'} not imported either. Fix the listed rows and import the whole file again.`
      : r.total === 1
        ? 'Nothing was imported: the row was refused (listed below).'
        : `Nothing was imported: all ${r.total} rows were refused (listed below).`;
  return { row: 0, error };
}

export function assertImportEntityType(entityType: string): asserts entityType is ImportEntityType {
  if (!(IMPORT_ENTITY_TYPES as readonly string[]).includes(entityType)) {
    throw badRequest(`Unsupported entity type: ${entityType}`, { field: ['input', 'entityType'] });
  }
}

// ---------------------------------------------------------------------------------------------------
// Row validation
// ---------------------------------------------------------------------------------------------------

interface Column {
  key: string;
  aliases?: string[];
  read: CellReader<unknown>;
  /** the row is refused without it (`Field required`) */
  required?: boolean;
  /** text cell: non-strings are converted to text, formula-looking values are refused */
  formula?: boolean;
}

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];
const shownChar = (c: string) => (c === '\t' ? '\\t' : c === '\r' ? '\\r' : c);

/** Python `str()` of a JSON value (what the legacy did before the formula check). */
function pyText(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : String(v);
  return JSON.stringify(v);
}

/** A validated row: column key → the value its cell held (types differ per column). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column's own type; the row rules read the keys they declared
type ImportRow = Record<string, any>;

/** The first error of the row as `"{field}: {message}"`, or the validated values (spec 70 §14). */
function validateRow(columns: Column[], raw: unknown): { value: ImportRow } | { error: string } {
  const row = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: ImportRow = {};
  for (const c of columns) {
    const sent = [c.key, ...(c.aliases ?? [])].find((k) => Object.prototype.hasOwnProperty.call(row, k));
    const label = sent ?? c.key;
    if (sent === undefined) {
      if (c.required) return { error: `${label}: Field required` };
      continue;
    }
    let v = row[sent];
    if (c.formula && v !== undefined && v !== null) {
      if (typeof v !== 'string') v = pyText(v);
      const first = (v as string).charAt(0);
      if (FORMULA_START.includes(first)) {
        return { error: `${label}: Value error, Cell cannot start with '${shownChar(first)}' (formula injection prevention)` };
      }
    }
    // an empty optional cell (null) is no value; a required one is the cell's type error
    if (v === null && !c.required) {
      out[c.key] = null;
      continue;
    }
    const cell = c.read(v);
    if ('problem' in cell) return { error: `${label}: ${cell.problem}` };
    out[c.key] = cell.value;
  }
  return { value: out };
}

const text = (max: number, min?: number) => textCell({ max, ...(min ? { min } : {}) });
/** optional text: "" (an empty CSV cell) is stored as null */
const blankToNull = (v: string | null | undefined) => (v === undefined || v === null || v === '' ? null : v);

// DB column caps are used where the legacy schema allowed more (the legacy answered 500: spec 90 §8).
const ITEM_COLUMNS: Column[] = [
  { key: 'sku', read: text(50, 1), required: true, formula: true },
  { key: 'item_name', read: text(200) },
  { key: 'name', read: text(200) },
  { key: 'description', read: text(1000), formula: true },
  { key: 'upc', read: text(50), formula: true },
  { key: 'category', read: text(100), formula: true },
  { key: 'default_bin', read: text(64), formula: true },
  { key: 'weight_lbs', aliases: ['weight'], read: decimalCell({ ge: 0, le: 99999 }) },
  { key: 'quantity', aliases: ['qty'], read: intCell({ ge: 0, le: 1000000 }) },
];

const BIN_COLUMNS: Column[] = [
  { key: 'bin_code', read: text(50, 1), required: true, formula: true },
  { key: 'zone_id', read: intCell({ gt: 0 }) },
  { key: 'zone', read: text(64) },
  { key: 'warehouse_id', read: intCell({ gt: 0 }) },
  { key: 'bin_barcode', read: text(100) },
  { key: 'bin_type', read: text(32) },
  { key: 'aisle', read: text(10), formula: true },
  { key: 'description', read: text(200), formula: true },
  { key: 'row_num', read: intCell({ ge: 0 }) },
  { key: 'level_num', read: intCell({ ge: 0 }) },
  { key: 'pick_sequence', read: intCell({ ge: 0 }) },
  { key: 'putaway_sequence', read: intCell({ ge: 0 }) },
];

const PO_COLUMNS: Column[] = [
  { key: 'po_number', read: text(50, 1), required: true, formula: true },
  { key: 'sku', read: text(50, 1), required: true, formula: true },
  { key: 'quantity', aliases: ['quantity_expected'], read: intCell({ gt: 0, le: 1000000 }) },
  { key: 'warehouse_id', read: intCell({ gt: 0 }) },
  { key: 'vendor', read: text(200), formula: true },
  { key: 'expected_date', read: text(32), formula: true },
];

const SO_COLUMNS: Column[] = [
  { key: 'so_number', read: text(50, 1), required: true, formula: true },
  { key: 'sku', read: text(50, 1), required: true, formula: true },
  { key: 'quantity', aliases: ['quantity_ordered'], read: intCell({ gt: 0, le: 1000000 }) },
  { key: 'warehouse_id', read: intCell({ gt: 0 }) },
  { key: 'customer', read: text(200), formula: true },
  { key: 'customer_phone', read: text(50), formula: true },
  { key: 'customer_address', read: text(512), formula: true },
];

class RowError extends Error {}
const rowError = (message: string) => new RowError(message);

// ---------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------

/**
 * Imports the records in one transaction, all or nothing. The request itself may be refused (no records, too many);
 * refused rows are the result's `errors` (then nothing is written).
 */
export async function importRecords(ctx: AuthedContext, input: ImportRecordsInput): Promise<ImportResult> {
  const { entityType, records, warehouseId: defaultWarehouseId } = input;
  if (records.length === 0) throw badRequest('records array is required', { field: ['input', 'records'] });
  if (records.length > MAX_IMPORT_RECORDS) throw badRequest('Import limited to 5000 records per file', { field: ['input', 'records'] });

  return withTransaction(
    ctx.app.prisma,
    async (tx, journal) => {
      // one import of a kind at a time: duplicate checks (UPC, new PO numbers) see each other's rows
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`wms.import.${entityType}`}))`;
      const importer = IMPORTERS[entityType];
      const errors: ImportRowError[] = [];
      const write = await importer(tx, records, defaultWarehouseId, errors);
      if (errors.length > 0) {
        return {
          message: 'Import failed: no records were imported',
          total: records.length,
          imported: 0,
          skipped: records.length,
          errors,
        };
      }
      await write();
      journal.event({
        topic: 'imports.completed',
        warehouseId: null,
        payload: { entity_type: entityType, imported: records.length, by: ctx.user.username },
      });
      return { message: 'Import complete', total: records.length, imported: records.length, skipped: 0, errors: [] };
    },
    { timeoutMs: 120_000 },
  );
}

/** Validates every row (reporting into `errors`) and returns the batched writes to run when none failed. */
type Importer = (tx: Tx, records: unknown[], defaultWarehouseId: number | null | undefined, errors: ImportRowError[]) => Promise<() => Promise<void>>;

function eachRow<T>(records: unknown[], columns: Column[], errors: ImportRowError[], rule: (v: ImportRow) => T): T[] {
  const ok: T[] = [];
  records.forEach((raw, i) => {
    const r = validateRow(columns, raw);
    if ('error' in r) return void errors.push({ row: i + 1, error: r.error });
    try {
      ok.push(rule(r.value));
    } catch (e) {
      if (e instanceof RowError) errors.push({ row: i + 1, error: e.message });
      else throw e;
    }
  });
  return ok;
}

const distinct = <T>(values: T[]) => [...new Set(values)];

async function existingWarehouses(tx: Tx, ids: number[]) {
  const rows = await tx.warehouse.findMany({ where: { warehouseId: { in: distinct(ids) } }, select: { warehouseId: true } });
  return new Set(rows.map((w) => w.warehouseId));
}

/** The row's warehouse_id, else the input's default. */
function rowWarehouse(row: ImportRow, defaultWarehouseId: number | null | undefined, known: Set<number>): number {
  const id: number | undefined = row.warehouse_id ?? defaultWarehouseId ?? undefined;
  if (id === undefined) throw rowError('Missing required field: warehouse_id');
  // legacy-difference: an unknown warehouse failed the FK with a 500
  if (!known.has(id)) throw rowError(`Warehouse ${id} not found`);
  return id;
}

function candidateWarehouseIds(records: unknown[], defaultWarehouseId: number | null | undefined): number[] {
  const ids: number[] = [];
  const add = (v: unknown) => {
    const n = typeof v === 'string' ? Number(v.trim()) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 2147483647) ids.push(n);
  };
  add(defaultWarehouseId);
  for (const r of records) if (r && typeof r === 'object') add((r as Record<string, unknown>).warehouse_id);
  return ids;
}

function candidateStrings(records: unknown[], key: string): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (!r || typeof r !== 'object') continue;
    const v = (r as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) out.push(typeof v === 'string' ? v : pyText(v));
  }
  return distinct(out);
}

// ---------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------

const importItems: Importer = async (tx, records, _wh, errors) => {
  const skus = candidateStrings(records, 'sku');
  const upcs = candidateStrings(records, 'upc').filter((u) => u !== '');
  const binCodes = candidateStrings(records, 'default_bin');
  const takenSkus = new Set((await tx.item.findMany({ where: { sku: { in: skus } }, select: { sku: true } })).map((i) => i.sku));
  const takenUpcs = new Set(
    (await tx.item.findMany({ where: { upc: { in: upcs } }, select: { upc: true } })).map((i) => i.upc as string),
  );
  const bins = new Map<string, { binId: number; warehouseId: number }>();
  for (const b of await tx.bin.findMany({ where: { binCode: { in: binCodes } }, orderBy: { binId: 'asc' }, select: { binId: true, binCode: true, warehouseId: true } })) {
    if (!bins.has(b.binCode)) bins.set(b.binCode, b); // first match in any warehouse
  }

  const rows = eachRow(records, ITEM_COLUMNS, errors, (r) => {
    const name = r.item_name || r.name;
    if (!name) throw rowError('Missing required field: name');
    if (takenSkus.has(r.sku)) throw rowError(`Duplicate SKU: ${r.sku}`);
    const upc = blankToNull(r.upc);
    if (upc && takenUpcs.has(upc)) throw rowError(`Duplicate UPC: ${upc}`);
    takenSkus.add(r.sku);
    if (upc) takenUpcs.add(upc);
    const bin = r.default_bin ? bins.get(r.default_bin) : undefined; // unknown codes are ignored
    return {
      item: {
        sku: r.sku as string,
        itemName: name as string,
        description: blankToNull(r.description),
        upc,
        category: blankToNull(r.category),
        weightLbs: r.weight_lbs ?? null,
        defaultBinId: bin?.binId ?? null,
      },
      stock: bin && r.quantity > 0 ? { binId: bin.binId, warehouseId: bin.warehouseId, quantity: r.quantity as number } : null,
    };
  });

  return async () => {
    const created = await tx.item.createManyAndReturn({ data: rows.map((r) => r.item), select: { itemId: true, sku: true } });
    const idBySku = new Map(created.map((c) => [c.sku, c.itemId]));
    const stock = rows.filter((r) => r.stock);
    if (stock.length) {
      await insertOpeningStock(
        tx,
        stock.map((r) => ({ itemId: idBySku.get(r.item.sku)!, binId: r.stock!.binId, warehouseId: r.stock!.warehouseId, quantity: r.stock!.quantity })),
      );
    }
  };
};

// ---------------------------------------------------------------------------------------------------
// Bins
// ---------------------------------------------------------------------------------------------------

const importBins: Importer = async (tx, records, _wh, errors) => {
  const zones = await tx.zone.findMany({ orderBy: { zoneId: 'asc' }, select: { zoneId: true, warehouseId: true, zoneCode: true, zoneName: true } });
  const zoneById = new Map(zones.map((z) => [z.zoneId, z]));
  const zoneByText = (t: string) => {
    const l = t.toLowerCase();
    return zones.find((z) => z.zoneName.toLowerCase() === l || z.zoneCode.toLowerCase() === l);
  };
  const warehouses = await existingWarehouses(tx, candidateWarehouseIds(records, undefined));
  const codes = candidateStrings(records, 'bin_code');
  const taken = new Set(
    (await tx.bin.findMany({ where: { binCode: { in: codes } }, select: { warehouseId: true, binCode: true } })).map(
      (b) => `${b.warehouseId}\u0000${b.binCode}`,
    ),
  );

  const rows = eachRow(records, BIN_COLUMNS, errors, (r) => {
    let zone;
    if (r.zone_id !== undefined && r.zone_id !== null) {
      zone = zoneById.get(r.zone_id);
      // legacy-difference: an unknown zone_id failed the FK with a 500
      if (!zone) throw rowError(`Zone '${r.zone_id}' not found. Create the zone first, then import bins.`);
    } else if (r.zone) {
      zone = zoneByText(r.zone);
      if (!zone) throw rowError(`Zone '${r.zone}' not found. Create the zone first, then import bins.`);
    } else throw rowError('Missing required field: zone (or zone_id)');
    const warehouseId: number = r.warehouse_id ?? zone.warehouseId;
    if (!warehouses.has(warehouseId) && warehouseId !== zone.warehouseId) throw rowError(`Warehouse ${warehouseId} not found`);
    const binType = r.bin_type || 'Pickable';
    // legacy-difference: stored unchecked, so a typo made a bin picking never used and broke typed reads
    if (!(BIN_TYPES as readonly string[]).includes(binType)) throw rowError(`bin_type: Value error, bin_type must be one of: ${BIN_TYPES.join(', ')}`);
    const key = `${warehouseId}\u0000${r.bin_code}`;
    if (taken.has(key)) throw rowError(`Duplicate bin_code: ${r.bin_code}`);
    taken.add(key);
    return {
      zoneId: zone.zoneId,
      warehouseId,
      binCode: r.bin_code as string,
      binBarcode: r.bin_barcode || r.bin_code,
      binType,
      aisle: blankToNull(r.aisle),
      description: blankToNull(r.description),
      rowNum: r.row_num === undefined || r.row_num === null ? null : String(r.row_num),
      levelNum: r.level_num === undefined || r.level_num === null ? null : String(r.level_num),
      pickSequence: r.pick_sequence ?? 0,
      putawaySequence: r.putaway_sequence ?? 0,
    };
  });
  return async () => {
    await tx.bin.createMany({ data: rows });
  };
};

// ---------------------------------------------------------------------------------------------------
// Purchase-order and sales-order lines (one row = one line; a new number creates the order)
// ---------------------------------------------------------------------------------------------------

interface OrderLineRow<H> {
  number: string;
  itemId: number;
  quantity: number;
  warehouseId: number;
  header: H;
}

async function orderLineRows<H>(
  tx: Tx,
  records: unknown[],
  defaultWarehouseId: number | null | undefined,
  errors: ImportRowError[],
  columns: Column[],
  numberKey: string,
  header: (r: ImportRow) => H,
): Promise<OrderLineRow<H>[]> {
  const warehouses = await existingWarehouses(tx, candidateWarehouseIds(records, defaultWarehouseId));
  const items = new Map(
    (await tx.item.findMany({ where: { sku: { in: candidateStrings(records, 'sku') } }, select: { itemId: true, sku: true } })).map(
      (i) => [i.sku, i.itemId],
    ),
  );
  return eachRow(records, columns, errors, (r) => {
    if (r.quantity === undefined || r.quantity === null) throw rowError('quantity must be > 0');
    const warehouseId = rowWarehouse(r, defaultWarehouseId, warehouses);
    const itemId = items.get(r.sku);
    if (itemId === undefined) throw rowError(`Item not found: ${r.sku}`);
    return { number: r[numberKey] as string, itemId, quantity: r.quantity as number, warehouseId, header: header(r) };
  });
}

const importPurchaseOrders: Importer = async (tx, records, defaultWarehouseId, errors) => {
  const rows = await orderLineRows(tx, records, defaultWarehouseId, errors, PO_COLUMNS, 'po_number', (r) => {
    const raw = blankToNull(r.expected_date);
    const expectedDate = raw === null ? null : parseCalendarDate(raw);
    // legacy-difference: an unparsable date reached the database and answered 500
    if (raw !== null && !expectedDate) throw rowError(`expected_date: ${dateErrorMessage('expected_date')}`);
    return { vendorName: blankToNull(r.vendor), expectedDate };
  });
  return async () => {
    const numbers = distinct(rows.map((r) => r.number));
    const existing = await tx.purchaseOrder.findMany({ where: { poNumber: { in: numbers } }, select: { poId: true, poNumber: true } });
    const ids = new Map(existing.map((p) => [p.poNumber, p.poId]));
    const fresh = numbers.filter((n) => !ids.has(n)).map((n) => rows.find((r) => r.number === n)!);
    const created = await tx.purchaseOrder.createManyAndReturn({
      data: fresh.map((r) => ({
        poNumber: r.number,
        poBarcode: r.number,
        vendorName: r.header.vendorName,
        expectedDate: r.header.expectedDate,
        warehouseId: r.warehouseId,
        status: 'OPEN',
        createdBy: null,
      })),
      select: { poId: true, poNumber: true },
    });
    for (const c of created) ids.set(c.poNumber, c.poId);
    const next = await nextLineNumbers(tx, 'purchase_order_lines', 'po_id', [...ids.values()]);
    await tx.purchaseOrderLine.createMany({
      data: rows.map((r) => {
        const poId = ids.get(r.number)!;
        const lineNumber = next.get(poId) ?? 1;
        next.set(poId, lineNumber + 1);
        return { poId, itemId: r.itemId, quantityOrdered: r.quantity, lineNumber };
      }),
    });
  };
};

const importSalesOrders: Importer = async (tx, records, defaultWarehouseId, errors) => {
  const rows = await orderLineRows(tx, records, defaultWarehouseId, errors, SO_COLUMNS, 'so_number', (r) => ({
    customerName: blankToNull(r.customer),
    customerPhone: blankToNull(r.customer_phone),
    customerAddress: blankToNull(r.customer_address),
  }));
  return async () => {
    const numbers = distinct(rows.map((r) => r.number));
    const existing = await tx.salesOrder.findMany({ where: { soNumber: { in: numbers } }, select: { soId: true, soNumber: true } });
    const ids = new Map(existing.map((s) => [s.soNumber, s.soId]));
    const fresh = numbers.filter((n) => !ids.has(n)).map((n) => rows.find((r) => r.number === n)!);
    const now = new Date();
    const created = await tx.salesOrder.createManyAndReturn({
      data: fresh.map((r) => ({
        soNumber: r.number,
        soBarcode: r.number,
        ...r.header,
        warehouseId: r.warehouseId,
        status: 'OPEN',
        orderDate: now,
        createdBy: null,
      })),
      select: { soId: true, soNumber: true },
    });
    for (const c of created) ids.set(c.soNumber, c.soId);
    const next = await nextLineNumbers(tx, 'sales_order_lines', 'so_id', [...ids.values()]);
    await tx.salesOrderLine.createMany({
      data: rows.map((r) => {
        const soId = ids.get(r.number)!;
        const lineNumber = next.get(soId) ?? 1;
        next.set(soId, lineNumber + 1);
        return { soId, itemId: r.itemId, quantityOrdered: r.quantity, lineNumber };
      }),
    });
  };
};

/** Current max line_number + 1 per order (orders without lines start at 1). */
async function nextLineNumbers(tx: Tx, table: 'purchase_order_lines' | 'sales_order_lines', key: 'po_id' | 'so_id', ids: number[]) {
  const next = new Map<number, number>();
  if (ids.length === 0) return next;
  const rows =
    table === 'purchase_order_lines'
      ? await tx.purchaseOrderLine.groupBy({ by: ['poId'], where: { poId: { in: ids } }, _max: { lineNumber: true } })
      : await tx.salesOrderLine.groupBy({ by: ['soId'], where: { soId: { in: ids } }, _max: { lineNumber: true } });
  for (const r of rows as { poId?: number; soId?: number; _max: { lineNumber: number | null } }[]) {
    next.set((key === 'po_id' ? r.poId : r.soId)!, (r._max.lineNumber ?? 0) + 1);
  }
  return next;
}

const IMPORTERS: Record<ImportEntityType, Importer> = {
  items: importItems,
  bins: importBins,
  'purchase-orders': importPurchaseOrders,
  'sales-orders': importSalesOrders,
};
