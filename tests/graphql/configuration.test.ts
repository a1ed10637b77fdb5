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
    const before = await stored('session_timeout_hours');
    const r = await s.gql(UPDATE, { input: { defaultReceivingBinId: 999999, sessionTimeoutHours: -1, allowOverReceiving: true } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.configurationUpdate.configuration).toBeNull();
    expect(r.data.configurationUpdate.userErrors).toEqual([
      { field: ['input', 'defaultReceivingBinId'], code: 'BAD_USER_INPUT', message: "Value error, default_receiving_bin must be the id of an existing bin, got '999999'" },
      { field: ['input', 'sessionTimeoutHours'], code: 'BAD_USER_INPUT', message: 'Value error, session_timeout_hours must be a positive integer' },
    ]);
    expect(await stored('session_timeout_hours')).toBe(before);
    expect(await stored('allow_over_receiving')).toBe('false');
  });

  it('is admin-only to change', async () => {
    const r = await s.gql(UPDATE, { input: { allowOverReceiving: true } }, floor);
    expect(r.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
  });
});
