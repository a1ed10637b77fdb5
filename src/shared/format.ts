/** Formatting rules of the legacy JSON (spec 00 §1). */

/** Legacy decimals: JSON numbers, and a stored 0 (or null) comes back as null. */
export function legacyDecimal(v: { toNumber(): number } | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : v.toNumber();
  return n === 0 ? null : n;
}
