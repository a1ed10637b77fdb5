import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { seedIds } from '../helpers/admin-orders';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seedIds>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seedIds(s.app);
});
afterAll(async () => {
  await s?.close();
});

const importOf = (entity: string, body: unknown) => s.api('POST', `/api/admin/import/${entity}`, { token: admin, body });
const ok = (n: number) => ({ message: 'Import complete', total: n, imported: n, skipped: 0, errors: [] });

describe('POST /api/admin/import/items', () => {
  it('imports items (CSV strings), resolves default_bin and creates stock there', async () => {
    const r = await importOf('items', { records: [
      { sku: 'I-1', name: 'One', description: 'd', upc: '900000000001', default_bin: 'A-02-02', quantity: '7', extra: 'ignored' },
      { sku: 123, item_name: 'Numeric sku', weight: '1.5', upc: '' },
    ] });
    expect(r).toMatchObject({ status: 200, body: ok(2) });
    const one = await s.app.prisma.item.findUniqueOrThrow({ where: { sku: 'I-1' }, include: { inventory: true } });
    expect(one).toMatchObject({ itemName: 'One', description: 'd', upc: '900000000001', defaultBinId: ids.bin('A-02-02') });
    expect(one.inventory).toMatchObject([{ binId: ids.bin('A-02-02'), quantityOnHand: 7, quantityAllocated: 0, warehouseId: ids.warehouseId }]);
    const two = await s.app.prisma.item.findUniqueOrThrow({ where: { sku: '123' } });
    expect(two.weightLbs?.toNumber()).toBe(1.5);
    expect(two.upc).toBeNull();
  });

  it('one bad record imports nothing and every bad record is reported (spec 70 §15 rows)', async () => {
    const before = await s.app.prisma.item.count();
    const r = await importOf('items', { items: [
      { sku: 'I-2', name: 'Fine' },
      { sku: 'I-1', name: 'Dup' },
      { sku: 'I-3' },
      { sku: '=HYPERLINK()', name: 'Evil' },
      { sku: 'I-2', name: 'Dup in file' },
      { sku: 'I-4', name: 'x', upc: '012345678905' },
      { sku: 'I-5', name: 'x', quantity: 'many' },
      { sku: '\tTAB', name: 'x' },
      { name: 'no sku' },
      { sku: 'I-6', name: 'x', weight_lbs: -1 },
      'not an object',
    ] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      message: 'Import failed: no records were imported', total: 11, imported: 0, skipped: 11,
      errors: [
        { row: 0, error: 'Nothing was imported: 10 rows of 11 were refused (listed below), so the other 1 row was not imported either. Fix the listed rows and import the whole file again.' },
        { row: 2, error: 'Duplicate SKU: I-1' },
        { row: 3, error: 'Missing required field: name' },
        { row: 4, error: "sku: Value error, Cell cannot start with '=' (formula injection prevention)" },
        { row: 5, error: 'Duplicate SKU: I-2' },
        { row: 6, error: 'Duplicate UPC: 012345678905' },
        { row: 7, error: 'quantity: Input should be a valid integer, unable to parse string as an integer' },
        { row: 8, error: "sku: Value error, Cell cannot start with '\\t' (formula injection prevention)" },
        { row: 9, error: 'sku: Field required' },
        { row: 10, error: 'weight_lbs: Input should be greater than or equal to 0' },
        { row: 11, error: 'sku: Field required' },
      ],
    });
    expect(await s.app.prisma.item.count()).toBe(before);
  });
});

describe('a refused import says that nothing was imported, in the rows the admin panel renders', () => {
  it('the panel\'s example: rows 1-2 fine, row 3 a duplicate SKU', async () => {
    const before = await s.app.prisma.item.count();
    const r = await importOf('items', { records: [{ sku: 'P-1', name: 'One' }, { sku: 'P-2', name: 'Two' }, { sku: 'TST-002', name: 'Dup' }] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      message: 'Import failed: no records were imported', total: 3, imported: 0, skipped: 3,
      errors: [
        { row: 0, error: 'Nothing was imported: 1 row of 3 was refused (listed below), so the other 2 rows were not imported either. Fix the listed rows and import the whole file again.' },
        { row: 3, error: 'Duplicate SKU: TST-002' },
      ],
    });
    expect(await s.app.prisma.item.count()).toBe(before);
    expect(await s.app.prisma.item.count({ where: { sku: { in: ['P-1', 'P-2'] } } })).toBe(0);
  });

  it('a successful import carries no notice; GraphQL keeps the plain row errors (its message says it)', async () => {
    expect((await importOf('items', { records: [{ sku: 'P-3', name: 'Three' }] })).body).toEqual(ok(1));
    const g = await s.gql(`mutation($r: [JSON]!) { importRecords(input: { entityType: ITEMS, records: $r }) { importResult { message imported errors { row error } } userErrors { code } } }`,
      { r: [{ sku: 'P-4', name: 'Four' }, { sku: 'P-3', name: 'Again' }] }, admin);
    expect(g.data.importRecords).toEqual({
      importResult: { message: 'Import failed: no records were imported', imported: 0, errors: [{ row: 2, error: 'Duplicate SKU: P-3' }] },
      userErrors: [],
    });
  });
});

describe('POST /api/admin/import/bins', () => {
  it('imports bins by zone code/name or zone_id with the documented defaults', async () => {
    const storage = await s.app.prisma.zone.findFirstOrThrow({ where: { zoneCode: 'STOR' } });
    const r = await importOf('bins', { records: [
      { bin_code: 'IMP-1', zone: 'stor', aisle: 'Z', pick_sequence: '3', row_num: '01' },
      { bin_code: 'IMP-2', zone_id: storage.zoneId, bin_type: 'Staging', bin_barcode: 'BC-IMP-2' },
    ] });
    expect(r).toMatchObject({ status: 200, body: ok(2) });
    const b1 = await s.app.prisma.bin.findFirstOrThrow({ where: { binCode: 'IMP-1' } });
    expect(b1).toMatchObject({ zoneId: storage.zoneId, warehouseId: storage.warehouseId, binBarcode: 'IMP-1', binType: 'Pickable', aisle: 'Z', pickSequence: 3, rowNum: '1' });
    expect(await s.app.prisma.bin.findFirstOrThrow({ where: { binCode: 'IMP-2' } })).toMatchObject({ binType: 'Staging', binBarcode: 'BC-IMP-2' });
  });

  it('reports zone and duplicate errors', async () => {
    const r = await importOf('bins', { records: [{ bin_code: 'A-01-01', zone: 'STOR' }, { bin_code: 'N-1' }, { bin_code: 'N-2', zone: 'Nowhere' }, { bin_code: 'N-3', zone_id: 9999 }, { bin_code: '-x', zone: 'STOR' }] });
    expect(r.body.errors).toEqual([
      { row: 0, error: 'Nothing was imported: all 5 rows were refused (listed below).' },
      { row: 1, error: 'Duplicate bin_code: A-01-01' },
      { row: 2, error: 'Missing required field: zone (or zone_id)' },
      { row: 3, error: "Zone 'Nowhere' not found. Create the zone first, then import bins." },
      { row: 4, error: "Zone '9999' not found. Create the zone first, then import bins." },
      { row: 5, error: "bin_code: Value error, Cell cannot start with '-' (formula injection prevention)" },
    ]);
    expect(await s.app.prisma.bin.count({ where: { binCode: { startsWith: 'N-' } } })).toBe(0);
  });
  it('refuses a bin_type outside Staging, PickableStaging, Pickable (legacy stored it unchecked)', async () => {
    const r = await importOf('bins', { records: [{ bin_code: 'T-1', zone: 'STOR', bin_type: 'pickable' }, { bin_code: 'T-2', zone: 'STOR', bin_type: 'Shelf' }] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ imported: 0, skipped: 2 });
    expect(r.body.errors.slice(1)).toEqual([
      { row: 1, error: 'bin_type: Value error, bin_type must be one of: Staging, PickableStaging, Pickable' },
      { row: 2, error: 'bin_type: Value error, bin_type must be one of: Staging, PickableStaging, Pickable' },
    ]);
    expect(await s.app.prisma.bin.count({ where: { binCode: { startsWith: 'T-' } } })).toBe(0);
  });
});

describe('POST /api/admin/import/purchase-orders and sales-orders', () => {
  it('creates POs from rows, appends lines to existing POs with max+1 line numbers', async () => {
    const r = await importOf('purchase-orders', { warehouse_id: ids.warehouseId, records: [
      { po_number: 'PO-IMP', vendor: 'Vend', sku: 'TST-001', quantity: '4', expected_date: '2027-03-01' },
      { po_number: 'PO-IMP', sku: 'TST-002', quantity_expected: 2 },
      { po_number: 'PO-1001', sku: 'TST-003', quantity: 1 },
    ] });
    expect(r).toMatchObject({ status: 200, body: ok(3) });
    const po = await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poNumber: 'PO-IMP' }, include: { lines: { orderBy: { lineNumber: 'asc' } } } });
    expect(po).toMatchObject({ poBarcode: 'PO-IMP', vendorName: 'Vend', status: 'OPEN', createdBy: null, warehouseId: ids.warehouseId });
    expect(po.expectedDate?.toISOString().slice(0, 10)).toBe('2027-03-01');
    expect(po.lines.map((l) => [l.lineNumber, l.quantityOrdered])).toEqual([[1, 4], [2, 2]]);
    const seeded = await s.app.prisma.purchaseOrderLine.findMany({ where: { purchaseOrder: { poNumber: 'PO-1001' } }, orderBy: { lineNumber: 'asc' } });
    expect(seeded.map((l) => l.lineNumber)).toEqual([1, 2, 3]);
  });

  it('reports PO row errors and imports nothing', async () => {
    const r = await importOf('purchase-orders', { records: [
      { po_number: 'PO-E1', sku: 'TST-001', quantity: 1, warehouse_id: ids.warehouseId },
      { po_number: 'PO-E2', sku: 'TST-001' },
      { po_number: 'PO-E3', sku: 'TST-001', quantity: 1 },
      { po_number: 'PO-E4', sku: 'NOPE', quantity: 1, warehouse_id: ids.warehouseId },
      { po_number: 'PO-E5', sku: 'TST-001', quantity: 1, warehouse_id: 4242 },
      { po_number: 'PO-E6', sku: 'TST-001', quantity: 1, warehouse_id: ids.warehouseId, expected_date: 'someday' },
    ] });
    expect(r.body.errors).toEqual([
      { row: 0, error: 'Nothing was imported: 5 rows of 6 were refused (listed below), so the other 1 row was not imported either. Fix the listed rows and import the whole file again.' },
      { row: 2, error: 'quantity must be > 0' },
      { row: 3, error: 'Missing required field: warehouse_id' },
      { row: 4, error: 'Item not found: NOPE' },
      { row: 5, error: 'Warehouse 4242 not found' },
      { row: 6, error: 'expected_date: Value error, expected_date must be a valid date (YYYY-MM-DD)' },
    ]);
    expect(await s.app.prisma.purchaseOrder.count({ where: { poNumber: { startsWith: 'PO-E' } } })).toBe(0);
  });

  it('the body warehouse_id is the default of rows naming none, read like a row cell', async () => {
    const lenient = await importOf('purchase-orders', { warehouse_id: ` ${ids.warehouseId} `, records: [{ po_number: 'PO-D1', sku: 'TST-001', quantity: 1 }] });
    expect(lenient).toMatchObject({ status: 200, body: ok(1) });
    expect(await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poNumber: 'PO-D1' } })).toMatchObject({ warehouseId: ids.warehouseId });
    const bad = await importOf('purchase-orders', { warehouse_id: 'abc', records: [
      { po_number: 'PO-D2', sku: 'TST-001', quantity: 1 },
      { po_number: 'PO-D3', sku: 'TST-001', quantity: 1, warehouse_id: ids.warehouseId },
    ] });
    expect(bad.body.errors).toEqual([
      { row: 0, error: 'Nothing was imported: 1 row of 2 was refused (listed below), so the other 1 row was not imported either. Fix the listed rows and import the whole file again.' },
      { row: 1, error: 'warehouse_id: Input should be a valid integer, unable to parse string as an integer' },
    ]);
    const zero = await importOf('sales-orders', { warehouse_id: 0, records: [{ so_number: 'SO-D1', sku: 'TST-001', quantity: 1 }] });
    expect(zero.body.errors).toEqual([
      { row: 0, error: 'Nothing was imported: the row was refused (listed below).' },
      { row: 1, error: 'warehouse_id: Input should be greater than 0' },
    ]);
    expect(await s.app.prisma.purchaseOrder.count({ where: { poNumber: { in: ['PO-D2', 'PO-D3'] } } })).toBe(0);
    expect(await s.app.prisma.salesOrder.count({ where: { soNumber: 'SO-D1' } })).toBe(0);
  });

  it('creates SOs from rows (so_barcode = so_number, created_by null)', async () => {
    const r = await importOf('sales-orders', { sales_orders: [
      { so_number: 'SO-IMP', customer: 'Cust', customer_phone: '555', customer_address: 'Addr', sku: 'TST-001', quantity: 2, warehouse_id: ids.warehouseId },
      { so_number: 'SO-IMP', sku: 'TST-002', quantity_ordered: '1', warehouse_id: ids.warehouseId },
    ] });
    expect(r).toMatchObject({ status: 200, body: ok(2) });
    const so = await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soNumber: 'SO-IMP' }, include: { lines: { orderBy: { lineNumber: 'asc' } } } });
    expect(so).toMatchObject({ soBarcode: 'SO-IMP', customerName: 'Cust', customerPhone: '555', customerAddress: 'Addr', status: 'OPEN', createdBy: null });
    expect(so.orderDate).toBeInstanceOf(Date);
    expect(so.lines.map((l) => [l.lineNumber, l.quantityOrdered])).toEqual([[1, 2], [2, 1]]);
    const bad = await importOf('sales-orders', { records: [{ so_number: '@SO', sku: 'TST-001', quantity: 1, warehouse_id: 1 }] });
    expect(bad.body.errors).toEqual([
      { row: 0, error: 'Nothing was imported: the row was refused (listed below).' },
      { row: 1, error: "so_number: Value error, Cell cannot start with '@' (formula injection prevention)" },
    ]);
  });
});

describe('request-level errors', () => {
  it('unsupported entity (before the body is read), records required, 5000 cap', async () => {
    const r = await s.api('POST', '/api/admin/import/widgets', { token: admin, rawBody: 'x', headers: { 'content-type': 'text/plain' } });
    expect(r).toMatchObject({ status: 400, body: { error: 'Unsupported entity type: widgets' } });
    expect(await importOf('items', {})).toMatchObject({ status: 400, body: { error: 'records array is required' } });
    expect(await importOf('items', { records: [] })).toMatchObject({ status: 400, body: { error: 'records array is required' } });
    expect(await importOf('items', { records: 'nope' })).toMatchObject({ status: 400, body: { error: 'records array is required' } });
    const many = Array.from({ length: 5001 }, (_, i) => ({ sku: `X-${i}`, name: 'x' }));
    expect(await importOf('items', { records: many })).toMatchObject({ status: 400, body: { error: 'Import limited to 5000 records per file' } });
  });

  it('415 HTML for a non-JSON content type, 400 HTML for malformed JSON, 400 for a non-object body', async () => {
    const t = await s.api('POST', '/api/admin/import/items', { token: admin, rawBody: '{"records":[]}', headers: { 'content-type': 'text/plain' } });
    expect(t.status).toBe(415);
    expect(t.text).toContain('<title>415 Unsupported Media Type</title>');
    const m = await s.api('POST', '/api/admin/import/items', { token: admin, rawBody: '{"records": [', headers: { 'content-type': 'application/json' } });
    expect(m.status).toBe(400);
    expect(m.text).toContain('<title>400 Bad Request</title>');
    const n = await s.api('POST', '/api/admin/import/items', { token: admin, rawBody: 'null', headers: { 'content-type': 'application/json' } });
    expect(n).toMatchObject({ status: 400, body: { error: 'validation_error' } });
  });

  it('is admin only', async () => {
    const u = await createUser(s.app, { password: 'Plain1234' });
    const token = await s.login(u.username, 'Plain1234');
    expect(await s.api('POST', '/api/admin/import/items', { token, body: { records: [{ sku: 'Z', name: 'z' }] } })).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    expect(await s.app.prisma.item.count({ where: { sku: 'Z' } })).toBe(0);
  });
});

describe('5000 records in one request', () => {
  it('imports 5000 items in one transaction', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ sku: `BULK-${i}`, name: `Bulk ${i}`, upc: `8${String(i).padStart(11, '0')}`, default_bin: 'A-01-01', quantity: '1' }));
    const started = Date.now();
    const r = await importOf('items', { records });
    expect(r).toMatchObject({ status: 200, body: ok(5000) });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await s.app.prisma.item.count({ where: { sku: { startsWith: 'BULK-' } } })).toBe(5000);
    expect(await s.app.prisma.inventory.count({ where: { item: { sku: { startsWith: 'BULK-' } } } })).toBe(5000);
  }, 90_000);
});
