-- Live dashboards (issue 7).
--
-- tx_id: the id of the transaction that wrote the event. Outbox ids come from a sequence, so two concurrent
-- transactions can commit their ids out of order (id 5 visible before id 4). A reader that only remembered
-- "the last id seen" would skip id 4 for ever. Readers therefore walk the outbox in (tx_id, id) order and only up
-- to the oldest transaction still running (pg_snapshot_xmin of their snapshot): below that horizon no row can
-- ever appear again, so the order is total, final and gap-free.
ALTER TABLE "event_outbox" ADD COLUMN "tx_id" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint;

CREATE INDEX "event_outbox_tx_id_id_idx" ON "event_outbox"("tx_id", "id");

-- Wake the relay when events commit. NOTIFY is delivered at commit only, never for a rolled-back transaction;
-- one notification per statement is enough (the relay reads the table, not the payload).
CREATE OR REPLACE FUNCTION event_outbox_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('wms_events', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS event_outbox_notify ON "event_outbox";
CREATE TRIGGER event_outbox_notify AFTER INSERT ON "event_outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_notify();
