import SchemaBuilder from '@pothos/core';
import { graphql, type GraphQLSchema } from 'graphql';
import { describe, expect, expectTypeOf, it } from 'vitest';
import ShieldPlugin, { ROOT_TYPES, rootFieldRules } from '../../src/auth/shield';
import { admin, anyone, authenticated, can, isAdmin, isAuthenticated, type ShieldRule } from '../../src/auth/rules';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { buildSchema } from '../../src/graphql/schema';
import type { CurrentUser, RequestContext } from '../../src/context';
import { unauthorized } from '../../src/errors';

type Options = ConstructorParameters<typeof SchemaBuilder<{ Context: RequestContext }>>[0];
const newBuilder = () => {
  // The prisma plugin's global typing asks every builder for its options; these test builders do not load it.
  const b = new SchemaBuilder<{ Context: RequestContext }>({ plugins: [ShieldPlugin] } as Options);
  b.queryType({});
  return b;
};

const user: CurrentUser = {
  userId: 7, username: 'floor', fullName: 'Floor', role: 'USER', isAdmin: false,
  warehouseId: 1, warehouseIds: [1], allowedFunctions: ['pick'],
};
const context = (u: CurrentUser | null) => ({ user: u, authError: u ? null : unauthorized('No token') }) as unknown as RequestContext;

describe('rules declared on root fields', () => {
  it('a root field without a rule fails the schema build, naming every such field', () => {
    const b = newBuilder();
    b.mutationType({});
    b.queryField('guarded', (t) => t.withShield(authenticated).int({ resolve: () => 1 }));
    b.queryField('forgotten', (t) => t.int({ resolve: () => 1 }));
    b.mutationField('alsoForgotten', (t) => t.int({ resolve: () => 1 }));
    expect(() => b.toSchema()).toThrow(
      'No authorization rule on root field Query.forgotten, Mutation.alsoForgotten: declare one with t.withShield(rule) (src/auth/rules.ts)',
    );
  });

  it('a subscription field without a rule fails too', () => {
    const b = newBuilder();
    b.queryField('ok', (t) => t.withShield(anyone).int({ resolve: () => 1 }));
    b.subscriptionType({});
    b.subscriptionField('ticks', (t) =>
      t.int({ subscribe: async function* () { yield 1; }, resolve: (n: number) => n }),
    );
    expect(() => b.toSchema()).toThrow(/root field Subscription\.ticks:/);
  });

  it('the built schema runs each field behind its rule; the resolver gets the context the rule grants', async () => {
    const b = newBuilder();
    b.queryField('open', (t) =>
      t.withShield(anyone).int({
        resolve: (_r, _a, ctx) => {
          expectTypeOf(ctx.user).toEqualTypeOf<CurrentUser | null>();
          return 1;
        },
      }),
    );
    b.queryField('whoami', (t) =>
      t.withShield(authenticated).int({
        resolve: (_r, _a, ctx) => {
          expectTypeOf(ctx.user).toEqualTypeOf<CurrentUser>();
          return ctx.user.userId;
        },
      }),
    );
    b.queryField('adminOnly', (t) => t.withShield(admin).int({ resolve: (_r, _a, ctx) => ctx.user.userId }));
    b.queryField('packer', (t) => t.withShield(can('pack')).int({ resolve: (_r, _a, ctx) => ctx.user.userId }));
    b.queryField('picker', (t) => t.withShield(can('pick')).int({ resolve: (_r, _a, ctx) => ctx.user.userId }));
    const schema = b.toSchema();
    const run = (source: string, u: CurrentUser | null) => graphql({ schema, source, contextValue: context(u) });

    expect((await run('{ open }', null)).data).toEqual({ open: 1 });
    const anon = await run('{ whoami }', null);
    expect(anon.data).toEqual({ whoami: null });
    expect(anon.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['No token', 'UNAUTHENTICATED']]);
    expect((await run('{ whoami picker }', user)).data).toEqual({ whoami: 7, picker: 7 });
    const refused = await run('{ adminOnly }', user);
    expect(refused.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['Forbidden', 'FORBIDDEN']]);
    const packer = await run('{ packer }', user);
    expect(packer.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['Function not allowed: pack', 'FORBIDDEN']]);
    expect((await run('{ adminOnly packer }', { ...user, isAdmin: true })).data).toEqual({ adminOnly: 7, packer: 7 });
  });
});

/** The rule each root field of the real schema declares. */
function declaredRules(schema: GraphQLSchema): Record<string, string[]> {
  const names = new Map<ShieldRule, string>([[anyone, 'anyone'], [authenticated, 'authenticated'], [admin, 'admin']]);
  for (const fn of ALL_FUNCTIONS) names.set(can(fn), `can(${fn})`);
  // adminOr(floorRule) = chain(isAuthenticated, or(floorRule, isAdmin)); floor-user-reads tests pin floorRule.
  const kind = (r: any): string => r?.constructor?.name;
  const parts = (r: any): ShieldRule[] => (typeof r?.getRules === 'function' ? r.getRules() : []);
  const isAdminOr = (r: ShieldRule) => {
    const [first, second] = parts(r);
    return kind(r) === 'RuleChain' && first === isAuthenticated && kind(second) === 'RuleOr' && parts(second)[1] === isAdmin;
  };
  const byRule: Record<string, string[]> = {};
  for (const [root, fields] of Object.entries(rootFieldRules(schema))) {
    for (const [field, rule] of Object.entries(fields)) {
      const name = names.get(rule) ?? (isAdminOr(rule) ? 'adminOr(floor rule)' : 'unknown rule');
      (byRule[name] ??= []).push(`${root}.${field}`);
    }
  }
  for (const list of Object.values(byRule)) list.sort();
  return byRule;
}

const q = (...f: string[]) => f.map((n) => `Query.${n}`);
const m = (...f: string[]) => f.map((n) => `Mutation.${n}`);
const s = (...f: string[]) => f.map((n) => `Subscription.${n}`);

describe('the real schema', () => {
  const schema = buildSchema();

  it('every root field declares a rule', () => {
    const rules = rootFieldRules(schema);
    for (const root of ROOT_TYPES) {
      const fields = Object.keys(schema.getType(root) ? (schema.getType(root) as any).getFields() : {});
      expect(fields.length, root).toBeGreaterThan(0);
      expect(Object.keys(rules[root]).sort(), root).toEqual(fields.sort());
    }
  });

  it('each root field keeps its rule (sign-in open, floor reads signed-in, floor writes by function, the rest ADMIN)', () => {
    const expected: Record<string, string[]> = {
      anyone: m('login'),
      authenticated: [
        ...q('me', 'activeWarehouses', 'receivingPurchaseOrder', 'putawayPending', 'putawaySuggestion'),
        ...q('lookupItem', 'lookupBin', 'lookupSalesOrder', 'lookupItemSearch', 'lookupBinSearch'),
        ...q('pickActiveBatch', 'pickBatch', 'pickNextTask', 'pickWaveValidate', 'packOrder', 'shipOrder', 'inventoryCount'),
        // Dashboard lists: scoped to the caller's warehouses in their where clause (src/graphql/lists.ts).
        ...q('pickBatches', 'receipts', 'shipments', 'stockMoves', 'cycleCounts'),
        ...q('configuration'),
        // Relay object identification: each object is scoped to the caller where it is loaded (src/graphql/nodes.ts).
        ...q('node', 'nodes'),
        ...m('refreshToken', 'changePassword', 'liveSocketRenew'),
        ...s('activityFeed'),
      ],
      'can(receive)': m('receivingReceive', 'receivingCancel'),
      'can(putaway)': m('putawayConfirm', 'putawayUpdatePreferred'),
      'can(pick)': m('pickCreateBatch', 'pickWaveCreate', 'pickConfirm', 'pickShort', 'pickCompleteBatch', 'pickCancelBatch'),
      'can(pack)': m('packVerify', 'packComplete'),
      'can(ship)': m('shipFulfill'),
      'can(count)': m('inventoryCountCreate', 'inventoryCountSubmit'),
      'can(transfer)': m('inventoryMove'),
      // Admin reads the scanner app also makes for floor users (their warehouse's bins and dashboard, floor settings).
      // and the live dashboard of a read-only API token's warehouse (wall-boards)
      'adminOr(floor rule)': [...q('bins', 'dashboard', 'setting'), ...s('dashboardStats')],
      admin: [
        ...q('warehouses', 'warehouse', 'zones', 'zone', 'bin'),
        ...q('items', 'item', 'inventory', 'preferredBins'),
        ...m('warehouseCreate', 'warehouseUpdate', 'warehouseDelete', 'zoneCreate', 'zoneUpdate', 'binCreate', 'binUpdate'),
        ...m('itemCreate', 'itemUpdate', 'itemArchive', 'itemDelete', 'preferredBinCreate', 'preferredBinUpdate', 'preferredBinDelete'),
        ...q('users'),
        ...m('userCreate', 'userUpdate', 'userDelete'),
        ...q('purchaseOrders', 'purchaseOrder', 'salesOrders', 'salesOrder'),
        ...m('purchaseOrderCreate', 'purchaseOrderUpdate', 'purchaseOrderClose', 'salesOrderCreate', 'salesOrderUpdate', 'salesOrderCancel'),
        ...m('importRecords'),
        ...q('auditLog', 'auditLogVerify', 'auditLogChainStatus', 'settings'),
        ...m('settingsUpdate', 'configurationUpdate'),
        ...q('inventoryCycleCounts', 'inventoryAdjustments', 'inventoryInterWarehouseTransfers', 'inventoryShortPicks'),
        ...m('inventoryAdjustmentsReview', 'inventoryAdjustmentDirect', 'inventoryInterWarehouseTransfer'),
        ...q('connectors', 'connectorConfigSchema', 'connectorCredentials', 'connectorSyncStatus'),
        ...m('connectorCredentialsSave', 'connectorCredentialsDelete', 'connectorTest', 'connectorSyncTrigger'),
        ...q('apiTokens'),
        ...m('apiTokenCreate', 'apiTokenRevoke'),
      ],
    };
    for (const list of Object.values(expected)) list.sort();
    expect(declaredRules(schema)).toEqual(expected);
  });
});
