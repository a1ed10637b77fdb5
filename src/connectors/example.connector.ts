/**
 * The `example` connector: a reference implementation against a simple REST API at `base_url`
 * (`GET /health`, `GET /orders|/items|/inventory?since=<ISO>` answering a JSON array or `{"data": [...]}`,
 * `POST /fulfillments` answering `{"id": ...}`), authenticated with `Authorization: Bearer <api_key>`.
 * Records are fetched and counted; mapping them into WMS tables is left to real connectors.
 */
import type { Connector, ConnectorDefinition, ConnectorDeps, ConnectionResult, PushResult, SyncResult } from './connector';

const CONFIG_SCHEMA = {
  api_key: { type: 'string', required: true, label: 'API Key', description: 'Your API authentication key' },
  base_url: { type: 'string', required: true, label: 'Base URL', description: 'API endpoint URL (e.g. https://api.example.com)' },
} as const;

class ExampleConnector implements Connector {
  constructor(
    private readonly config: Record<string, string>,
    private readonly deps: ConnectorDeps,
    private readonly probeHealth: boolean,
  ) {}

  private missing(): string[] {
    return Object.keys(CONFIG_SCHEMA).filter((k) => !this.config[k]?.trim());
  }

  private url(path: string, query?: Record<string, string>): string {
    const base = this.config.base_url.trim();
    const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }

  private get headers() {
    return { authorization: `Bearer ${this.config.api_key}`, accept: 'application/json' };
  }

  async testConnection(): Promise<ConnectionResult> {
    // The reference's example answers without a network call, whatever base_url is stored.
    if (!this.probeHealth) return { connected: true, message: 'Example connector - no real connection' };
    const missing = this.missing();
    if (missing.length) return { connected: false, message: `Missing required credentials: ${missing.join(', ')}` };
    try {
      const res = await this.deps.http.get(this.url('health'), this.headers);
      if (res.status >= 200 && res.status < 300) return { connected: true, message: `Connected to ${new URL(res.url).origin} (HTTP ${res.status})` };
      if (res.status === 401 || res.status === 403) return { connected: false, message: `Authentication failed (HTTP ${res.status})` };
      return { connected: false, message: `Unexpected response: HTTP ${res.status} ${res.body.slice(0, 1000)}`.trim() };
    } catch (e) {
      if ((e as Error).name === 'BlockedDestinationError') throw e;
      return { connected: false, message: `Connection failed: ${(e as Error).message}` };
    }
  }

  private async fetchRecords(resource: string, since: Date): Promise<SyncResult> {
    const missing = this.missing();
    if (missing.length) return { success: false, recordsSynced: 0, errors: [`Missing required credentials: ${missing.join(', ')}`] };
    const res = await this.deps.http.get(this.url(resource, { since: since.toISOString() }), this.headers);
    if (res.status < 200 || res.status >= 300) return { success: false, recordsSynced: 0, errors: [`GET /${resource} answered HTTP ${res.status}`] };
    let data: unknown;
    try {
      data = JSON.parse(res.body);
    } catch {
      return { success: false, recordsSynced: 0, errors: [`GET /${resource} did not answer JSON`] };
    }
    const records = Array.isArray(data) ? data : (data as { data?: unknown })?.data;
    if (!Array.isArray(records)) return { success: false, recordsSynced: 0, errors: [`GET /${resource} answered no record list`] };
    return { success: true, recordsSynced: records.length, errors: [] };
  }

  syncOrders(since: Date) {
    return this.fetchRecords('orders', since);
  }

  syncItems(since: Date) {
    return this.fetchRecords('items', since);
  }

  syncInventory(since: Date) {
    return this.fetchRecords('inventory', since);
  }

  async pushFulfillment(orderId: string, tracking: string, carrier: string): Promise<PushResult> {
    const missing = this.missing();
    if (missing.length) return { success: false, externalId: null, error: `Missing required credentials: ${missing.join(', ')}` };
    const res = await this.deps.http.post(this.url('fulfillments'), { order_id: orderId, tracking_number: tracking, carrier }, this.headers);
    if (res.status < 200 || res.status >= 300) return { success: false, externalId: null, error: `POST /fulfillments answered HTTP ${res.status}` };
    let id: unknown = null;
    try {
      id = (JSON.parse(res.body) as { id?: unknown })?.id ?? null;
    } catch {
      /* a 2xx without JSON still counts as pushed */
    }
    return { success: true, externalId: id === null ? null : String(id), error: null };
  }
}

/**
 * The example connector under `name`. `probeHealth` makes its connection test call `GET <base_url>/health`
 * (through the SSRF guard) instead of answering without a network call: the shape of a connector that calls out.
 */
export const defineExampleConnector = (name: string, opts: { probeHealth: boolean }): ConnectorDefinition => ({
  name,
  configSchema: CONFIG_SCHEMA as unknown as ConnectorDefinition['configSchema'],
  capabilities: ['sync_orders', 'sync_items', 'sync_inventory', 'push_fulfillment'],
  create: (config, deps) => new ExampleConnector(config, deps, opts.probeHealth),
});

export const exampleConnector = defineExampleConnector('example', { probeHealth: false });
