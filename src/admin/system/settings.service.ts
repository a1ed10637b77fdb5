/**
 * App settings administration (spec 70 §13, spec 00 §4). Readers of individual settings live in
 * src/settings/settings.service.ts; this module lists and writes the stored key/value rows.
 */
import type { AuthedContext } from '../../context';
import { withTransaction, type Tx } from '../../db/tx';
import { badRequest, InputError, type InputProblem } from '../../errors';
import { PACKING_REQUIRED_SETTING } from '../../settings/settings.service';
import type { Selection } from '../catalog/catalog.service';
import type { SettingsUpdateInput } from './system.inputs';

/** Stored keys whose value is a flag; anything but the strings "true"/"false" would silently mean a default. */
const BOOLEAN_SETTINGS = [
  'require_packing_before_shipping',
  'count_show_expected',
  'allow_over_receiving',
  'allow_over_receipt',
  'require_count_approval_separation',
];

const INT32_MAX = 2147483647;
const positiveIntText = (v: string) => /^[1-9][0-9]*$/.test(v) && Number(v) <= INT32_MAX;

export async function listSettings(ctx: AuthedContext, query: Selection) {
  return ctx.app.prisma.appSetting.findMany({ ...query, orderBy: { key: 'asc' } });
}

/** The stored setting, or null when the key was never saved. */
export async function getSettingRow(ctx: AuthedContext, query: Selection, key: string) {
  return ctx.app.prisma.appSetting.findUnique({ ...query, where: { key } });
}

/**
 * Writes stored values by key in the caller's transaction. Packing cannot be turned off while PACKED orders wait
 * to ship: that refusal names `packingField`, the input field that asked for it.
 */
export async function storeSettings(tx: Tx, values: Record<string, string>, packingField: readonly string[]) {
  if (values[PACKING_REQUIRED_SETTING] === 'false') {
    const packed = await tx.salesOrder.count({ where: { status: 'PACKED' } });
    if (packed > 0) {
      throw badRequest(`Cannot disable packing. ${packed} ${packed === 1 ? 'order' : 'orders'} in PACKED status. Ship them before disabling.`, {
        field: packingField,
      });
    }
  }
  const now = new Date();
  for (const [key, value] of Object.entries(values)) {
    await tx.appSetting.upsert({ where: { key }, create: { key, value, updatedAt: now }, update: { value, updatedAt: now } });
  }
}

/**
 * Upserts every pair in one transaction. The known keys' stored values are checked (unknown keys are accepted,
 * as the legacy did): every refused value is a problem at `["input", "settings", <key as sent>]`. Returns the
 * written rows by key, as `query` selects them.
 */
export async function updateSettings(ctx: AuthedContext, query: Selection, { settings }: SettingsUpdateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const problems: InputProblem[] = [];
    const refuse = (key: string, message: string) => problems.push({ field: ['input', 'settings', key], message, issue: { kind: 'RULE' } });
    for (const [key, value] of Object.entries(settings)) {
      if (BOOLEAN_SETTINGS.includes(key) && value !== 'true' && value !== 'false') {
        refuse(key, `${key} must be 'true' or 'false'`);
      } else if (key === 'session_timeout_hours' && !positiveIntText(value)) {
        refuse(key, 'session_timeout_hours must be a positive integer');
      } else if (key === 'default_receiving_bin' && value !== '') {
        // "" = no default bin (the admin panel sends it when none is chosen).
        const bin = positiveIntText(value) ? await tx.bin.findUnique({ where: { binId: Number(value) }, select: { binId: true } }) : null;
        if (!bin) refuse(key, `default_receiving_bin must be the id of an existing bin, got '${value}'`);
      }
    }
    if (problems.length) throw new InputError(problems);
    await storeSettings(tx, settings, ['input', 'settings', PACKING_REQUIRED_SETTING]);
    return tx.appSetting.findMany({ ...query, where: { key: { in: Object.keys(settings) } }, orderBy: { key: 'asc' } });
  });
}
