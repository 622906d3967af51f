-- Artifacts committed by activities: one row per content-addressed object, so lineage queries
-- can join registry versions and datasets to the bytes they point at.
CREATE TABLE IF NOT EXISTS artifacts (
  uri         text PRIMARY KEY,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
  kind        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
