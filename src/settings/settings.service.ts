import type { Prisma, PrismaClient } from '../db';

type Db = PrismaClient | Prisma.TransactionClient;

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

export const PACKING_REQUIRED_SETTING = 'require_packing_before_shipping';
/** Anything but exactly "false" means packing is required. */
export const packingRequired = (value: string | null) => value !== 'false';

export async function isPackingRequired(db: Db): Promise<boolean> {
  return packingRequired(await getSetting(db, PACKING_REQUIRED_SETTING));
}

/** Anything but exactly "false" shows expected quantities. */
export async function isCountShowExpected(db: Db): Promise<boolean> {
  return (await getSetting(db, 'count_show_expected')) !== 'false';
}

/** Exactly "true" blocks approving adjustments of a count one submitted. */
export async function isCountApprovalSeparated(db: Db): Promise<boolean> {
  return (await getSetting(db, 'require_count_approval_separation')) === 'true';
}
