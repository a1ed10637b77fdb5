// The typed settings: read from the stored key/value rows (app_settings, strings) and written back to them.
import type { AuthedContext, RequestContext } from '../context';
import { withTransaction } from '../db/tx';
import { notFound } from '../errors';
import { storeSettings } from '../admin/system/settings.service';
import type { ConfigurationUpdateInput } from './configuration.inputs';

type FlagField = 'requirePackingBeforeShipping' | 'countShowExpected' | 'allowOverReceiving' | 'requireCountApprovalSeparation';

/** The flags: stored key, value when absent or unreadable, meaning. */
export const FLAGS: Record<FlagField, { key: string; whenAbsent: boolean; description: string }> = {
  requirePackingBeforeShipping: {
    key: 'require_packing_before_shipping',
    whenAbsent: true,
    description: 'Orders must be packed (every unit verified) before they ship.',
  },
  countShowExpected: { key: 'count_show_expected', whenAbsent: true, description: 'Count sheets show the expected quantity (false: blind counts).' },
  allowOverReceiving: { key: 'allow_over_receiving', whenAbsent: false, description: 'Receiving may exceed the ordered quantity.' },
  requireCountApprovalSeparation: {
    key: 'require_count_approval_separation',
    whenAbsent: false,
    description: 'Whoever submitted a count may not approve its adjustments.',
  },
};
export const FLAG_FIELDS = Object.keys(FLAGS) as FlagField[];

const DEFAULT_RECEIVING_BIN = 'default_receiving_bin';
const SESSION_TIMEOUT_HOURS = 'session_timeout_hours';

export interface ConfigurationShape {
  flags: Record<FlagField, boolean>;
  defaultReceivingBinId: number | null;
  sessionTimeoutHours: number | null;
}

const positiveInt = (v: string | undefined) => (v !== undefined && /^[1-9][0-9]*$/.test(v) && Number(v) <= 2147483647 ? Number(v) : null);

export async function readConfiguration(ctx: RequestContext): Promise<ConfigurationShape> {
  const rows = await ctx.app.prisma.appSetting.findMany({ select: { key: true, value: true } });
  const stored = new Map(rows.map((r) => [r.key, r.value ?? undefined]));
  const flags = Object.fromEntries(
    FLAG_FIELDS.map((f) => {
      const v = stored.get(FLAGS[f].key);
      // the readers' rule (src/settings/settings.service.ts): a flag that defaults on is off only when exactly "false"
      return [f, FLAGS[f].whenAbsent ? v !== 'false' : v === 'true'];
    }),
  ) as Record<FlagField, boolean>;
  return {
    flags,
    defaultReceivingBinId: positiveInt(stored.get(DEFAULT_RECEIVING_BIN)),
    sessionTimeoutHours: positiveInt(stored.get(SESSION_TIMEOUT_HOURS)),
  };
}

/**
 * Writes the fields sent in one transaction, as the stored strings the readers expect. A default bin that does not
 * exist is NOT_FOUND; packing cannot be turned off while PACKED orders wait to ship. Answers the settings after.
 */
export async function updateConfiguration(ctx: AuthedContext, input: ConfigurationUpdateInput): Promise<ConfigurationShape> {
  const values: Record<string, string> = {};
  for (const f of FLAG_FIELDS) {
    const v = input[f];
    if (v !== null && v !== undefined) values[FLAGS[f].key] = String(v);
  }
  const { defaultReceivingBinId: binId, sessionTimeoutHours: hours } = input;
  if (binId !== null && binId !== undefined) values[DEFAULT_RECEIVING_BIN] = binId === 0 ? '' : String(binId);
  if (hours !== null && hours !== undefined) values[SESSION_TIMEOUT_HOURS] = String(hours);
  if (Object.keys(values).length > 0) {
    await withTransaction(ctx.app.prisma, async (tx) => {
      if (binId && !(await tx.bin.findUnique({ where: { binId }, select: { binId: true } }))) {
        throw notFound('Bin not found', { field: ['input', 'defaultReceivingBinId'] });
      }
      await storeSettings(tx, values, ['input', 'requirePackingBeforeShipping']);
    });
  }
  return readConfiguration(ctx);
}
