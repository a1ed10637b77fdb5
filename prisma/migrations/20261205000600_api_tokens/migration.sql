-- Read-only API tokens for wall-boards (issue 19). Only the SHA-256 of the secret is stored.
-- CreateTable
CREATE TABLE "api_tokens" (
    "token_id" SERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "token_prefix" VARCHAR(16) NOT NULL,
    "warehouse_ids" INTEGER[],
    "created_by" VARCHAR(50) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    "revoked_by" VARCHAR(50),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("token_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- A revoked (or deleted, or re-dated) token must stop working within a second on every server instance, including
-- the sockets and SSE streams it already holds: each instance LISTENs on wms_api_tokens and re-checks the
-- subscriptions of the token named in the payload. NOTIFY is delivered at commit only, so a rolled-back revocation
-- closes nothing; the trigger (not the application) sends it, so the admin CLI's revocation is seen too.
CREATE OR REPLACE FUNCTION api_tokens_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('wms_api_tokens', OLD.token_id::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS api_tokens_notify ON "api_tokens";
CREATE TRIGGER api_tokens_notify AFTER UPDATE OR DELETE ON "api_tokens"
  FOR EACH ROW EXECUTE FUNCTION api_tokens_notify();
