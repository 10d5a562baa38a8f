#!/usr/bin/env bash
# Builds the project's base images and the pod sandbox's pause image as image tars, without Docker
# or a registry, into <cache>/images (cache: $HEAPCAPTURE_CACHE, default ~/.cache/heapcapture):
#
#   base-jre.tar      heapcapture.local/base-jre:17      the JRE base of the operator, the analyzer
#                                                        and the leaking applications
#   base-sidecar.tar  heapcapture.local/base-sidecar:17  a runtime trimmed to the sidecar's modules,
#                                                        plus a static `kill` (the sidecar sends SIGQUIT)
#   pause.tar         heapcapture.local/pause:3.10       the pod sandbox's process (containerd's
#                                                        sandbox image on the test node)
#   leaky-express.tar heapcapture/leaky-express:0.1.0    the Node.js demo application (demo-express/:
#                                                        Express from npm, on this machine's node)
#
# The bases are a few Debian packages extracted with dpkg-deb (libc6, libgcc-s1, libstdc++6, zlib1g),
# a user 65532 (nonroot) and a runtime made by jlink from the machine's Debian JDK 17, at
# /opt/java/openjdk (where eclipse-temurin has it). No shell, no package manager. `kill` and `pause`
# are static Go programs from dev/images. Each tar is an OCI layout and a `docker save` archive at
# once (dev/images/pack-image.py): `ctr images import` names it, Jib takes it as `tar://` base.
#
# Reproducible: the same packages, JDK and Go give the same bytes (fixed mtimes and owners, sorted
# entries, no CDS archive: JDK 17 cannot write one deterministically). Skips everything when the
# tars exist and nothing that goes into them changed. Cold run: about 1 min on 2 idle cores.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${HEAPCAPTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapcapture}"
OUT="$CACHE/images"
WORK="$OUT/work"
IMAGES=(base-jre base-sidecar pause leaky-express)
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g)
# A JRE: Java SE plus what applications commonly reach for (TLS with EC keys, PKCS#11, Unsafe, zip
# file systems, JFR, JMX extensions, DNS for JNDI, extra charsets, the JDK's HTTP server). Not
# jdk.localedata (non-English date and number formats: +22 MB, +8 MB compressed): add it here if
# an app needs it.
JRE_MODULES=java.se,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.unsupported,jdk.zipfs,jdk.management,jdk.jfr,jdk.naming.dns,jdk.charsets,jdk.httpserver,jdk.net,jdk.security.auth,jdk.security.jgss
# What the sidecar and its libraries use: its HTTPS server and client, TLS with EC keys, LDAP names
# (certificate subjects), Unsafe. A dependency that needs another module must add it here: the
# image then fails with NoClassDefFoundError, which the sidecar's start shows at once.
SIDECAR_MODULES=java.base,java.logging,java.naming,java.net.http,jdk.crypto.ec,jdk.httpserver,jdk.unsupported
ENV_PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '[build-images] %s\n' "$*" >&2; }

find_jlink() {
  local candidate
  for candidate in "${JAVA_HOME:-}/bin/jlink" "$(command -v jlink || true)" /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink; do
    if [ -x "$candidate" ] && "$candidate" --version 2>/dev/null | grep -q '^17\.'; then
      readlink -f "$candidate"
      return
    fi
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing openjdk-17-jdk-headless for jlink (about 30 s)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless >/dev/null
    readlink -f /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink
    return
  fi
  log "no JDK 17 jlink found: install openjdk-17-jdk-headless or set JAVA_HOME to a JDK 17"
  exit 1
}

JLINK="$(find_jlink)"
# The Node.js demo runs on this machine's node: a single binary that needs only libc, libstdc++ and
# libgcc_s, which the base has.
NODE="$(readlink -f "$(command -v node)")"
JDK_HOME="$(dirname "$(dirname "$JLINK")")"
if [ ! -d "$JDK_HOME/jmods" ]; then
  log "$JDK_HOME has no jmods/; jlink needs them (Debian: openjdk-17-jdk-headless)"
  exit 1
fi

# Everything that decides the tars' content; a change in any of it rebuilds them.
key() {
  {
    cat "$ROOT/dev/build-images.sh" "$ROOT/dev/images/pack-image.py" "$ROOT/dev/images/go.mod"
    cat "$ROOT/demo-express/server.js" "$ROOT/demo-express/package.json" "$ROOT/demo-express/package-lock.json"
    "$NODE" --version
    find "$ROOT/dev/images/cmd" -type f -name '*.go' | LC_ALL=C sort | xargs cat
    cat "$JDK_HOME/release"
    go version
  } | sha256sum | cut -d' ' -f1
}

mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock 9
KEY="$(key)"
up_to_date=true
for image in "${IMAGES[@]}"; do
  [ -f "$OUT/$image.tar" ] || up_to_date=false
done
if $up_to_date && [ "$(cat "$OUT/images.key" 2>/dev/null)" = "$KEY" ]; then
  log "base images up to date in $OUT"
  exit 0
fi

started=$SECONDS
rm -rf "$WORK"
mkdir -p "$WORK/debs"

log "1/6 downloading ${#PACKAGES[@]} Debian packages (${PACKAGES[*]}) and libc-bin's C.UTF-8 locale (a few seconds)"
download() { apt-get download -q -o APT::Sandbox::User=root "$@" >/dev/null; }
if ! (cd "$WORK/debs" && download "${PACKAGES[@]}"); then
  # A fresh machine may have no package lists yet.
  [ "$(id -u)" = 0 ] && apt-get update -q >/dev/null
  (cd "$WORK/debs" && download "${PACKAGES[@]}")
fi
# Only the C.UTF-8 locale of libc-bin (400 KB): with LANG=C.UTF-8 the JVM reads and writes UTF-8 and
# takes file names as UTF-8; without it, ASCII.
(cd "$WORK" && download libc-bin && mv libc-bin_*.deb libc-bin.deb)

log "2/6 the base file system (a few seconds)"
os="$WORK/os"
mkdir -p "$os/usr/bin" "$os/usr/sbin" "$os/usr/lib" "$os/usr/lib64" "$os/etc" "$os/tmp" "$os/home/nonroot" \
  "$os/proc" "$os/sys" "$os/dev" # mount points, as a container runtime expects them
# Debian 12 is merged-/usr: /bin, /lib... are links into /usr, which the packages expect.
for dir in bin sbin lib lib64; do ln -s "usr/$dir" "$os/$dir"; done
for deb in "$WORK"/debs/*.deb; do
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$os"
done
mkdir -p "$WORK/libc-bin" "$os/usr/lib/locale"
dpkg-deb -x "$WORK/libc-bin.deb" "$WORK/libc-bin"
cp -a "$WORK/libc-bin/usr/lib/locale/C.utf8" "$os/usr/lib/locale/"
: >"$OUT/versions.txt.partial"
for deb in "$WORK"/debs/*.deb "$WORK/libc-bin.deb"; do
  echo "$(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)" >>"$OUT/versions.txt.partial"
done
# What no JVM reads: documentation, translations, iconv modules, gdb helpers.
rm -rf "$os/usr/share" "$os/usr/lib/x86_64-linux-gnu/gconv" "$os/etc/ld.so.conf.d"
chmod 1777 "$os/tmp"
cat >"$os/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$os/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
nonroot:x:65532:
EOF
echo 'passwd: files
group: files
hosts: files dns' >"$os/etc/nsswitch.conf"
printf 'PRETTY_NAME="heapcapture base (Debian 12 packages)"\nID=debian\nVERSION_ID="12"\n' >"$os/etc/os-release"

log "3/6 jlink: a JRE and the sidecar's runtime from $JDK_HOME (about 30 s)"
link_runtime() {
  local modules="$1" dest="$2/opt/java/openjdk"
  shift 2
  mkdir -p "$(dirname "$dest")"
  "$JLINK" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files "$@" \
    --output "$dest" >/dev/null
  # Debian's jlink output points nowhere else (jmods hold real files), but make sure.
  if find "$dest" -type l -lname '/*' | grep -q .; then
    log "jlink left absolute links in $dest"
    exit 1
  fi
}
link_runtime "$JRE_MODULES" "$WORK/jre"
link_runtime "$SIDECAR_MODULES" "$WORK/sidecar"

log "4/6 the static kill and pause programs (Go; about 20 s when Go's build cache is cold)"
mkdir -p "$WORK/sidecar/usr/bin" "$WORK/pause"
(
  cd "$ROOT/dev/images"
  export CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false -mod=mod" GOOS=linux GOARCH=amd64
  go build -ldflags="-s -w -buildid=" -o "$WORK/sidecar/usr/bin/kill" ./cmd/kill
  go build -ldflags="-s -w -buildid=" -o "$WORK/pause/pause" ./cmd/pause
)

log "5/6 the Node.js demo: npm ci of demo-express (a few seconds with npm's cache)"
mkdir -p "$WORK/node/usr/bin" "$WORK/express/app"
cp "$NODE" "$WORK/node/usr/bin/node"
cp "$ROOT/demo-express/server.js" "$ROOT/demo-express/package.json" "$ROOT/demo-express/package-lock.json" \
  "$WORK/express/app/"
(cd "$WORK/express/app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)

log "6/6 packing the image tars (about 40 s: gzip -9)"
pack() { python3 "$ROOT/dev/images/pack-image.py" "$@" >/dev/null; }
java_env=(--env "PATH=$ENV_PATH" --env JAVA_HOME=/opt/java/openjdk --env LANG=C.UTF-8)
versions="$(paste -sd' ' "$OUT/versions.txt.partial")"
pack --name heapcapture.local/base-jre:17 --output "$OUT/base-jre.tar" \
  --layer "$os" --layer "$WORK/jre" --chown home/nonroot=65532:65532 \
  --user 65532:65532 "${java_env[@]}" --cmd '["java","-version"]' \
  --label "io.heapcapture.debian-packages=$versions" --label "io.heapcapture.jlink-modules=$JRE_MODULES"
pack --name heapcapture.local/base-sidecar:17 --output "$OUT/base-sidecar.tar" \
  --layer "$os" --layer "$WORK/sidecar" --chown home/nonroot=65532:65532 \
  --user 65532:65532 "${java_env[@]}" --cmd '["java","-version"]' \
  --label "io.heapcapture.debian-packages=$versions" --label "io.heapcapture.jlink-modules=$SIDECAR_MODULES"
# Snapshots go to the working directory unless --diagnostic-dir says otherwise: make it writable.
pack --name heapcapture/leaky-express:0.1.0 --output "$OUT/leaky-express.tar" \
  --layer "$os" --layer "$WORK/node" --layer "$WORK/express" --chown home/nonroot=65532:65532 \
  --user 65532:65532 --env "PATH=$ENV_PATH" --env LANG=C.UTF-8 --env NODE_ENV=production \
  --workdir /home/nonroot --cmd '["node","--heapsnapshot-signal=SIGUSR2","/app/server.js"]' \
  --label "io.heapcapture.node-version=$("$NODE" --version)"
pack --name heapcapture.local/pause:3.10 --output "$OUT/pause.tar" \
  --layer "$WORK/pause" --user 65535:65535 --entrypoint '["/pause"]'

mv "$OUT/versions.txt.partial" "$OUT/versions.txt"
echo "$KEY" >"$OUT/images.key"
rm -rf "$WORK"
for image in "${IMAGES[@]}"; do
  log "$(du -h "$OUT/$image.tar" | cut -f1)  $OUT/$image.tar"
done
log "done in $((SECONDS - started)) s"
