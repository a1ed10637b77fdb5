/** The connector contract (spec 80 §1) and the registry name -> connector definition. */
import type { ConnectorHttpClient } from './http-client';

export type Capability = 'sync_orders' | 'sync_items' | 'sync_inventory' | 'push_fulfillment';

export interface ConfigField {
  type: 'string';
  required: boolean;
  label: string;
  description: string;
}
export type ConfigSchema = Record<string, ConfigField>;

export interface SyncResult {
  success: boolean;
  recordsSynced: number;
  errors: string[];
}
export interface PushResult {
  success: boolean;
  externalId: string | null;
  error: string | null;
}
export interface ConnectionResult {
  connected: boolean;
  message: string;
}

/** One connector built from the decrypted credentials of one connector + warehouse. */
export interface Connector {
  syncOrders(since: Date): Promise<SyncResult>;
  syncItems(since: Date): Promise<SyncResult>;
  syncInventory(since: Date): Promise<SyncResult>;
  pushFulfillment(orderId: string, tracking: string, carrier: string): Promise<PushResult>;
  /** Returns normally for "not connected"; throws BlockedDestinationError when the guard refuses the URL. */
  testConnection(): Promise<ConnectionResult>;
}

/** What a connector gets besides its config: the guarded HTTP client (fresh per instance). */
export interface ConnectorDeps {
  http: ConnectorHttpClient;
}

export interface ConnectorDefinition {
  name: string;
  configSchema: ConfigSchema;
  capabilities: Capability[];
  create(config: Record<string, string>, deps: ConnectorDeps): Connector;
}

const CONTRACT: (keyof Connector)[] = ['syncOrders', 'syncItems', 'syncInventory', 'pushFulfillment', 'testConnection'];
const CAPABILITIES = new Set<Capability>(['sync_orders', 'sync_items', 'sync_inventory', 'push_fulfillment']);

export class ConnectorRegistry {
  private readonly byName = new Map<string, ConnectorDefinition>();

  /** Registering a name again replaces it. Refuses a definition that does not implement the whole contract. */
  register(def: ConnectorDefinition): void {
    if (!def.name || typeof def.create !== 'function') throw new TypeError('connector definition needs a name and create()');
    if (!def.capabilities.every((c) => CAPABILITIES.has(c))) throw new TypeError(`connector ${def.name}: unknown capability`);
    for (const [key, field] of Object.entries(def.configSchema)) {
      if (typeof field.label !== 'string' || typeof field.required !== 'boolean') throw new TypeError(`connector ${def.name}: bad config field ${key}`);
    }
    this.byName.set(def.name, def);
  }

  get(name: string): ConnectorDefinition | undefined {
    return this.byName.get(name);
  }

  list(): ConnectorDefinition[] {
    return [...this.byName.values()];
  }

  /** Builds an instance and checks it implements every operation of the contract. */
  create(name: string, config: Record<string, string>, deps: ConnectorDeps): Connector {
    const def = this.byName.get(name);
    if (!def) throw new Error(`Connector '${name}' not found`);
    const instance = def.create(config, deps);
    const missing = CONTRACT.filter((op) => typeof instance[op] !== 'function');
    if (missing.length) throw new TypeError(`connector ${name} does not implement ${missing.join(', ')}`);
    return instance;
  }
}
