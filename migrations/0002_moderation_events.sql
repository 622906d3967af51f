-- Source events the weekly pipeline learns from. The embedded default is seeded from the
-- SpamAssassin corpus (lib/source/seed-corpus.ts); production points the source configuration
-- at its own table instead. content and label stay nullable because real sources have gaps:
-- extraction quarantines such rows rather than the schema hiding them.
CREATE TABLE IF NOT EXISTS moderation_events (
  id          text PRIMARY KEY,
  content     text,
  label       text,
  event_time  timestamptz NOT NULL,
  source      text NOT NULL
);

-- Extraction reads one training window ordered by (event_time, id).
CREATE INDEX IF NOT EXISTS moderation_events_event_time_idx ON moderation_events (event_time, id);
