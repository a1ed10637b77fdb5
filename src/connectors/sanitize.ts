const MAX_MESSAGE = 500;

/**
 * Connection messages come from third-party servers: keep printable ASCII plus tab/LF/CR only and cap
 * the length at 500 characters (497 + "...") so a hostile answer cannot inject control sequences or bulk.
 */
export function sanitizeMessage(message: string | null | undefined): string {
  const clean = (message ?? '').replace(/[^\x20-\x7e\t\n\r]/g, '');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 3)}...` : clean;
}
