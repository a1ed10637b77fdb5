-- Token-check cache (issue 17): every server instance keeps the users it has authenticated in memory and
-- forgets one when this notification says it changed or went away, whoever changed it (the API, the admin
-- command line, SQL by hand). NOTIFY is delivered at commit, never for a rolled-back change. The payload is
-- the user id; '*' (TRUNCATE) means every user.
CREATE OR REPLACE FUNCTION users_changed_notify() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('wms_users', '*');
  ELSE
    PERFORM pg_notify('wms_users', OLD.user_id::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_changed_notify AFTER UPDATE OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION users_changed_notify();

CREATE TRIGGER users_truncated_notify AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION users_changed_notify();
