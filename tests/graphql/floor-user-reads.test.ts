// Issue #20 §1 in GraphQL: a floor USER reads the dashboard and the bins of its own warehouses and the four floor
// settings; every other admin read or write stays FORBIDDEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeWarehouse, seedIds } from '../helpers/admin-catalog';
import { dbChecksum } from '../property/db-checksum';

let s: TestServer;
let admin: string;
let user: string;
let ids: Awaited<ReturnType<typeof seedIds>>;
let other: Awaited<ReturnType<typeof makeWarehouse>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ids = await seedIds(s);
  other = await makeWarehouse(s, 'WH-G', { bin: true });
  admin = await s.adminToken();
  const u = await createUser(s.app, { warehouseIds: [ids.warehouseId], allowedFunctions: [...ALL_FUNCTIONS] });
  user = await s.login(u.username, u.password);
});
afterAll(async () => {
  await s?.close();
});

const DASHBOARD = `query($w: Int) { dashboard(warehouseId: $w) {
  openPos pendingReceipts itemsAwaitingPutaway openSos ordersReadyToPick ordersInPicking readyToPack ordersPacked readyToShip
  requirePacking totalSkus totalBins lowStockItems shortPicks7d pendingAdjustments recentActivity { actionType entityType createdAt } } }`;
const BINS_PAGE = `query($f: BinFilter, $o: Int, $n: Int) { bins(filter: $f, offset: $o, first: $n) {
  totalCount edges { node { binId binCode binType warehouseId zoneName isActive } } } }`;
const BINS = `query($f: BinFilter) { bins(filter: $f, first: 100) { totalCount edges { node { binId binCode warehouseId } } } }`;
const SETTING = `query($k: String!) { setting(key: $k) { key value } }`;

const forbidden = (r: { data?: any; errors?: any }, field: string, message = 'Forbidden') => {
  expect(r.errors?.[0], JSON.stringify(r.errors)).toMatchObject({ message, extensions: { code: 'FORBIDDEN' } });
  expect(r.data?.[field] ?? null).toBeNull();
};

describe('dashboard', () => {
  it('its own warehouse: the same figures as an admin', async () => {
    const r = await s.gql(DASHBOARD, { w: ids.warehouseId }, user);
    expect(r.errors).toBeUndefined();
    expect(r.data.dashboard).toEqual((await s.gql(DASHBOARD, { w: ids.warehouseId }, admin)).data.dashboard);
    expect(r.data.dashboard.totalBins).toBe(await s.app.prisma.bin.count({ where: { warehouseId: ids.warehouseId, isActive: true } }));
  });

  it('another warehouse, or none: FORBIDDEN', async () => {
    forbidden(await s.gql(DASHBOARD, { w: other.warehouseId }, user), 'dashboard', 'Access denied for this warehouse');
    forbidden(await s.gql(DASHBOARD, { w: -1 }, user), 'dashboard');
    forbidden(await s.gql(DASHBOARD, {}, user), 'dashboard');
    forbidden(await s.gql(DASHBOARD, { w: null }, user), 'dashboard');
    // the admin reads any warehouse, or all of them
    expect((await s.gql(DASHBOARD, { w: other.warehouseId }, admin)).errors).toBeUndefined();
    expect((await s.gql(DASHBOARD, {}, admin)).errors).toBeUndefined();
  });
});

describe('bins', () => {
  it('the bins of its own warehouse, by page number or cursor: the same rows as an admin', async () => {
    for (const v of [{ f: { warehouseId: ids.warehouseId } }, { f: { warehouseId: ids.warehouseId, binType: 'STAGING' } }, { f: { warehouseId: ids.warehouseId }, o: 3, n: 3 }]) {
      const r = await s.gql(BINS_PAGE, v, user);
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual((await s.gql(BINS_PAGE, v, admin)).data);
      expect(r.data.bins.edges.every((e: any) => e.node.warehouseId === ids.warehouseId)).toBe(true);
    }
    const conn = await s.gql(BINS, { f: { warehouseId: ids.warehouseId } }, user);
    expect(conn.errors).toBeUndefined();
    expect(conn.data).toEqual((await s.gql(BINS, { f: { warehouseId: ids.warehouseId } }, admin)).data);
    expect(conn.data.bins.totalCount).toBe(await s.app.prisma.bin.count({ where: { warehouseId: ids.warehouseId } }));
  });

  it('another warehouse, no filter, or a filter without a warehouse: FORBIDDEN; a single bin stays ADMIN only', async () => {
    forbidden(await s.gql(BINS_PAGE, { f: { warehouseId: other.warehouseId } }, user), 'bins', 'Access denied for this warehouse');
    forbidden(await s.gql(BINS_PAGE, {}, user), 'bins');
    forbidden(await s.gql(BINS_PAGE, { f: { binType: 'STAGING' } }, user), 'bins');
    forbidden(await s.gql(BINS_PAGE, { f: { warehouseId: 0 } }, user), 'bins');
    forbidden(await s.gql(BINS, { f: { warehouseId: other.warehouseId } }, user), 'bins', 'Access denied for this warehouse');
    forbidden(await s.gql(BINS, {}, user), 'bins');
    forbidden(await s.gql(`query($id: Int!) { bin(id: $id) { binCode } }`, { id: ids.bins['A-01-01'] }, user), 'bin');
  });
});

describe('an item reached through a bin of its own warehouse', () => {
  const NESTED = `query($f: BinFilter) { bins(filter: $f, first: 12) { edges { node { inventory { item {
    sku inventory { warehouseId } preferredBins { bin { warehouseId } } defaultBin { warehouseId } } } } } } }`;

  it("shows only the caller's warehouses: no stock, preferred bin or default bin of another warehouse", async () => {
    const p = s.app.prisma;
    const stocked = await p.inventory.findFirstOrThrow({ where: { warehouseId: ids.warehouseId }, orderBy: { binId: 'asc' } });
    await p.inventory.create({ data: { itemId: stocked.itemId, binId: other.binId!, warehouseId: other.warehouseId, quantityOnHand: 7 } });
    await p.preferredBin.create({ data: { itemId: stocked.itemId, binId: other.binId!, priority: 1 } });
    await p.item.update({ where: { itemId: stocked.itemId }, data: { defaultBinId: other.binId! } });

    const items = async (token: string) => {
      const r = await s.gql(NESTED, { f: { warehouseId: ids.warehouseId } }, token);
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data.bins.edges.flatMap((e: any) => e.node.inventory.map((i: any) => i.item)).filter((i: any) => i.sku);
    };
    const seen = (list: any[]) => ({
      stock: new Set(list.flatMap((i) => i.inventory.map((r: any) => r.warehouseId))),
      preferred: new Set(list.flatMap((i) => i.preferredBins.map((b: any) => b.bin.warehouseId))),
      defaults: new Set(list.map((i) => i.defaultBin?.warehouseId ?? null)),
    });
    const asAdmin = seen(await items(admin));
    expect(asAdmin.stock.has(other.warehouseId)).toBe(true);
    expect(asAdmin.preferred.has(other.warehouseId)).toBe(true);
    expect(asAdmin.defaults.has(other.warehouseId)).toBe(true);
    const asUser = seen(await items(user));
    expect([...asUser.stock]).toEqual([ids.warehouseId]);
    expect(asUser.preferred.has(other.warehouseId)).toBe(false);
    expect(asUser.defaults.has(other.warehouseId)).toBe(false);
  });
});

describe('settings', () => {
  it('the four floor settings: the same key/value as an admin', async () => {
    for (const k of ['allow_over_receiving', 'default_receiving_bin', 'count_show_expected', 'require_packing_before_shipping']) {
      const r = await s.gql(SETTING, { k }, user);
      expect(r.errors, k).toBeUndefined();
      const stored = await s.app.prisma.appSetting.findUniqueOrThrow({ where: { key: k } });
      expect(r.data.setting).toEqual({ key: k, value: stored.value });
    }
  });

  it('other keys, the list and the write: FORBIDDEN, nothing changed', async () => {
    const before = await dbChecksum(s.app);
    for (const k of ['session_timeout_hours', 'require_count_approval_separation', 'no_such_key']) forbidden(await s.gql(SETTING, { k }, user), 'setting');
    forbidden(await s.gql(`{ settings { key value } }`, undefined, user), 'settings');
    const write = await s.gql(`mutation($s: JSON!) { settingsUpdate(input: { settings: $s }) { settings { key } } }`, { s: { allow_over_receiving: 'true' } }, user);
    forbidden(write, 'settingsUpdate');
    expect(await dbChecksum(s.app)).toEqual(before);
    expect((await s.gql(SETTING, { k: 'session_timeout_hours' }, admin)).data.setting.key).toBe('session_timeout_hours');
  });
});
