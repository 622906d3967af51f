-- The artifacts table of 0001 was never written: artifact identity lives in the store (sha256 in
-- each ref) and in model_versions' uri/sha256/size columns. Dropped rather than left to suggest a
-- lineage join that returns nothing; 0001 stays as applied.
DROP TABLE IF EXISTS artifacts;
