#!/usr/bin/env bash
# Regenerates the HeapCapture CRD from the Java model (crds/) and copies it into the chart,
# which is where Helm and the tests install it from. Commit the result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="heapcaptures.heapcapture.io-v1.yml"
GENERATED="$ROOT/crds/target/classes/META-INF/fabric8/$NAME"
COMMITTED="$ROOT/charts/heapcapture/crds/$NAME"

log() { printf '[update-crd] %s\n' "$*" >&2; }

log "generating the CRD from crds/src/main/java"
(cd "$ROOT" && ./mvnw -q -pl crds process-classes)
mkdir -p "$(dirname "$COMMITTED")"
if cmp -s "$GENERATED" "$COMMITTED"; then
  log "$COMMITTED is up to date"
else
  cp "$GENERATED" "$COMMITTED"
  log "updated $COMMITTED"
fi
