/**
 * App settings administration (spec 70 §13, spec 00 §4). Readers of individual settings live in
 * src/settings/settings.service.ts; this module lists and writes them.
 */
import type { AuthedContext } from '../../context';
import { withTransaction } from '../../db/tx';
import { badRequest } from '../../errors';
import { SettingsUpdateInput } from '../../admin/admin.inputs';
import { parseInput, ValidationError, type PydanticDetail } from '../../validation/errors';
import type { Selection } from '../catalog/catalog.service';

/** Keys whose value is a flag; anything but the strings "true"/"false" would silently mean a default. */
export const BOOLEAN_SETTINGS = [
  'require_packing_before_shipping',
  'count_show_expected',
  'allow_over_receiving',
  'allow_over_receipt',
  'require_count_approval_separation',
];

const INT32_MAX = 2147483647;

export async function listSettings(ctx: AuthedContext, query: Selection) {
  return ctx.app.prisma.appSetting.findMany({ ...query, orderBy: { key: 'asc' } });
}

/** The stored setting, or null when the key was never saved. */
export async function getSettingRow(ctx: AuthedContext, query: Selection, key: string) {
  return ctx.app.prisma.appSetting.findUnique({ ...query, where: { key } });
}

/**
 * Upserts every pair in one transaction. Known keys are type-checked (unknown keys are accepted, as the
 * legacy did); packing cannot be turned off while PACKED orders wait to ship. Returns the written rows by key,
 * as `query` selects them.
 */
export async function updateSettings(ctx: AuthedContext, query: Selection, raw: unknown) {
  const { settings } = parseInput(SettingsUpdateInput, raw);
  return withTransaction(ctx.app.prisma, async (tx) => {
    const details: PydanticDetail[] = [];
    const invalid = (key: string, message: string) =>
      details.push({ type: 'value_error', loc: ['settings', key], msg: `Value error, ${message}` });
    for (const [key, value] of Object.entries(settings)) {
      if (BOOLEAN_SETTINGS.includes(key) && value !== 'true' && value !== 'false') {
        invalid(key, `${key} must be 'true' or 'false'`);
      } else if (key === 'session_timeout_hours' && !(/^[1-9][0-9]*$/.test(value) && Number(value) <= INT32_MAX)) {
        invalid(key, 'session_timeout_hours must be a positive integer');
      } else if (key === 'default_receiving_bin' && value !== '') {
        // "" = no default bin (the admin panel sends it when none is chosen).
        const id = /^[1-9][0-9]*$/.test(value) && Number(value) <= INT32_MAX ? Number(value) : null;
        const bin = id ? await tx.bin.findUnique({ where: { binId: id }, select: { binId: true } }) : null;
        if (!bin) invalid(key, `default_receiving_bin must be the id of an existing bin, got '${value}'`);
      }
    }
    if (details.length) throw new ValidationError(details);

    if (settings.require_packing_before_shipping === 'false') {
      const packed = await tx.salesOrder.count({ where: { status: 'PACKED' } });
      if (packed > 0) {
        throw badRequest(
          `Cannot disable packing. ${packed} ${packed === 1 ? 'order' : 'orders'} in PACKED status. Ship them before disabling.`,
          { field: ['input', 'settings', 'require_packing_before_shipping'] },
        );
      }
    }
    const now = new Date();
    for (const [key, value] of Object.entries(settings)) {
      await tx.appSetting.upsert({ where: { key }, create: { key, value, updatedAt: now }, update: { value, updatedAt: now } });
    }
    return tx.appSetting.findMany({ ...query, where: { key: { in: Object.keys(settings) } }, orderBy: { key: 'asc' } });
  });
}
