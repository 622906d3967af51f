-- One model-name rule everywhere (common/validation/model-name.ts): at most 63 lowercase
-- letters, digits, "_" or "-", starting with a letter or digit. 0003 allowed upper case, "." and
-- 128 characters, which no run could create (the DAG params always had the lowercase rule) but
-- the registry API could. A name outside the rule stops the migration, naming it, rather than
-- staying in a table whose readers would refuse it.
DO $$
DECLARE
  outside text;
BEGIN
  SELECT string_agg(quote_literal(name), ', ' ORDER BY name) INTO outside
    FROM models WHERE name !~ '^[a-z0-9][a-z0-9_-]{0,62}$';
  IF outside IS NOT NULL THEN
    RAISE EXCEPTION 'model names outside the rule (at most 63 lowercase letters, digits, "_" or "-", starting with a letter or digit): %', outside
      USING HINT = 'rename or delete those models (with their versions, aliases and history rows), then start again';
  END IF;
END $$;

ALTER TABLE models DROP CONSTRAINT models_name_check;
ALTER TABLE models ADD CONSTRAINT models_name_check CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$');
