-- Serving: the traffic split the prediction service holds for each model (set by the deploy_model
-- activities), its append-only history, the prediction log (partitioned by day, partitions created
-- ahead and dropped after the retention by lib/serving/partitions.ts) and moderators' feedback.

CREATE TABLE traffic_splits (
  model           text PRIMARY KEY REFERENCES models (name),
  challenger      integer,
  mode            text NOT NULL CHECK (mode IN ('off', 'shadow', 'canary')),
  canary_percent  double precision NOT NULL CHECK (canary_percent >= 0 AND canary_percent <= 100),
  updated_by      text NOT NULL CHECK (updated_by <> ''),
  reason          text NOT NULL CHECK (reason <> ''),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (model, challenger) REFERENCES model_versions (model, version),
  -- Shadow and canary need someone to send traffic to; 'off' may keep the last challenger named.
  CHECK (mode = 'off' OR challenger IS NOT NULL)
);

CREATE TABLE traffic_split_history (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model           text NOT NULL REFERENCES models (name),
  challenger      integer,
  mode            text NOT NULL,
  canary_percent  double precision NOT NULL,
  updated_by      text NOT NULL,
  reason          text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX traffic_split_history_model ON traffic_split_history (model, id);

CREATE TRIGGER traffic_split_history_append_only BEFORE UPDATE OR DELETE ON traffic_split_history
  FOR EACH ROW EXECUTE FUNCTION registry_history_is_append_only();

-- One channel tells every prediction service that what it serves may have changed: a champion
-- alias move or a traffic split change. The payload is the model name; services re-read the state.
CREATE FUNCTION serving_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('serving_changes', OLD.model);
    RETURN OLD;
  END IF;
  PERFORM pg_notify('serving_changes', NEW.model);
  RETURN NEW;
END;
$$;

CREATE TRIGGER model_aliases_notify AFTER INSERT OR UPDATE OR DELETE ON model_aliases
  FOR EACH ROW EXECUTE FUNCTION serving_notify_change();
CREATE TRIGGER traffic_splits_notify AFTER INSERT OR UPDATE OR DELETE ON traffic_splits
  FOR EACH ROW EXECUTE FUNCTION serving_notify_change();

-- No foreign keys: the log is written in batches off the request path and must not fail because
-- of registry state; the primary key includes the partition key, as PostgreSQL requires.
CREATE TABLE prediction_log (
  prediction_id  uuid NOT NULL,
  model          text NOT NULL,
  version        integer NOT NULL,
  role           text NOT NULL CHECK (role IN ('champion', 'challenger')),
  shadow         boolean NOT NULL,
  score          double precision,
  label          smallint CHECK (label IN (0, 1)),
  threshold      double precision NOT NULL,
  latency_ms     double precision NOT NULL CHECK (latency_ms >= 0),
  -- A predict that threw: score and label are NULL and error holds the message.
  error          text,
  text_sha256    text CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (prediction_id, shadow, created_at),
  CHECK ((error IS NULL) = (score IS NOT NULL AND label IS NOT NULL))
) PARTITION BY RANGE (created_at);
CREATE INDEX prediction_log_model_version_time ON prediction_log (model, version, created_at);

CREATE TABLE prediction_feedback (
  prediction_id  uuid PRIMARY KEY,
  label          smallint NOT NULL CHECK (label IN (0, 1)),
  reviewer       text NOT NULL CHECK (reviewer <> ''),
  created_at     timestamptz NOT NULL DEFAULT now()
);
