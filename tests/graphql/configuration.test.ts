import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';

let s: TestServer;
let admin: string;
let floor: string;

const READ = '{ configuration { requirePackingBeforeShipping countShowExpected allowOverReceiving requireCountApprovalSeparation defaultReceivingBinId sessionTimeoutHours } }';
const UPDATE = `mutation($input: ConfigurationUpdateInput!) { configurationUpdate(input: $input) {
  configuration { requirePackingBeforeShipping allowOverReceiving defaultReceivingBinId sessionTimeoutHours } userErrors { field code message } } }`;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  const u = await createUser(s.app, { allowedFunctions: ['pick'] });
  floor = await s.login(u.username, u.password);
});
afterAll(() => s?.close());

const stored = async (key: string) => (await s.app.prisma.appSetting.findUnique({ where: { key } }))?.value ?? null;

describe('typed settings', () => {
  it('reads the stored strings as booleans and ints, for any signed-in user', async () => {
    await s.app.prisma.appSetting.upsert({ where: { key: 'allow_over_receiving' }, create: { key: 'allow_over_receiving', value: 'true' }, update: { value: 'true' } });
    const r = await s.gql(READ, {}, floor);
    expect(r.errors).toBeUndefined();
    expect(r.data.configuration).toMatchObject({ requirePackingBeforeShipping: true, allowOverReceiving: true });
    expect(typeof r.data.configuration.countShowExpected).toBe('boolean');
    expect((await s.gql(READ, {})).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('writes typed values as the legacy strings, which the key/value settings read back', async () => {
    const bin = await s.app.prisma.bin.findFirstOrThrow();
    const r = await s.gql(UPDATE, { input: { allowOverReceiving: false, defaultReceivingBinId: bin.binId, sessionTimeoutHours: 12 } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.configurationUpdate).toEqual({
      configuration: { requirePackingBeforeShipping: true, allowOverReceiving: false, defaultReceivingBinId: bin.binId, sessionTimeoutHours: 12 },
      userErrors: [],
    });
    expect([await stored('allow_over_receiving'), await stored('default_receiving_bin'), await stored('session_timeout_hours')]).toEqual(['false', String(bin.binId), '12']);
    const cleared = await s.gql(UPDATE, { input: { defaultReceivingBinId: 0 } }, admin);
    expect(cleared.data.configurationUpdate.configuration.defaultReceivingBinId).toBeNull();
    expect(await stored('default_receiving_bin')).toBe('');
  });

  it('answers userErrors on the typed field and writes nothing', async () => {
    const before = [await stored('session_timeout_hours'), await stored('default_receiving_bin')];
    const r = await s.gql(UPDATE, { input: { defaultReceivingBinId: -2, sessionTimeoutHours: -1, allowOverReceiving: true } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.configurationUpdate.configuration).toBeNull();
    expect(r.data.configurationUpdate.userErrors).toEqual([
      { field: ['input', 'defaultReceivingBinId'], code: 'BAD_USER_INPUT', message: 'Input should be greater than or equal to 0' },
      { field: ['input', 'sessionTimeoutHours'], code: 'BAD_USER_INPUT', message: 'Input should be greater than 0' },
    ]);
    // a bin that does not exist is not found, like any unknown id
    const missing = await s.gql(UPDATE, { input: { defaultReceivingBinId: 999999, sessionTimeoutHours: 3, allowOverReceiving: true } }, admin);
    expect(missing.data.configurationUpdate).toEqual({
      configuration: null,
      userErrors: [{ field: ['input', 'defaultReceivingBinId'], code: 'NOT_FOUND', message: 'Bin not found' }],
    });
    expect([await stored('session_timeout_hours'), await stored('default_receiving_bin')]).toEqual(before);
    expect(await stored('allow_over_receiving')).toBe('false');
  });

  it('refuses to turn packing off while PACKED orders wait, on its typed field, writing nothing', async () => {
    const so = await s.app.prisma.salesOrder.create({ data: { soNumber: 'CFG-PACKED', status: 'PACKED', warehouseId: 1 } });
    const r = await s.gql(UPDATE, { input: { requirePackingBeforeShipping: false, allowOverReceiving: true } }, admin);
    expect(r.data.configurationUpdate).toEqual({
      configuration: null,
      userErrors: [{ field: ['input', 'requirePackingBeforeShipping'], code: 'BAD_USER_INPUT', message: 'Cannot disable packing. 1 order in PACKED status. Ship them before disabling.' }],
    });
    expect([await stored('require_packing_before_shipping'), await stored('allow_over_receiving')]).toEqual(['true', 'false']);
    await s.app.prisma.salesOrder.update({ where: { soId: so.soId }, data: { status: 'SHIPPED' } });
    const off = await s.gql(UPDATE, { input: { requirePackingBeforeShipping: false } }, admin);
    expect(off.data.configurationUpdate.configuration.requirePackingBeforeShipping).toBe(false);
    expect(await stored('require_packing_before_shipping')).toBe('false');
  });

  it('settingsUpdate: the map needs an entry, keys fit the column; problems name the key as sent; nothing written', async () => {
    const doc = `mutation($input: SettingsUpdateInput!) { settingsUpdate(input: $input) { settings { key } userErrors { field code message } } }`;
    const empty = await s.gql(doc, { input: { settings: {} } }, admin);
    expect(empty.data.settingsUpdate).toEqual({ settings: null, userErrors: [{ field: ['input', 'settings'], code: 'BAD_USER_INPUT', message: 'Map should have at least 1 entry' }] });
    const long = 'k'.repeat(101);
    const bad = await s.gql(doc, { input: { settings: { [long]: 'v', allow_over_receiving: 'true' } } }, admin);
    expect(bad.data.settingsUpdate).toEqual({ settings: null, userErrors: [{ field: ['input', 'settings', long], code: 'BAD_USER_INPUT', message: 'String should have at most 100 characters' }] });
    const typed = await s.gql(doc, { input: { settings: { someFlag: 'x', count_show_expected: 'yes' } } }, admin);
    expect(typed.data.settingsUpdate.userErrors).toEqual([
      { field: ['input', 'settings', 'count_show_expected'], code: 'BAD_USER_INPUT', message: "count_show_expected must be 'true' or 'false'" },
    ]);
    expect(await s.app.prisma.appSetting.count({ where: { key: { in: [long, 'someFlag'] } } })).toBe(0);
    expect(await stored('allow_over_receiving')).toBe('false');
  });

  it('is admin-only to change', async () => {
    const r = await s.gql(UPDATE, { input: { allowOverReceiving: true } }, floor);
    expect(r.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
  });
});
