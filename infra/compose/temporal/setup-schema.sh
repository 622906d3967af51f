#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings both schemas to the versions this
# server release ships (temporal-sql-tool from temporalio/admin-tools, same release as the
# server). Idempotent: `create` and `setup-schema -v 0.0` fail harmlessly once the database and
# its version table exist, so their errors are let through; `update-schema` then applies only what
# is missing and fails loudly on a real problem (no connection, bad password).
# Env: POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, SQL_PASSWORD.
set -eu
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  dir="${db#*:}"
  tool="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -p $DB_PORT -u $POSTGRES_USER --db $name"
  $tool create || true
  $tool setup-schema -v 0.0 || true
  $tool update-schema -d "$SCHEMA_DIR/$dir/versioned"
done
echo "Temporal schemas are up to date"
