#!/usr/bin/env bash
# Regenerates the CRDs (HeapCapture, HeapCapturePolicy) from the Java model (crds/) and copies them
# into the chart, which is where Helm and the tests install them from. Commit the result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAMES=(heapcaptures.heapcapture.io-v1.yml heapcapturepolicies.heapcapture.io-v1.yml)

log() { printf '[update-crd] %s\n' "$*" >&2; }

log "generating the CRD from crds/src/main/java"
(cd "$ROOT" && ./mvnw -q -pl crds process-classes)
mkdir -p "$ROOT/charts/heapcapture/crds"
for NAME in "${NAMES[@]}"; do
  GENERATED="$ROOT/crds/target/classes/META-INF/fabric8/$NAME"
  COMMITTED="$ROOT/charts/heapcapture/crds/$NAME"
  if cmp -s "$GENERATED" "$COMMITTED"; then
    log "$COMMITTED is up to date"
  else
    cp "$GENERATED" "$COMMITTED"
    log "updated $COMMITTED"
  fi
done
