import type { Prisma, PrismaClient } from '../db';

type Db = PrismaClient | Prisma.TransactionClient;

/** Setting keys the code reads, with the legacy defaults used when a key is absent (spec 00 §4). */
export const SETTING_DEFAULTS = {
  require_packing_before_shipping: 'true',
  count_show_expected: 'true',
  allow_over_receipt: 'false',
  allow_over_receiving: 'false',
  require_count_approval_separation: 'false',
} as const;

/** The single settings the scanner app reads on the floor: any signed-in user may read these (and only these). */
export const FLOOR_SETTINGS = [
  'allow_over_receiving',
  'default_receiving_bin',
  'count_show_expected',
  'require_packing_before_shipping',
] as const;

export async function getSetting(db: Db, key: string): Promise<string | null> {
  // A plain statement (the ORM's findUnique costs several times more CPU on the hot paths that read settings).
  const [row] = await db.$queryRaw<{ value: string }[]>`SELECT value FROM app_settings WHERE key = ${key}`;
  return row?.value ?? null;
}

/** Anything but exactly "false" means packing is required. */
export async function isPackingRequired(db: Db): Promise<boolean> {
  return (await getSetting(db, 'require_packing_before_shipping')) !== 'false';
}

/** Anything but exactly "false" shows expected quantities. */
export async function isCountShowExpected(db: Db): Promise<boolean> {
  return (await getSetting(db, 'count_show_expected')) !== 'false';
}

/**
 * Over-receipt is allowed when `allow_over_receiving` (the reference's key) is exactly "true".
 * legacy-difference: the legacy server read `allow_over_receipt`; the reference wins, and the
 * legacy key is still honoured so existing deployments keep their behaviour.
 */
export async function isOverReceivingAllowed(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ value: string }[]>`
    SELECT value FROM app_settings WHERE key IN ('allow_over_receiving', 'allow_over_receipt')`;
  return rows.some((r) => r.value === 'true');
}

/** Exactly "true" blocks approving adjustments of a count one submitted. */
export async function isCountApprovalSeparated(db: Db): Promise<boolean> {
  return (await getSetting(db, 'require_count_approval_separation')) === 'true';
}
