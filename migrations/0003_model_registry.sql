-- Model registry: models, numbered versions with their artifacts, metrics and lineage, aliases
-- (`champion`, `challenger`) and an append-only history of every alias move and status change.
-- Concurrency rule kept by lib/registry: every write that numbers versions or moves an alias
-- first locks the model's row (SELECT ... FOR UPDATE), so writes to one model are serialized.

CREATE TABLE models (
  name         text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model_versions (
  model             text NOT NULL REFERENCES models (name),
  version           integer NOT NULL CHECK (version >= 1),
  -- Business key of the step that registered it (workflowId/taskId): a retried or crashed-and-
  -- retried activity finds its own row instead of making a second version.
  registration_key  text NOT NULL UNIQUE CHECK (registration_key <> ''),
  status            text NOT NULL DEFAULT 'registered'
                    CHECK (status IN ('registered', 'challenger', 'champion', 'archived', 'rejected')),
  model_uri         text NOT NULL CHECK (model_uri <> ''),
  model_sha256      text NOT NULL CHECK (model_sha256 ~ '^[0-9a-f]{64}$'),
  model_size_bytes  bigint NOT NULL CHECK (model_size_bytes >= 0),
  baseline_uri      text NOT NULL CHECK (baseline_uri <> ''),
  baseline_sha256   text NOT NULL CHECK (baseline_sha256 ~ '^[0-9a-f]{64}$'),
  baseline_size_bytes bigint NOT NULL CHECK (baseline_size_bytes >= 0),
  checkpoint_uri    text CHECK (checkpoint_uri <> ''),
  checkpoint_sha256 text CHECK (checkpoint_sha256 ~ '^[0-9a-f]{64}$'),
  checkpoint_size_bytes bigint CHECK (checkpoint_size_bytes >= 0),
  -- name -> {uri, sha256, sizeBytes}: evaluation report, ROC/PR curves, confusion matrix, loss curve.
  reports           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(reports) = 'object'),
  metrics           jsonb NOT NULL CHECK (jsonb_typeof(metrics) = 'object'),
  params            jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
  dataset_manifest  jsonb NOT NULL CHECK (jsonb_typeof(dataset_manifest) = 'object'),
  dataset_sha256    text NOT NULL CHECK (dataset_sha256 ~ '^[0-9a-f]{64}$'),
  code_version      text NOT NULL CHECK (code_version <> ''),
  workflow_id       text NOT NULL CHECK (workflow_id <> ''),
  run_id            text NOT NULL CHECK (run_id <> ''),
  dag_id            text,
  task_id           text NOT NULL CHECK (task_id <> ''),
  logical_date      timestamptz,
  gate              jsonb NOT NULL CHECK (
                      jsonb_typeof(gate) = 'object'
                      AND jsonb_typeof(gate -> 'passed') = 'boolean'
                      AND jsonb_typeof(gate -> 'reasons') = 'array'
                    ),
  created_at        timestamptz NOT NULL DEFAULT now(),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model, version),
  CHECK ((checkpoint_uri IS NULL) = (checkpoint_sha256 IS NULL) AND (checkpoint_uri IS NULL) = (checkpoint_size_bytes IS NULL)),
  -- A version whose gate failed can never be offered for promotion.
  CHECK (status NOT IN ('challenger', 'champion') OR (gate ->> 'passed')::boolean)
);

-- The invariant the promotion tests check, kept by the database itself.
CREATE UNIQUE INDEX model_versions_one_champion ON model_versions (model) WHERE status = 'champion';
CREATE INDEX model_versions_workflow ON model_versions (workflow_id);
CREATE INDEX model_versions_dataset ON model_versions (dataset_sha256);

CREATE TABLE model_aliases (
  model       text NOT NULL REFERENCES models (name),
  alias       text NOT NULL CHECK (alias ~ '^[a-z][a-z0-9_-]{0,62}$'),
  version     integer NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model, alias),
  FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

-- Append-only: one row per alias move. to_version NULL means the alias was removed (a challenger
-- that was promoted or rejected); from_version NULL means the alias was created.
CREATE TABLE alias_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model         text NOT NULL REFERENCES models (name),
  alias         text NOT NULL,
  from_version  integer,
  to_version    integer,
  actor         text NOT NULL CHECK (actor <> ''),
  reason        text NOT NULL CHECK (reason <> ''),
  workflow_id   text,
  at            timestamptz NOT NULL DEFAULT now(),
  CHECK (from_version IS DISTINCT FROM to_version),
  FOREIGN KEY (model, from_version) REFERENCES model_versions (model, version),
  FOREIGN KEY (model, to_version) REFERENCES model_versions (model, version)
);
CREATE INDEX alias_history_model_alias ON alias_history (model, alias, id);

-- Append-only: one row per status change, with who and why (approvals, rejections, timeouts).
CREATE TABLE version_status_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model         text NOT NULL,
  version       integer NOT NULL,
  from_status   text,
  to_status     text NOT NULL,
  actor         text NOT NULL CHECK (actor <> ''),
  reason        text NOT NULL CHECK (reason <> ''),
  workflow_id   text,
  at            timestamptz NOT NULL DEFAULT now(),
  CHECK (from_status IS DISTINCT FROM to_status),
  FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
CREATE INDEX version_status_history_version ON version_status_history (model, version, id);

CREATE FUNCTION registry_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER alias_history_append_only BEFORE UPDATE OR DELETE ON alias_history
  FOR EACH ROW EXECUTE FUNCTION registry_history_is_append_only();
CREATE TRIGGER version_status_history_append_only BEFORE UPDATE OR DELETE ON version_status_history
  FOR EACH ROW EXECUTE FUNCTION registry_history_is_append_only();
