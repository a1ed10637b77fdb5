/** The steps of the warehouse day, as each face issues them: REST (/api), GraphQL (/graphql). */
import { Agent, request, type Dispatcher } from 'undici';
import { loadOperations } from '../rest-compat/operations';

export interface NextTask {
  pickTaskId: number;
  quantityToPick: number;
  upc: string;
}

export interface Face {
  readonly name: 'rest' | 'graphql' | 'sql';
  poLookup(barcode: string): Promise<{ poId: number; lines: { itemId: number; remaining: number }[] }>;
  receive(poId: number, itemId: number, quantity: number, binId: number): Promise<void>;
  putaway(itemId: number, fromBinId: number, toBinId: number, quantity: number): Promise<void>;
  waveCreate(soId: number, warehouseId: number): Promise<{ batchId: number }>;
  next(batchId: number): Promise<NextTask | null>;
  confirm(pickTaskId: number, barcode: string, quantity: number): Promise<void>;
  completeBatch(batchId: number): Promise<void>;
  packVerify(soId: number, barcode: string, quantity: number): Promise<void>;
  packComplete(soId: number): Promise<void>;
  ship(soId: number, tracking: string): Promise<void>;
  lookupItem(barcode: string): Promise<void>;
  lookupBin(barcode: string): Promise<void>;
  close?(): Promise<void>;
}

export class StepError extends Error {}

/**
 * The load generator's HTTP client: undici's `request` on keep-alive connections. It costs this process about a
 * third of what `fetch` does per request (fetch builds WHATWG Request/Response/stream objects), and this process
 * shares the machine's two cores with the server and PostgreSQL.
 */
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });

async function call(url: string, method: string, token: string, body?: unknown): Promise<any> {
  const res = await request(url, {
    method: method as Dispatcher.HttpMethod,
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new StepError(`${method} ${url.replace(/^https?:\/\/[^/]+/, '')} -> ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

export function restFace(base: string, token: string): Face {
  const api = (method: string, path: string, body?: unknown) => call(base + path, method, token, body);
  return {
    name: 'rest',
    async poLookup(barcode) {
      const r = await api('GET', `/api/receiving/po/${encodeURIComponent(barcode)}`);
      return { poId: r.purchase_order.po_id, lines: r.lines.map((l: any) => ({ itemId: l.item_id, remaining: l.quantity_remaining })) };
    },
    async receive(poId, itemId, quantity, binId) {
      await api('POST', '/api/receiving/receive', { po_id: poId, items: [{ item_id: itemId, quantity, bin_id: binId }] });
    },
    async putaway(itemId, from, to, quantity) {
      await api('POST', '/api/putaway/confirm', { item_id: itemId, from_bin_id: from, to_bin_id: to, quantity });
    },
    async waveCreate(soId, warehouseId) {
      const r = await api('POST', '/api/picking/wave-create', { so_ids: [soId], warehouse_id: warehouseId });
      return { batchId: r.batch_id };
    },
    async next(batchId) {
      const r = await api('GET', `/api/picking/batch/${batchId}/next`);
      if (r.pick_task_id === undefined) return null;
      return { pickTaskId: r.pick_task_id, quantityToPick: r.quantity_to_pick, upc: r.upc };
    },
    async confirm(pickTaskId, barcode, quantity) {
      await api('POST', '/api/picking/confirm', { pick_task_id: pickTaskId, scanned_barcode: barcode, quantity_picked: quantity });
    },
    async completeBatch(batchId) {
      await api('POST', '/api/picking/complete-batch', { batch_id: batchId });
    },
    async packVerify(soId, barcode, quantity) {
      await api('POST', '/api/packing/verify', { so_id: soId, scanned_barcode: barcode, quantity });
    },
    async packComplete(soId) {
      await api('POST', '/api/packing/complete', { so_id: soId });
    },
    async ship(soId, tracking) {
      await api('POST', '/api/shipping/fulfill', { so_id: soId, tracking_number: tracking, carrier: 'UPS', ship_method: 'GROUND' });
    },
    async lookupItem(barcode) {
      await api('GET', `/api/lookup/item/${encodeURIComponent(barcode)}`);
    },
    async lookupBin(barcode) {
      await api('GET', `/api/lookup/bin/${encodeURIComponent(barcode)}`);
    },
  };
}

/** The same named operations the REST adapter runs (rest-compat/operations), sent to /graphql. */
export function graphqlFace(base: string, token: string): Face {
  const { ops } = loadOperations();
  const gql = async (name: string, variables: Record<string, unknown>) => {
    const op = ops.get(name);
    if (!op) throw new Error(`unknown operation ${name}`);
    const r = await call(`${base}/graphql`, 'POST', token, { query: op.source, variables, operationName: name });
    if (r.errors?.length) throw new StepError(`${name}: ${JSON.stringify(r.errors[0]).slice(0, 200)}`);
    // a mutation's expected failure is a userError in its payload
    for (const value of Object.values(r.data ?? {})) {
      const userErrors = (value as { userErrors?: unknown[] } | null)?.userErrors;
      if (userErrors?.length) throw new StepError(`${name}: ${JSON.stringify(userErrors[0]).slice(0, 200)}`);
    }
    return r.data;
  };
  return {
    name: 'graphql',
    async poLookup(barcode) {
      const d = await gql('ReceivingPurchaseOrder', { barcode });
      const r = d.receivingPurchaseOrder;
      return { poId: r.purchase_order.po_id, lines: r.lines.map((l: any) => ({ itemId: l.item_id, remaining: l.quantity_remaining })) };
    },
    async receive(poId, itemId, quantity, binId) {
      await gql('ReceivingReceive', { input: { poId, items: [{ itemId, quantity, binId }] } });
    },
    async putaway(itemId, fromBinId, toBinId, quantity) {
      await gql('PutawayConfirm', { input: { itemId, fromBinId, toBinId, quantity } });
    },
    async waveCreate(soId, warehouseId) {
      const d = await gql('PickWaveCreate', { input: { soIds: [soId], warehouseId } });
      return { batchId: d.pickWaveCreate.wave.batch_id };
    },
    async next(batchId) {
      const d = await gql('PickNextTask', { batchId });
      const t = d.pickNextTask.task;
      return t ? { pickTaskId: t.pick_task_id, quantityToPick: t.quantity_to_pick, upc: t.upc } : null;
    },
    async confirm(pickTaskId, scannedBarcode, quantityPicked) {
      await gql('PickConfirm', { input: { pickTaskId, scannedBarcode, quantityPicked } });
    },
    async completeBatch(batchId) {
      await gql('PickCompleteBatch', { input: { batchId } });
    },
    async packVerify(soId, scannedBarcode, quantity) {
      await gql('PackVerify', { input: { soId, scannedBarcode, quantity } });
    },
    async packComplete(soId) {
      await gql('PackComplete', { input: { soId } });
    },
    async ship(soId, trackingNumber) {
      await gql('ShipFulfill', { input: { soId, trackingNumber, carrier: 'UPS', shipMethod: 'GROUND' } });
    },
    async lookupItem(barcode) {
      await gql('LookupItem', { barcode });
    },
    async lookupBin(barcode) {
      await gql('LookupBin', { barcode });
    },
  };
}
