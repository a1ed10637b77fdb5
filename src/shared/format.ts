/** Formatting rules of the legacy JSON (spec 00 §1). */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-04-14T12:00:00.123000+00:00`: UTC, microseconds only when non-zero. */
export function legacyTimestamp(d: Date | null | undefined): string | null {
  if (!d) return null;
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${base}${ms ? `.${pad(ms, 3)}000` : ''}+00:00`;
}

/** `YYYY-MM-DD` for date columns. */
export function legacyDate(d: Date | null | undefined): string | null {
  if (!d) return null;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Legacy decimals: JSON numbers, and a stored 0 (or null) comes back as null. */
export function legacyDecimal(v: { toNumber(): number } | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : v.toNumber();
  return n === 0 ? null : n;
}
