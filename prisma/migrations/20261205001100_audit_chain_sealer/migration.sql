-- Audit hash chain off the write path (issue 17).
--
-- Before: a BEFORE INSERT trigger linked every new row to the previous one under one database-wide advisory lock
-- held until commit, so every writing transaction queued behind the one before it (with its WAL flush), holding
-- its row locks and a pooled connection meanwhile.
--
-- Now: rows are appended freely, unsealed (chain_seq, prev_hash, row_hash NULL; tx_id = the writing transaction).
-- audit_log_seal() (called by every server every AUDIT_SEAL_INTERVAL_MS, one sealer at a time) links the rows
-- committed since the last seal into the chain, as a ledger seals blocks: batch after batch in commit order,
-- within a batch in (tx_id, log_id) order (a transaction's rows stay together). A row whose transaction commits
-- while a batch is being sealed goes into the next one; every committed row is sealed exactly once.
-- chain_seq numbers the sealed rows 1, 2, 3, ...; row_hash = SHA-256(prev_hash || payload) as before
-- (audit_log_row_digest), prev_hash of chain_seq 1 is 0x00. Rows sealed by the old trigger keep their hashes
-- and get chain_seq in log_id order (their chain order).
--
-- Append-only: UPDATE and DELETE are still refused, except the one UPDATE sealing does: an unsealed row getting
-- its chain_seq and hashes with every other column unchanged. audit_log_verify_chain() walks every sealed row
-- (chain_seq contiguous from 1, each prev_hash the previous row_hash, each row_hash recomputed), so a change or a
-- deletion of a sealed row is detected; audit_log_chain_status() also reports the unsealed tail.

ALTER TABLE "audit_log" ADD COLUMN "tx_id" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "audit_log" ALTER COLUMN "tx_id" SET DEFAULT ((pg_current_xact_id())::text)::bigint;
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" BIGINT;

ALTER TABLE "audit_log" DISABLE TRIGGER audit_log_append_only_trg;
UPDATE "audit_log" a SET chain_seq = o.seq
FROM (SELECT log_id, row_number() OVER (ORDER BY log_id) AS seq FROM "audit_log") o
WHERE a.log_id = o.log_id;
ALTER TABLE "audit_log" ENABLE TRIGGER audit_log_append_only_trg;

CREATE UNIQUE INDEX "audit_log_chain_seq_key" ON "audit_log"("chain_seq");
CREATE INDEX "audit_log_chain_seq_tx_id_log_id_idx" ON "audit_log"("chain_seq", "tx_id", "log_id");

-- New rows arrive unsealed, whatever the insert says (nobody can claim a place in the chain).
CREATE OR REPLACE FUNCTION audit_log_hash_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.tx_id := (pg_current_xact_id())::text::bigint;
    NEW.chain_seq := NULL;
    NEW.prev_hash := NULL;
    NEW.row_hash := NULL;
    IF NEW.created_at IS NULL THEN
        NEW.created_at := now();
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND OLD.row_hash IS NULL
       AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.row_hash IS NOT NULL
       AND (NEW.log_id, NEW.action_type, NEW.entity_type, NEW.entity_id, NEW.user_id, NEW.device_id,
            NEW.warehouse_id, NEW.details, NEW.created_at, NEW.tx_id)
           IS NOT DISTINCT FROM
           (OLD.log_id, OLD.action_type, OLD.entity_type, OLD.entity_id, OLD.user_id, OLD.device_id,
            OLD.warehouse_id, OLD.details, OLD.created_at, OLD.tx_id) THEN
        RETURN NEW; -- sealing
    END IF;
    RAISE EXCEPTION 'audit_log rows are append-only (V-025 tamper resistance)';
END;
$$;

-- Links up to p_max committed unsealed rows into the chain; returns how many. One sealer at a time (another caller
-- returns 0 at once). Run it in its own transaction (READ COMMITTED): each query sees the previous sealer's work.
CREATE OR REPLACE FUNCTION audit_log_seal(p_max integer DEFAULT 10000) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_seq bigint;
    v_prev bytea;
    v_hash bytea;
    r record;
    n integer := 0;
BEGIN
    -- 0x5741_5544 = 'WAUD': the audit chain's lock, now held by the sealer only
    IF NOT pg_try_advisory_xact_lock(1463895364) THEN
        RETURN 0;
    END IF;
    SELECT a.chain_seq, a.row_hash INTO v_seq, v_prev FROM audit_log a
    WHERE a.chain_seq IS NOT NULL ORDER BY a.chain_seq DESC LIMIT 1;
    v_seq := coalesce(v_seq, 0);
    v_prev := coalesce(v_prev, '\x00'::bytea);
    FOR r IN
        SELECT a.log_id, a.action_type, a.entity_type, a.entity_id, a.user_id, a.warehouse_id, a.details, a.created_at
        FROM audit_log a
        WHERE a.chain_seq IS NULL
        ORDER BY a.tx_id, a.log_id
        LIMIT p_max
    LOOP
        v_seq := v_seq + 1;
        v_hash := audit_log_row_digest(v_prev, r.action_type, r.entity_type, r.entity_id, r.user_id,
            r.warehouse_id, r.details, r.created_at);
        UPDATE audit_log SET chain_seq = v_seq, prev_hash = v_prev, row_hash = v_hash WHERE log_id = r.log_id;
        v_prev := v_hash;
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;

-- Walks the sealed rows in chain order; returns the log_id of the first one that does not verify (a gap in
-- chain_seq, i.e. a deleted row, is reported at the row after it), or NULL when every sealed row verifies.
CREATE OR REPLACE FUNCTION audit_log_verify_chain() RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r record;
    v_prev bytea := '\x00'::bytea;
    v_seq bigint := 0;
BEGIN
    FOR r IN
        SELECT log_id, action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at,
               prev_hash, row_hash, chain_seq
        FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq
    LOOP
        v_seq := v_seq + 1;
        IF r.chain_seq <> v_seq
           OR r.prev_hash IS DISTINCT FROM v_prev
           OR r.row_hash IS DISTINCT FROM audit_log_row_digest(r.prev_hash, r.action_type, r.entity_type,
                r.entity_id, r.user_id, r.warehouse_id, r.details, r.created_at) THEN
            RETURN r.log_id;
        END IF;
        v_prev := r.row_hash;
    END LOOP;
    RETURN NULL;
END;
$$;

-- The whole picture: first broken sealed row (NULL: none), rows sealed, rows not sealed yet and the oldest of them.
CREATE OR REPLACE FUNCTION audit_log_chain_status(
    OUT first_broken bigint, OUT sealed bigint, OUT unsealed bigint, OUT oldest_unsealed_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT audit_log_verify_chain(),
           (SELECT count(*) FROM audit_log WHERE chain_seq IS NOT NULL),
           (SELECT count(*) FROM audit_log WHERE chain_seq IS NULL),
           (SELECT min(created_at) FROM audit_log WHERE chain_seq IS NULL)
$$;
