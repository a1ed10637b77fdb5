-- Writers wake the live relay only while it is idle (issue 17).
--
-- NOTIFY takes a cluster-wide lock at commit and holds it through the commit's WAL flush, so every transaction
-- that notifies commits one after the other (measured with pgbench on the 2-core machine: about 600-970 commits/s
-- with a NOTIFY per transaction against 4,200-5,200 without). Under load the relay polls the outbox instead, and
-- while it does it holds the advisory lock 6290775867321499993 ('WMSRELAY') exclusively on its LISTEN session
-- (src/live/relay.ts): a writer that cannot take the lock shared skips the NOTIFY. An idle relay holds nothing,
-- so writers notify as before; a relay whose session ends releases the lock with it. The stream's order and
-- completeness never depended on the notification (the relay reads the table in (tx_id, id) order up to the
-- horizon of finished transactions); only how soon it reads does.
CREATE OR REPLACE FUNCTION event_outbox_notify() RETURNS trigger AS $$
BEGIN
  IF pg_try_advisory_xact_lock_shared(6290775867321499993) THEN
    PERFORM pg_notify('wms_events', '');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
