/**
 * Settings of every application session on PostgreSQL (the pool's and the shared read connections'), sent with
 * the startup packet so no statement is spent on them.
 *
 * - TimeZone=UTC: timestamps the database renders (raw SQL, to_char, ::text) are in UTC, as in the legacy
 *   reference deployment.
 * - plan_cache_mode=force_generic_plan: every statement with parameters is a named prepared statement
 *   (src/db/statement-names.ts); left to choose, PostgreSQL re-plans the statements that join an `unnest` of an
 *   array parameter on every call (their generic plan assumes 10 rows, so a custom plan of 1 row always looks
 *   cheaper), which was about a sixth of its CPU on the warehouse day. Planned once per connection instead.
 * - random_page_cost=1.1: with generic plans the planner does not see the parameters, and at the default (4) it
 *   prefers a sequential scan with a hash join over index probes on tables of a few thousand rows; 1.1 is the
 *   usual figure for data on SSD or in memory, and makes those plans index probes whatever the table's size.
 */
export const SESSION_OPTIONS = '-c TimeZone=UTC -c plan_cache_mode=force_generic_plan -c random_page_cost=1.1';
