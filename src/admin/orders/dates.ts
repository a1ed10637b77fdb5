const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$/;

/**
 * A day as order rows and legacy bodies write it: `YYYY-MM-DD`, white space around it and a time part ignored, as a
 * UTC midnight Date; null when it is not a real day.
 */
export function parseCalendarDate(value: string): Date | null {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** The sentence of a day field that is not a day (an import row's cell). */
export const dateErrorMessage = (field: string) => `Value error, ${field} must be a valid date (YYYY-MM-DD)`;
