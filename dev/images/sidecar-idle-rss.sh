#!/usr/bin/env bash
# Measures the sidecar image's idle memory without a container runtime (run as root):
#
#   dev/images/sidecar-idle-rss.sh sidecar/target/jib-image.tar [extra JVM flags...]
#
# Unpacks the image, starts its entrypoint as the image's user 65532:65532 in a chroot of the
# unpacked root file system, mounted read-only, with tmpfs at /tmp and at the dump volume (as the
# injected pod has them) and its own PID namespace and /proc. Waits IDLE_SECONDS (default 30), then
# prints the JVM's VmRSS. Extra flags go before the image's own (the later flag wins, so they
# cannot override the image's; use them to add); with IMAGE_FLAGS=no the image's own flags are
# left out, to compare flag sets. MAX_RAM (default 128m, the sidecar's memory limit
# in the injection settings) stands in for the container limit, which a chroot does not have.
# PREPARE, a shell command run as root in the unpacked root file system before the start, tries
# out a change to the image (e.g. PREPARE='chroot . /opt/java/openjdk/bin/java -Xshare:dump').
set -euo pipefail
export PATH="$PATH:/usr/sbin:/usr/bin:/sbin:/bin"
TAR="$(readlink -f "$1")"
shift
IDLE_SECONDS="${IDLE_SECONDS:-30}"
ROOTFS="$(mktemp -d)"
chmod 755 "$ROOTFS"
trap 'rm -rf "$ROOTFS"' EXIT
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
python3 "$ROOT/dev/images/unpack-image.py" "$TAR" "$ROOTFS" >/dev/null
mkdir -p "$ROOTFS/heapcapture/dumps"
if [ -n "${PREPARE:-}" ]; then
  (cd "$ROOTFS" && eval "$PREPARE") >/dev/null
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
  -subj /CN=heapcapture-sidecar-ca -days 1 2>/dev/null >"$ROOTFS/tmp.ca.pem"
# A token file for a sidecar from before mTLS, which wanted one; the mTLS sidecar ignores it.
mkdir -p "$ROOTFS/etc/heapcapture"
echo idle-rss >"$ROOTFS/etc/heapcapture/token"
mapfile -t ENTRY < <(tar xOf "$TAR" config.json |
  python3 -c 'import json,sys; [print(a) for a in json.load(sys.stdin)["config"]["Entrypoint"]]')
mapfile -t ENV < <(tar xOf "$TAR" config.json |
  python3 -c 'import json,sys; [print(a) for a in json.load(sys.stdin)["config"]["Env"]]')
PORT="${PORT:-18086}"
if [ "${IMAGE_FLAGS:-yes}" = no ]; then
  for i in "${!ENTRY[@]}"; do
    if [ "${ENTRY[$i]}" = -cp ]; then
      ENTRY=("${ENTRY[0]}" "${ENTRY[@]:$i}")
      break
    fi
  done
fi

env -i "${ENV[@]}" HEAPCAPTURE_CLIENT_CA="$(cat "$ROOTFS/tmp.ca.pem")" \
  HEAPCAPTURE_TOKEN_FILE=/etc/heapcapture/token HEAPCAPTURE_LISTEN="127.0.0.1:$PORT" \
  HEAPCAPTURE_DUMP_DIR=/heapcapture/dumps HEAPCAPTURE_UPLOAD_ENDPOINTS=http://127.0.0.1:7070 \
  unshare -m -p -f --propagation private /bin/bash -c '
    R=$1; shift
    mount --bind "$R" "$R" && mount -o remount,bind,ro "$R"
    mount -t proc proc "$R/proc"
    mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
    mount -t tmpfs -o mode=1777 tmpfs "$R/heapcapture/dumps"
    exec /usr/sbin/chroot --userspec=65532:65532 --groups=65532 "$R" "$@"' \
  _ "$ROOTFS" "${ENTRY[0]/#java//opt/java/openjdk/bin/java}" "-XX:MaxRAM=${MAX_RAM:-128m}" "$@" "${ENTRY[@]:1}" \
  >"$ROOTFS.log" 2>&1 &
UNSHARE=$!
sleep 2
JVM="$(pgrep -P "$UNSHARE" || true)"
if [ -z "$JVM" ]; then
  cat "$ROOTFS.log" >&2
  exit 1
fi
ready=""
for _ in $(seq 1 60); do
  if curl -sf -m 2 "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 ||
    curl -skf -m 2 "https://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
    ready=yes
    break
  fi
  sleep 1
done
sleep "$IDLE_SECONDS"
rss="$(awk '/VmRSS/ {print $2, $3}' "/proc/$JVM/status")"
user="$(awk '/^Uid/ {print $2}' "/proc/$JVM/status")"
kill "$JVM"
wait "$UNSHARE" 2>/dev/null || true
echo "VmRSS ${rss} uid=${user} healthz=${ready:-no} flags: $* (image: ${ENTRY[*]:1})"
rm -f "$ROOTFS.log"
