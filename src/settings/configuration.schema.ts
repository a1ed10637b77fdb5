// Typed settings on the GraphQL face: `configuration` reads them as Booleans and Ints, `configurationUpdate`
// writes them through the same rules as the key/value `settingsUpdate` (stored as the legacy strings).
import { builder } from '../graphql/builder';
import { admin, authenticated } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';
import type { RequestContext } from '../context';
import { toCamel, toSnake } from '../shared/case';
import { updateSettings } from '../admin/system/settings.service';
import { ValidationError } from '../validation/errors';

/** Stored keys of the typed settings, with how a stored string reads (absent or unreadable: the default). */
const FLAGS = {
  require_packing_before_shipping: { whenAbsent: true, description: 'Orders must be packed (every unit verified) before they ship.' },
  count_show_expected: { whenAbsent: true, description: 'Count sheets show the expected quantity (false: blind counts).' },
  allow_over_receiving: { whenAbsent: false, description: 'Receiving may exceed the ordered quantity.' },
  require_count_approval_separation: { whenAbsent: false, description: 'Whoever submitted a count may not approve its adjustments.' },
} as const;
type FlagKey = keyof typeof FLAGS;

export interface ConfigurationShape {
  flags: Record<FlagKey, boolean>;
  defaultReceivingBinId: number | null;
  sessionTimeoutHours: number | null;
}

const positiveInt = (v: string | undefined) => (v !== undefined && /^[1-9][0-9]*$/.test(v) && Number(v) <= 2147483647 ? Number(v) : null);

async function readConfiguration(ctx: RequestContext): Promise<ConfigurationShape> {
  const rows = await ctx.app.prisma.appSetting.findMany({ select: { key: true, value: true } });
  const stored = new Map(rows.map((r) => [r.key, r.value ?? undefined]));
  const flags = Object.fromEntries(
    (Object.keys(FLAGS) as FlagKey[]).map((k) => {
      const v = stored.get(k);
      // the readers' rule (src/settings/settings.service.ts): a flag that defaults on is off only when exactly "false"
      return [k, FLAGS[k].whenAbsent ? v !== 'false' : v === 'true'];
    }),
  ) as Record<FlagKey, boolean>;
  return { flags, defaultReceivingBinId: positiveInt(stored.get('default_receiving_bin')), sessionTimeoutHours: positiveInt(stored.get('session_timeout_hours')) };
}

const Configuration = builder.objectRef<ConfigurationShape>('Configuration').implement({
  description: 'The settings that change how the floor works, typed (the same values as the key/value `settings`).',
  fields: (t) => ({
    ...Object.fromEntries(
      (Object.keys(FLAGS) as FlagKey[]).map((k) => [toCamel(k), t.boolean({ description: FLAGS[k].description, resolve: (c) => c.flags[k] })]),
    ),
    defaultReceivingBinId: t.int({
      nullable: true,
      description: 'The bin received stock goes to when the scanner names none; null when unset.',
      resolve: (c) => c.defaultReceivingBinId,
    }),
    sessionTimeoutHours: t.int({ nullable: true, description: 'Hours a session token lasts; null when unset (8 hours).', resolve: (c) => c.sessionTimeoutHours }),
  }),
});

const ConfigurationUpdateInput = builder.inputType('ConfigurationUpdateInput', {
  description: 'The settings to change; a field left out (or null) keeps its value.',
  fields: (t) => ({
    ...Object.fromEntries((Object.keys(FLAGS) as FlagKey[]).map((k) => [toCamel(k), t.boolean({ description: FLAGS[k].description })])),
    defaultReceivingBinId: t.int({ description: 'The id of an existing bin; 0 clears the default.' }),
    sessionTimeoutHours: t.int({ description: 'A positive number of hours.' }),
  }),
});

const ConfigurationUpdatePayload = payloadType<ConfigurationShape>('ConfigurationUpdatePayload', {
  description: 'Result of configurationUpdate.',
  resultField: 'configuration',
  resultType: Configuration,
  resultDescription: 'The settings after the change; null when userErrors is not empty.',
});

/** The typed input as the stored key/value strings. */
function storedValues(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (field === 'defaultReceivingBinId') out.default_receiving_bin = value === 0 ? '' : String(value);
    else out[toSnake(field)] = String(value);
  }
  return out;
}

builder.queryField('configuration', (t) =>
  t.withShield(authenticated).field({
    type: Configuration,
    description: 'The typed settings. Any signed-in user may read them (the scanner app needs them).',
    resolve: (_r, _a, ctx) => readConfiguration(ctx),
  }),
);

builder.mutationField('configurationUpdate', (t) =>
  t.withShield(admin).field({
    type: ConfigurationUpdatePayload,
    description: 'Changes typed settings in one transaction; packing cannot be turned off while PACKED orders wait to ship.',
    args: { input: t.arg({ type: ConfigurationUpdateInput, required: true, description: 'The input of the mutation.' }) },
    resolve: (_r, { input }, ctx) =>
      payloadOf(async () => {
        const settings = storedValues(input);
        if (Object.keys(settings).length === 0) return readConfiguration(ctx);
        try {
          await updateSettings(ctx, { select: { key: true } }, { settings });
        } catch (e) {
          // point at the typed field, not at the stored key
          if (e instanceof ValidationError) {
            throw new ValidationError(e.details.map((d) => ({ ...d, loc: d.loc.length === 2 && d.loc[0] === 'settings' ? [String(d.loc[1]) === 'default_receiving_bin' ? 'defaultReceivingBinId' : String(d.loc[1])] : d.loc })));
          }
          throw e;
        }
        return readConfiguration(ctx);
      }),
  }),
);
