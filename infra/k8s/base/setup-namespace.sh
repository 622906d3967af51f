#!/bin/sh
# Creates the Temporal namespace the workers use and registers the engine's custom search
# attributes on it (DagId, ModelName, LogicalDate, RunKind, Outcome: common/search-attributes.ts; a unit
# test keeps this list equal to that file). Idempotent: safe to run on every deploy.
# Runs in temporalio/admin-tools. Env: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, NAMESPACE_RETENTION;
# the `temporal` CLI also reads TEMPORAL_TLS, TEMPORAL_API_KEY and the TLS cert/key variables.
set -eu
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be host:port of the Temporal frontend}"
: "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE must name the namespace to create}"
RETENTION="${NAMESPACE_RETENTION:-30d}"

attempt=0
until temporal operator cluster health >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "Temporal at $TEMPORAL_ADDRESS is not healthy after $attempt tries" >&2
    exit 1
  fi
  sleep 5
done

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $TEMPORAL_NAMESPACE exists"
else
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$RETENTION"
  echo "namespace $TEMPORAL_NAMESPACE created (retention $RETENTION)"
fi

for attribute in DagId=Keyword ModelName=Keyword LogicalDate=Datetime RunKind=Keyword Outcome=Keyword; do
  name="${attribute%%=*}"
  type="${attribute#*=}"
  if temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"
    echo "search attribute $name ($type) created"
  fi
done
