// Admin catalog + system paths (spec 70 §1–§6, §11–§13). Mapping only: query strings to variables,
// GraphQL data to the legacy envelopes.
import {
  BinChanges,
  BinCreateInput,
  ItemChanges,
  ItemCreateInput,
  PreferredBinChanges,
  PreferredBinCreateInput,
  WarehouseChanges,
  WarehouseCreateInput,
  ZoneChanges,
  ZoneCreateInput,
} from '../../src/admin/catalog/catalog.inputs';
import { SettingsUpdateInput } from '../../src/admin/system/system.inputs';
import { FLOOR_SETTINGS } from '../../src/settings/settings.service';
import { intFilter } from '../pagination';
import { BinType, isValueOf } from '../../src/graphql/enums';
import { legacyAuditDetails, type AuditReferenceView } from '../audit-display';
import { legacyAuditBounds } from '../legacy-dates';
import { pyRepr } from '../python-repr';
import { legacyInput } from '../legacy-input';
import { defineRoutes, notFoundAnswer, pathInt, type RestRequest } from '../route';


const OWN_WAREHOUSE = 'Requires an ADMIN token, or a token of a user assigned to `warehouse_id` (required then).';

/** Text filters: the legacy ignored empty values. */
const text = (req: RestRequest, name: string) => req.query.get(name) || null;

const knownBinType = (req: RestRequest) => {
  const v = text(req, 'bin_type');
  return isValueOf(BinType, v) ? v : null;
};
const idOnly = (req: RestRequest) => ({ id: pathInt(req) });
/** The input of a mutation on the path's object: the body's changes and the object's id (`idField`). */
const changesOf = (idField: string) => (req: RestRequest) => ({ input: { ...req.body, [idField]: pathInt(req) } });
/** The input of a mutation that takes only the path's object. */
const pathObject = (idField: string) => (req: RestRequest) => ({ input: { [idField]: pathInt(req) } });

// The legacy reads of the catalog bodies: the zone type's length is checked before its value (pydantic's constr);
// the admin panel sends a bin's barcode as `barcode`.
const ZONE_TYPE = { enums: { zoneType: { min: 1, max: 32 } } };
const BIN_BARCODE = { aliases: { binBarcode: ['barcode'] } };
/** The legacy `{"message": ...}` of a mutation whose GraphQL payload carries the changed object or id instead. */
const message = (text: string) => () => ({ message: text });

export const routes = defineRoutes([
  // --- warehouses
  { method: 'GET', path: '/api/admin/warehouses', auth: 'admin', operation: 'AdminWarehouses', page: { rows: 'warehouses' } },
  {
    method: 'GET', path: '/api/admin/warehouses/:id#', auth: 'admin', operation: 'AdminWarehouse', variables: idOnly,
    missing: notFoundAnswer('Warehouse not found'),
    // Legacy nests the warehouse; the admin panel's settings card reads it flat (spec 95 §7.1): both.
    result: (d) => {
      const { zones, ...warehouse } = d.warehouse;
      return { ...warehouse, warehouse, zones };
    },
  },
  { method: 'POST', path: '/api/admin/warehouses', auth: 'admin', operation: 'AdminWarehouseCreate', input: legacyInput(WarehouseCreateInput), status: 201 },
  { method: 'PUT', path: '/api/admin/warehouses/:id#', auth: 'admin', operation: 'AdminWarehouseUpdate', input: legacyInput(WarehouseChanges), variables: changesOf('warehouseId') },
  { method: 'DELETE', path: '/api/admin/warehouses/:id#', auth: 'admin', operation: 'AdminWarehouseDelete', variables: pathObject('warehouseId'), result: message('Warehouse deleted') },

  // --- zones
  {
    method: 'GET', path: '/api/admin/zones', auth: 'admin', operation: 'AdminZones', page: { rows: 'zones' },
    variables: (req) => ({ filter: { warehouseId: intFilter(req.query.get('warehouse_id')) ?? null } }),
  },
  { method: 'POST', path: '/api/admin/zones', auth: 'admin', operation: 'AdminZoneCreate', input: legacyInput(ZoneCreateInput, ZONE_TYPE), status: 201 },
  { method: 'PUT', path: '/api/admin/zones/:id#', auth: 'admin', operation: 'AdminZoneUpdate', input: legacyInput(ZoneChanges, ZONE_TYPE), variables: changesOf('zoneId') },

  // --- bins
  {
    // floor users too, for one of their warehouses (scanner receive screen; the GraphQL rule checks the warehouse)
    method: 'GET', path: '/api/admin/bins', auth: 'user', authNote: OWN_WAREHOUSE, operation: 'AdminBins', page: { rows: 'bins' },
    variables: (req) => ({
      filter: {
        warehouseId: intFilter(req.query.get('warehouse_id')) ?? null,
        zoneId: intFilter(req.query.get('zone_id')) ?? null,
        binType: knownBinType(req),
      },
    }),
    // Legacy matches bin_type exactly: a type outside the enum lists nothing (GraphQL would refuse it).
    result: (d, req) => (text(req, 'bin_type') !== null && knownBinType(req) === null ? { ...d.bins, bins: [], total: 0, pages: 1 } : d.bins),
  },
  {
    method: 'GET', path: '/api/admin/bins/:id#', auth: 'admin', operation: 'AdminBin', variables: idOnly,
    missing: notFoundAnswer('Bin not found'),
    // Legacy nests the bin; the admin panel reads its fields at the top level (spec 95 §7.1): both.
    result: (d) => {
      const { inventory, ...bin } = d.bin;
      return { ...bin, bin, inventory };
    },
  },
  { method: 'POST', path: '/api/admin/bins', auth: 'admin', operation: 'AdminBinCreate', input: legacyInput(BinCreateInput, BIN_BARCODE), status: 201 },
  { method: 'PUT', path: '/api/admin/bins/:id#', auth: 'admin', operation: 'AdminBinUpdate', input: legacyInput(BinChanges, BIN_BARCODE), variables: changesOf('binId') },

  // --- items
  {
    method: 'GET', path: '/api/admin/items', auth: 'admin', operation: 'AdminItems', page: { rows: 'items' },
    variables: (req) => {
      const active = req.query.get('active');
      return {
        filter: {
          category: text(req, 'category'),
          // present: "true" (any case) = active only, any other value = archived only
          isActive: active === null ? null : active.toLowerCase() === 'true',
          q: text(req, 'q'),
        },
      };
    },
  },
  {
    method: 'GET', path: '/api/admin/items/:id#', auth: 'admin', operation: 'AdminItem', variables: idOnly,
    missing: notFoundAnswer('Item not found'),
    result: (d) => {
      const { inventory, preferred_bins, ...item } = d.item;
      return { item, inventory, preferred_bins };
    },
  },
  { method: 'POST', path: '/api/admin/items', auth: 'admin', operation: 'AdminItemCreate', input: legacyInput(ItemCreateInput), status: 201 },
  { method: 'PUT', path: '/api/admin/items/:id#', auth: 'admin', operation: 'AdminItemUpdate', input: legacyInput(ItemChanges), variables: changesOf('itemId') },
  {
    method: 'POST', path: '/api/admin/items/:id#/archive', auth: 'admin', operation: 'AdminItemArchive', variables: pathObject('itemId'),
    result: (d) => ({ message: d.itemArchive.is_active ? 'Item restored' : 'Item archived', is_active: d.itemArchive.is_active }),
  },
  { method: 'DELETE', path: '/api/admin/items/:id#', auth: 'admin', operation: 'AdminItemDelete', variables: pathObject('itemId'), result: message('Item deleted') },

  // --- inventory overview (`q`: the panel's search box, ignored by the legacy server)
  {
    method: 'GET', path: '/api/admin/inventory', auth: 'admin', operation: 'AdminInventory', page: { rows: 'inventory' },
    variables: (req) => ({
      filter: {
        warehouseId: intFilter(req.query.get('warehouse_id')) ?? null,
        itemId: intFilter(req.query.get('item_id')) ?? null,
        q: text(req, 'q'),
      },
    }),
  },

  // --- preferred bins
  {
    // every row: the legacy list is not paginated
    method: 'GET', path: '/api/admin/preferred-bins', auth: 'admin', operation: 'AdminPreferredBins', page: { rows: 'preferred_bins', all: true },
    variables: (req) => ({
      filter: {
        itemId: intFilter(req.query.get('item_id')) ?? null,
        binId: intFilter(req.query.get('bin_id')) ?? null,
        q: text(req, 'q'),
      },
    }),
    result: (d) => ({ preferred_bins: d.preferredBins }),
  },
  {
    method: 'POST', path: '/api/admin/preferred-bins', auth: 'admin', operation: 'AdminPreferredBinSave', input: legacyInput(PreferredBinCreateInput),
    result: message('Preferred bin saved'),
  },
  // an unknown id: 200 all the same (legacy)
  {
    method: 'PUT', path: '/api/admin/preferred-bins/:id#', auth: 'admin', operation: 'AdminPreferredBinUpdate', input: legacyInput(PreferredBinChanges), variables: changesOf('preferredBinId'),
    result: message('Priority updated'),
  },
  { method: 'DELETE', path: '/api/admin/preferred-bins/:id#', auth: 'admin', operation: 'AdminPreferredBinDelete', variables: pathObject('preferredBinId'), result: message('Preferred bin deleted') },

  // --- dashboard
  {
    // floor users too, for one of their warehouses (scanner home screen; the GraphQL rule checks the warehouse)
    method: 'GET', path: '/api/admin/dashboard', auth: 'user', authNote: OWN_WAREHOUSE, operation: 'AdminDashboard',
    variables: (req) => ({ warehouseId: intFilter(req.query.get('warehouse_id')) ?? null }),
    // Without packing the legacy left out ready_to_pack / orders_packed (and so the panel's orders_to_pack).
    result: (d) => {
      const out = { ...d.dashboard };
      // The legacy panel shows the details as the text of a Python dict (spec 70 §12).
      out.recent_activity = out.recent_activity.map(({ details, ...a }: { details: unknown }) => ({
        ...a,
        detail: details === null || details === undefined ? null : pyRepr(details),
      }));
      if (!out.require_packing) {
        delete out.ready_to_pack;
        delete out.orders_packed;
        delete out.orders_to_pack;
      }
      return out;
    },
  },

  // --- settings
  { method: 'GET', path: '/api/admin/settings', auth: 'admin', operation: 'AdminSettings', result: (d) => ({ settings: d.settings }) },
  // floor users read the floor settings only (the GraphQL rule checks the key)
  {
    method: 'GET', path: '/api/admin/settings/:key', auth: 'user', operation: 'AdminSetting', variables: (req) => ({ key: req.params.key }),
    missing: notFoundAnswer('Setting not found'),
    authNote: `Requires an ADMIN token, or any token for the floor settings (${FLOOR_SETTINGS.join(', ')}).`,
  },
  {
    method: 'PUT', path: '/api/admin/settings', auth: 'admin', operation: 'AdminSettingsUpdate',
    // setting names are data: the map's keys pass as sent
    input: legacyInput(SettingsUpdateInput),
    result: message('Settings updated'),
  },

  // --- audit log
  {
    method: 'GET', path: '/api/admin/audit-log', auth: 'admin', operation: 'AdminAuditLog', page: { rows: 'entries' },
    variables: async (req, casts) => ({
      filter: {
        actionType: text(req, 'action_type'),
        userId: text(req, 'user_id'),
        ...(await legacyAuditBounds(casts, text(req, 'start_date'), text(req, 'end_date'))),
      },
    }),
    result: (d) => ({
      ...d.auditLog,
      entries: d.auditLog.entries.map(({ references, ...entry }: { references: AuditReferenceView[]; details: unknown }) => ({
        ...entry,
        details: legacyAuditDetails(entry.details, references),
      })),
    }),
  },
]);
