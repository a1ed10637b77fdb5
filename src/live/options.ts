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
  /**
   * Under load the relay polls (src/live/relay.ts): busy after this many notifications within one second, a
   * read every busyPollMs while busy, idle again after idleAfterMs without events; a busy relay waits at most
   * busyLockWaitMs at a time for the lock that makes writers skip their NOTIFY.
   */
  busyAfterNotifications: 10,
  busyPollMs: 20,
  idleAfterMs: 1000,
  busyLockWaitMs: 250,
  /** Idle, committed events held back behind an older open transaction (anywhere on the server) are read again after busyPollMs, doubling up to this. */
  heldBackMaxMs: 1000,
  /** How often the relay deletes published events older than EVENT_RETENTION_HOURS. */
  purgeEveryMs: 3_600_000,
  replayPage: 500,
};
