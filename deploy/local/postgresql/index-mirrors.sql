-- GIN mirrors of FerretDB's indexes, so that keyed reads are served by an index.
--
-- FerretDB v1.24.2 pushes a top-level equality {f: v} down to PostgreSQL as
-- `_jsonb -> $1 @> $2`, but builds every MongoDB index as a btree on
-- `(_jsonb -> 'f')`, and a btree cannot serve `@>`: without help, even a find
-- by _id reads the whole table. A GIN index on the same expression with
-- jsonb_path_ops can serve it (with custom plans: FerretDB's connection URL
-- sets plan_cache_mode=force_custom_plan, as the field name is a parameter).
-- Without GIN's pending list (fastupdate = off): every search would read that
-- list whole, 5 ms at 100,000 documents instead of 0.1 ms.
--
-- These event triggers keep one such "mirror" for every field that leads or
-- takes part in one of FerretDB's btrees: made when FerretDB creates an index
-- (the _id index comes with every collection), dropped when no btree backs it
-- any more. MongoDB's listIndexes does not show them. A trigger that raised
-- would fail FerretDB's own command, so every function catches and warns.
--
-- Installed (again: idempotent) every time the local cluster starts, by
-- deploy/local/infra.py, which then calls synergi_sync_index_mirrors(NULL) for
-- whatever was created before.

-- The top-level field a btree key expression reads, or NULL for anything else
-- (dotted paths, which FerretDB does not push down anyway).
CREATE OR REPLACE FUNCTION synergi_mirrored_field(key_expression text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(m[1], '''''', '''')
  FROM regexp_match(key_expression, '^\(?_jsonb -> ''((?:[^'']|'''')*)''::text\)?$') AS m
$$;

-- Make the mirrors of `tbl` (every FerretDB table when NULL) match its btrees.
CREATE OR REPLACE FUNCTION synergi_sync_index_mirrors(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  -- Wanted: one mirror per (table, field) that some btree of FerretDB's reads.
  FOR r IN
    SELECT DISTINCT t.oid AS table_oid, n.nspname, t.relname,
           synergi_mirrored_field(pg_get_indexdef(i.indexrelid, k.n, true)) AS field
    FROM pg_index i
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ix.relam AND am.amname = 'btree'
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n)
    WHERE (tbl IS NULL OR t.oid = tbl)
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = t.oid AND a.attname = '_jsonb' AND NOT a.attisdropped)
  LOOP
    CONTINUE WHEN r.field IS NULL;
    BEGIN
      EXECUTE format(
        'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops) '
        'WITH (fastupdate = off)',
        'synergi_mirror_' || md5(r.table_oid::text || '/' || r.field), r.nspname, r.relname,
        r.field);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'synergi: no index mirror of %.%(%): %', r.nspname, r.relname, r.field, SQLERRM;
    END;
  END LOOP;
  -- Not wanted any more: mirrors whose field no btree of their table reads.
  FOR r IN
    SELECT n.nspname, ix.relname AS mirror
    FROM pg_index i
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE (tbl IS NULL OR t.oid = tbl)
      AND ix.relname LIKE 'synergi\_mirror\_%'
      AND NOT EXISTS (
        SELECT 1
        FROM pg_index b
        JOIN pg_class bx ON bx.oid = b.indexrelid
        JOIN pg_am am ON am.oid = bx.relam AND am.amname = 'btree'
        CROSS JOIN LATERAL generate_series(1, b.indnkeyatts) AS k(n)
        WHERE b.indrelid = t.oid
          AND ix.relname = 'synergi_mirror_' || md5(t.oid::text || '/' ||
              coalesce(synergi_mirrored_field(pg_get_indexdef(b.indexrelid, k.n, true)), '')))
  LOOP
    BEGIN
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', r.nspname, r.mirror);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'synergi: index mirror %.% not dropped: %', r.nspname, r.mirror, SQLERRM;
    END;
  END LOOP;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'synergi: index mirrors not synchronised: %', SQLERRM;
END;
$$;

-- After FerretDB creates an index (or a collection, with its _id index).
CREATE OR REPLACE FUNCTION synergi_mirror_created_indexes() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
  tbl regclass;
BEGIN
  FOR created IN SELECT * FROM pg_event_trigger_ddl_commands()
                 WHERE object_type = 'index'
  LOOP
    -- A mirror's own creation comes through here too: nothing to do for it.
    SELECT i.indrelid INTO tbl FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indexrelid = created.objid AND c.relname NOT LIKE 'synergi\_mirror\_%';
    IF tbl IS NOT NULL THEN
      PERFORM synergi_sync_index_mirrors(tbl);
    END IF;
  END LOOP;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'synergi: index mirror trigger failed: %', SQLERRM;
END;
$$;

-- After FerretDB drops an index: the mirrors no btree backs go too. The
-- dropped index no longer names its table, so every table is looked at (rare).
CREATE OR REPLACE FUNCTION synergi_drop_unbacked_mirrors() RETURNS event_trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects()
             WHERE object_type = 'index' AND object_name NOT LIKE 'synergi\_mirror\_%') THEN
    PERFORM synergi_sync_index_mirrors(NULL);
  END IF;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'synergi: index mirror trigger failed: %', SQLERRM;
END;
$$;

DROP EVENT TRIGGER IF EXISTS synergi_mirror_created_indexes;
CREATE EVENT TRIGGER synergi_mirror_created_indexes ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX', 'CREATE TABLE')
  EXECUTE FUNCTION synergi_mirror_created_indexes();

DROP EVENT TRIGGER IF EXISTS synergi_drop_unbacked_mirrors;
CREATE EVENT TRIGGER synergi_drop_unbacked_mirrors ON sql_drop
  WHEN TAG IN ('DROP INDEX')
  EXECUTE FUNCTION synergi_drop_unbacked_mirrors();

-- Collections created before these triggers existed (or while they were off).
SELECT synergi_sync_index_mirrors(NULL);

-- Mirrors made by an earlier release with a pending list: without it from now on.
DO $$
DECLARE
  mirror regclass;
BEGIN
  FOR mirror IN
    SELECT c.oid::regclass FROM pg_class c
    WHERE c.relkind = 'i' AND c.relname LIKE 'synergi\_mirror\_%'
      AND NOT coalesce(c.reloptions @> ARRAY['fastupdate=off'], false)
  LOOP
    EXECUTE format('ALTER INDEX %s SET (fastupdate = off)', mirror);
    PERFORM gin_clean_pending_list(mirror);
  END LOOP;
END;
$$;
