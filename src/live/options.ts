/** Tuning of the live stream (process-wide; tests shorten the intervals). */
export const liveOptions = {
  /** Dashboard updates: trailing debounce per warehouse, and the longest a burst may hold an update back. */
  dashboardDebounceMs: 250,
  dashboardMaxWaitMs: 1000,
  /** Dashboards are also recomputed this often (figures that move without an event: items, settings, 7-day window). */
  dashboardRefreshMs: 30_000,
  /** How often a subscriber's user is re-read (disabled, password changed, role or scope changed). */
  authRecheckMs: 15_000,
  /** Relay safety-net poll (PostgreSQL, besides LISTEN) and poll on PGlite. */
  pollMs: 1000,
  pglitePollMs: 250,
  /** Redis leader lease of the relay and its renewal period. */
  leaseMs: 5000,
  leaderTickMs: 1000,
  relayBatch: 500,
  /** How often the relay deletes published events older than EVENT_RETENTION_HOURS. */
  purgeEveryMs: 3_600_000,
  replayPage: 500,
};
