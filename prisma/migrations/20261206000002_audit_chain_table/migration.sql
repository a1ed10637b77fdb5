-- The audit hash chain in its own append-only table; audit_log rows are never updated again (issue 17).
--
-- Before: audit_log_seal() UPDATEd every audit row it sealed (chain_seq, prev_hash, row_hash): a non-HOT update of a
-- wide row and all of audit_log's indexes plus the append-only trigger, about 80 µs a row, every audit row written
-- twice; and finding the unsealed rows (chain_seq IS NULL) walked every dead index entry earlier seals had left.
--
-- Now: audit_chain (chain_seq, log_id, tx_id, prev_hash, row_hash) holds one narrow row per sealed audit row, same
-- hash as before (row_hash = audit_log_row_digest(prev_hash, the audit row's payload), prev_hash of chain_seq 1 is
-- 0x00), so the chain carries over. The sealer reads audit_log by position, as the live relay reads the outbox:
-- a row is final once its writing transaction (tx_id) is below the horizon pg_snapshot_xmin(pg_current_snapshot())
-- (every transaction below it has ended, so no row can appear there again); it seals the final rows after the last
-- sealed row's (tx_id, log_id), in that order, and appends their chain rows in one INSERT. It never reads a sealed
-- row. tx_id in audit_chain is that position (the sealer reads it from the chain's last row alone).
--
-- Rows sealed before this migration were sealed batch by batch, so their chain order is not their (tx_id, log_id)
-- order, and a transaction already running now may still write rows with a smaller tx_id than some of them. So
-- the chain carried over is closed here (every row present is sealed, under a lock that keeps writers out) and
-- audit_chain_origin() records where the new sealer starts: every later row has log_id > origin.log_id (drawn
-- after this migration) and tx_id >= origin.tx_id (this migration's horizon); rows up to origin.log_id are sealed.

-- One sealer: wait for a running one, then keep writers out while the chain is moved (every row present is
-- committed from here on, and none arrives until this migration commits).
SELECT pg_advisory_xact_lock(1463895364);
LOCK TABLE "audit_log" IN ACCESS EXCLUSIVE MODE;

-- CreateTable
CREATE TABLE "audit_chain" (
    "chain_seq" BIGINT NOT NULL,
    "log_id" BIGINT NOT NULL,
    "tx_id" BIGINT NOT NULL,
    "prev_hash" BYTEA NOT NULL,
    "row_hash" BYTEA NOT NULL,

    CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("chain_seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_chain_log_id_key" ON "audit_chain"("log_id");

INSERT INTO "audit_chain" (chain_seq, log_id, tx_id, prev_hash, row_hash)
SELECT chain_seq, log_id, tx_id, prev_hash, row_hash FROM "audit_log" WHERE chain_seq IS NOT NULL;

-- The rows not sealed yet (all committed now) are appended in (tx_id, log_id) order, as the sealer would have.
DO $$
DECLARE
    v_seq bigint;
    v_prev bytea;
    v_hash bytea;
    r record;
BEGIN
    SELECT c.chain_seq, c.row_hash INTO v_seq, v_prev FROM audit_chain c ORDER BY c.chain_seq DESC LIMIT 1;
    v_seq := coalesce(v_seq, 0);
    v_prev := coalesce(v_prev, '\x00'::bytea);
    FOR r IN
        SELECT a.log_id, a.tx_id, a.action_type, a.entity_type, a.entity_id, a.user_id, a.warehouse_id, a.details,
               a.created_at
        FROM audit_log a WHERE a.chain_seq IS NULL ORDER BY a.tx_id, a.log_id
    LOOP
        v_seq := v_seq + 1;
        v_hash := audit_log_row_digest(v_prev, r.action_type, r.entity_type, r.entity_id, r.user_id,
            r.warehouse_id, r.details, r.created_at);
        INSERT INTO audit_chain (chain_seq, log_id, tx_id, prev_hash, row_hash)
        VALUES (v_seq, r.log_id, r.tx_id, v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    EXECUTE format(
        'CREATE FUNCTION audit_chain_origin(OUT tx_id bigint, OUT log_id bigint) LANGUAGE sql IMMUTABLE AS %L',
        format('SELECT %s::bigint, %s::bigint',
            (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint,
            (SELECT coalesce(max(a.log_id), 0) FROM audit_log a)));
END;
$$;

COMMENT ON FUNCTION audit_chain_origin() IS
    'Where audit_log_seal() started: later rows have tx_id >= tx_id and log_id > log_id; rows up to log_id were sealed when the chain moved to audit_chain';

-- DropIndex
DROP INDEX "audit_log_chain_seq_key";
DROP INDEX "audit_log_chain_seq_tx_id_log_id_idx";

-- AlterTable
ALTER TABLE "audit_log" DROP COLUMN "chain_seq",
DROP COLUMN "prev_hash",
DROP COLUMN "row_hash";

-- CreateIndex
CREATE INDEX "audit_log_tx_id_log_id_idx" ON "audit_log"("tx_id", "log_id");

-- New rows: tx_id is the writing transaction whatever the insert says (a writer cannot place its row before the
-- sealed position, out of the sealer's reach).
CREATE OR REPLACE FUNCTION audit_log_hash_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.tx_id := (pg_current_xact_id())::text::bigint;
    IF NEW.created_at IS NULL THEN
        NEW.created_at := now();
    END IF;
    RETURN NEW;
END;
$$;

-- audit_log is append-only again without exception.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log rows are append-only (V-025 tamper resistance)';
END;
$$;

-- The chain is the tamper evidence: its rows are never changed or removed either.
CREATE FUNCTION audit_chain_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_chain rows are append-only (V-025 tamper resistance)';
END;
$$;

CREATE TRIGGER audit_chain_append_only_trg
    BEFORE UPDATE OR DELETE ON "audit_chain"
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only();

CREATE TRIGGER audit_chain_no_truncate_trg
    BEFORE TRUNCATE ON "audit_chain"
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();

-- The chain's last row (0 and 0x00 when empty) and the sealed position: the last row's (tx_id, log_id), or the
-- origin while no row has been sealed since the chain moved here.
CREATE FUNCTION audit_chain_head(OUT chain_seq bigint, OUT row_hash bytea, OUT tx_id bigint, OUT log_id bigint)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(c.chain_seq, 0), coalesce(c.row_hash, '\x00'::bytea),
           CASE WHEN c.log_id > o.log_id THEN c.tx_id ELSE o.tx_id END,
           CASE WHEN c.log_id > o.log_id THEN c.log_id ELSE o.log_id END
    FROM audit_chain_origin() o
    LEFT JOIN LATERAL (SELECT * FROM audit_chain ORDER BY audit_chain.chain_seq DESC LIMIT 1) c ON true
$$;

-- The audit rows past the sealed position (committed, not sealed yet: the unsealed tail). The scan starts at the
-- position in audit_log (tx_id, log_id); `log_id + 0` keeps the origin's bound out of the index choice (a scan of
-- the primary key from the origin would read every row since the chain moved here).
CREATE FUNCTION audit_log_unsealed() RETURNS SETOF audit_log
LANGUAGE sql STABLE AS $$
    SELECT a.* FROM audit_log a
    WHERE (a.tx_id, a.log_id) > (SELECT h.tx_id, h.log_id FROM audit_chain_head() h)
      AND a.log_id + 0 > (SELECT o.log_id FROM audit_chain_origin() o)
$$;

-- Links up to p_max final rows into the chain; returns how many. One sealer at a time (another caller returns 0 at
-- once). Run it in its own transaction.
CREATE OR REPLACE FUNCTION audit_log_seal(p_max integer DEFAULT 10000) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    h record;
    v_origin bigint;
    v_prev bytea;
    v_logs bigint[] := '{}';
    v_txs bigint[] := '{}';
    v_hashes bytea[] := '{}';
    r record;
BEGIN
    -- 0x5741_5544 = 'WAUD': the audit chain's lock, held by the sealer only
    IF NOT pg_try_advisory_xact_lock(1463895364) THEN
        RETURN 0;
    END IF;
    SELECT * INTO h FROM audit_chain_head();
    SELECT o.log_id INTO v_origin FROM audit_chain_origin() o;
    v_prev := h.row_hash;
    FOR r IN
        SELECT a.log_id, a.tx_id, a.action_type, a.entity_type, a.entity_id, a.user_id, a.warehouse_id, a.details,
               a.created_at
        FROM audit_log a
        WHERE (a.tx_id, a.log_id) > (h.tx_id, h.log_id)
          AND a.tx_id < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
          AND a.log_id + 0 > v_origin
        ORDER BY a.tx_id, a.log_id
        LIMIT p_max
    LOOP
        v_prev := audit_log_row_digest(v_prev, r.action_type, r.entity_type, r.entity_id, r.user_id,
            r.warehouse_id, r.details, r.created_at);
        v_logs := v_logs || r.log_id;
        v_txs := v_txs || r.tx_id;
        v_hashes := v_hashes || v_prev;
    END LOOP;
    IF cardinality(v_logs) = 0 THEN
        RETURN 0;
    END IF;
    INSERT INTO audit_chain (chain_seq, log_id, tx_id, prev_hash, row_hash)
    SELECT h.chain_seq + k, l, t, CASE WHEN k = 1 THEN h.row_hash ELSE v_hashes[k - 1] END, x
    FROM unnest(v_logs, v_txs, v_hashes) WITH ORDINALITY AS u(l, t, x, k);
    RETURN cardinality(v_logs);
END;
$$;

-- Walks the chain in chain_seq order against the audit rows; returns the log_id of the first sealed row that does
-- not verify (a changed or deleted audit row, a changed chain row; a gap in chain_seq, i.e. a deleted chain row,
-- is reported at the row after it), or NULL when every sealed row verifies.
CREATE OR REPLACE FUNCTION audit_log_verify_chain() RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r record;
    v_prev bytea := '\x00'::bytea;
    v_seq bigint := 0;
BEGIN
    FOR r IN
        SELECT c.chain_seq, c.log_id, c.tx_id AS chain_tx_id, c.prev_hash, c.row_hash, a.log_id AS audit_log_id,
               a.tx_id, a.action_type, a.entity_type, a.entity_id, a.user_id, a.warehouse_id, a.details, a.created_at
        FROM audit_chain c LEFT JOIN audit_log a ON a.log_id = c.log_id
        ORDER BY c.chain_seq
    LOOP
        v_seq := v_seq + 1;
        IF r.chain_seq <> v_seq
           OR r.audit_log_id IS NULL
           OR r.chain_tx_id IS DISTINCT FROM r.tx_id
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
           (SELECT count(*) FROM audit_chain),
           u.n, u.oldest
    FROM (SELECT count(*) AS n, min(created_at) AS oldest FROM audit_log_unsealed()) u
$$;
