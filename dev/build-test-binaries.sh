#!/usr/bin/env bash
# Builds the real binaries that the tests and the demo run, from the Go module proxy,
# into a cache directory (default ~/.cache/heapcapture/bin). Skips what is already built.
#
#   <cache>/k8s/<k8s-version>-linux-amd64/{kube-apiserver,etcd,kubectl}  (the layout kube-api-test expects)
#   <cache>/tools/{helm,versitygw}
#   <cache>/tools/aws  (AWS CLI v1 in a Python venv at <cache>/awscli: an S3 client that is not ours)
#
# The part `node` (not in the default set; the e2e build and `dev/node` ask for it) adds a real node:
#   <cache>/bin/k8s/<k8s-version>-linux-amd64/{kubelet,kube-scheduler,kube-controller-manager,kube-proxy}
#   <cache>/bin/node/{containerd,containerd-shim-runc-v2,ctr,runc}
#   <cache>/bin/cni/{bridge,host-local,loopback,portmap}
# and installs the Debian packages the node needs on the host (iptables, conntrack, ...).
#
# There is no release-download step: no download site is reachable from CI, only the module proxy.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.35.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
HELM_VERSION="${HELM_VERSION:-v3.19.5}"
VERSITYGW_VERSION="${VERSITYGW_VERSION:-v1.8.0}"
AWSCLI_VERSION="${AWSCLI_VERSION:-1.46.3}"
CONTAINERD_VERSION="${CONTAINERD_VERSION:-v2.2.9}"
RUNC_VERSION="${RUNC_VERSION:-v1.3.7}"
CNI_PLUGINS_VERSION="${CNI_PLUGINS_VERSION:-v1.9.1}"

CACHE="${HEAPCAPTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapcapture}"
BIN="$CACHE/bin"
K8S_DIR="$BIN/k8s/${K8S_VERSION}-linux-amd64"
TOOLS_DIR="$BIN/tools"
NODE_DIR="$BIN/node"
CNI_DIR="$BIN/cni"
WORK="$CACHE/gobuild"
mkdir -p "$K8S_DIR" "$TOOLS_DIR" "$WORK"

export CGO_ENABLED=0
export GOFLAGS="-mod=mod -buildvcs=false"
# Keep the build from eating all memory on a 2-core machine.
export GOMAXPROCS="${GOMAXPROCS:-2}"

log() { printf '[build-test-binaries] %s\n' "$*" >&2; }

built() { [ -x "$1" ] && [ "$(cat "$1.version" 2>/dev/null)" = "$2" ]; }

mark() { printf '%s' "$2" >"$1.version"; }

# k8s.io/kubernetes replaces its staging modules with local paths, so it cannot be
# `go install`ed. A wrapper module requires it and points every staging module at the
# published k8s.io/<name> v0.<minor>.<patch>.
build_kubernetes() {
  local want="v$K8S_VERSION"
  local cmds=("$@")
  [ ${#cmds[@]} -gt 0 ] || cmds=(kube-apiserver kubectl)
  local missing=()
  local c
  for c in "${cmds[@]}"; do
    built "$K8S_DIR/$c" "$want" || missing+=("$c")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "${cmds[*]} $want: cached"
    return
  fi
  local staging="v0.${K8S_VERSION#*.}"
  local dir="$WORK/kubernetes-$K8S_VERSION"
  mkdir -p "$dir"
  log "fetching k8s.io/kubernetes $want from the module proxy (large; first run only)"
  (cd "$dir" && go mod download -json "k8s.io/kubernetes@$want" >download.json)
  local gomod
  gomod=$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' "$dir/download.json")
  local goversion
  goversion=$(sed -n 's/^go \(.*\)$/\1/p' "$gomod")
  {
    echo "module heapcapture.dev/testbin/kubernetes"
    echo
    echo "go $goversion"
    echo
    echo "require k8s.io/kubernetes $want"
    echo
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s.io/[^[:space:]]*\) => ./staging/.*#\1#p' "$gomod" |
      while read -r m; do echo "	$m => $m $staging"; done
    echo ")"
  } >"$dir/go.mod"
  printf 'package main\n' >"$dir/main.go"
  local ldflags="-s -w"
  local v
  for v in gitVersion=$want gitMajor=1 gitMinor="$(echo "$K8S_VERSION" | cut -d. -f2)" gitTreeState=clean gitCommit=0000000000000000000000000000000000000000 buildDate=1970-01-01T00:00:00Z; do
    ldflags="$ldflags -X k8s.io/component-base/version.$v -X k8s.io/client-go/pkg/version.$v"
  done
  local cmd
  for cmd in "${missing[@]}"; do
    log "building $cmd $want (one to several minutes on first run)"
    (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o "$K8S_DIR/$cmd" "k8s.io/kubernetes/cmd/$cmd")
    mark "$K8S_DIR/$cmd" "$want"
  done
}

# etcd's server module also replaces its siblings with local paths: same wrapper trick.
build_etcd() {
  if built "$K8S_DIR/etcd" "$ETCD_VERSION"; then
    log "etcd $ETCD_VERSION: cached"
    return
  fi
  local dir="$WORK/etcd-$ETCD_VERSION"
  mkdir -p "$dir"
  log "building etcd $ETCD_VERSION"
  cat >"$dir/go.mod" <<MOD
module heapcapture.dev/testbin/etcd

go 1.25

require go.etcd.io/etcd/server/v3 $ETCD_VERSION

replace (
	go.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 $ETCD_VERSION
	go.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 $ETCD_VERSION
	go.etcd.io/etcd/client/v3 => go.etcd.io/etcd/client/v3 $ETCD_VERSION
	go.etcd.io/etcd/pkg/v3 => go.etcd.io/etcd/pkg/v3 $ETCD_VERSION
)
MOD
  printf 'package main\n' >"$dir/main.go"
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o "$K8S_DIR/etcd" go.etcd.io/etcd/server/v3)
  mark "$K8S_DIR/etcd" "$ETCD_VERSION"
}

install_tool() {
  local name=$1 pkg=$2 version=$3
  if built "$TOOLS_DIR/$name" "$version"; then
    log "$name $version: cached"
    return
  fi
  log "building $name $version"
  GOBIN="$TOOLS_DIR" go install -trimpath -ldflags "-s -w" "$pkg@$version"
  mark "$TOOLS_DIR/$name" "$version"
}

# The AWS CLI is not a Go program: it comes from PyPI into a venv, and tools/aws points at it.
install_awscli() {
  local venv="$CACHE/awscli"
  if built "$TOOLS_DIR/aws" "$AWSCLI_VERSION" && "$TOOLS_DIR/aws" --version >/dev/null 2>&1; then
    log "aws $AWSCLI_VERSION: cached"
    return
  fi
  command -v python3 >/dev/null || { log "awscli needs python3 (with the venv module)"; exit 1; }
  log "installing awscli $AWSCLI_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "awscli==$AWSCLI_VERSION"
  ln -sfn "$venv/bin/aws" "$TOOLS_DIR/aws"
  mark "$TOOLS_DIR/aws" "$AWSCLI_VERSION"
}

# Debian packages the node needs on the host; installed only when missing.
install_node_packages() {
  local need=()
  command -v iptables >/dev/null || need+=(iptables)
  command -v conntrack >/dev/null || need+=(conntrack)
  command -v socat >/dev/null || need+=(socat)
  command -v ethtool >/dev/null || need+=(ethtool)
  # nft: the cleanup removes the iptables tables that the node's iptables-nft created.
  command -v nft >/dev/null || need+=(nftables)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  command -v gcc >/dev/null || need+=(gcc)
  [ -e /usr/include/seccomp.h ] || need+=(libseccomp-dev)
  command -v ip >/dev/null || need+=(iproute2)
  if [ ${#need[@]} -eq 0 ]; then
    log "node's Debian packages: installed"
    return
  fi
  [ "$(id -u)" = 0 ] || { log "the node needs root to install ${need[*]}"; exit 1; }
  log "installing Debian packages: ${need[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# containerd, its runc shim and ctr. Static, without the snapshotters that need C or a kernel module.
build_containerd() {
  if built "$NODE_DIR/containerd" "$CONTAINERD_VERSION" &&
    built "$NODE_DIR/containerd-shim-runc-v2" "$CONTAINERD_VERSION" &&
    built "$NODE_DIR/ctr" "$CONTAINERD_VERSION"; then
    log "containerd $CONTAINERD_VERSION: cached"
    return
  fi
  mkdir -p "$NODE_DIR"
  log "building containerd $CONTAINERD_VERSION (about 3 min on first run)"
  local c
  for c in containerd containerd-shim-runc-v2 ctr; do
    GOBIN="$NODE_DIR" go install -trimpath -tags "no_btrfs no_devmapper no_zfs no_aufs" \
      -ldflags "-s -w -X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION" \
      "github.com/containerd/containerd/v2/cmd/$c@$CONTAINERD_VERSION"
    mark "$NODE_DIR/$c" "$CONTAINERD_VERSION"
  done
}

# runc needs cgo: its nsenter part is C, and seccomp comes from libseccomp.
build_runc() {
  if built "$NODE_DIR/runc" "$RUNC_VERSION"; then
    log "runc $RUNC_VERSION: cached"
    return
  fi
  mkdir -p "$NODE_DIR"
  log "building runc $RUNC_VERSION (about 1 min on first run)"
  CGO_ENABLED=1 GOBIN="$NODE_DIR" go install -trimpath -tags seccomp \
    -ldflags "-s -w -X main.version=${RUNC_VERSION#v}" \
    "github.com/opencontainers/runc@$RUNC_VERSION"
  mark "$NODE_DIR/runc" "$RUNC_VERSION"
}

build_cni() {
  local p missing=()
  for p in bridge host-local loopback portmap; do
    built "$CNI_DIR/$p" "$CNI_PLUGINS_VERSION" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "CNI plugins $CNI_PLUGINS_VERSION: cached"
    return
  fi
  mkdir -p "$CNI_DIR"
  log "building CNI plugins $CNI_PLUGINS_VERSION"
  local pkg
  for p in "${missing[@]}"; do
    case "$p" in
      bridge) pkg=plugins/main/bridge ;;
      loopback) pkg=plugins/main/loopback ;;
      host-local) pkg=plugins/ipam/host-local ;;
      portmap) pkg=plugins/meta/portmap ;;
    esac
    GOBIN="$CNI_DIR" go install -trimpath -ldflags "-s -w" \
      "github.com/containernetworking/plugins/$pkg@$CNI_PLUGINS_VERSION"
    mark "$CNI_DIR/$p" "$CNI_PLUGINS_VERSION"
  done
}

build_node() {
  install_node_packages
  build_kubernetes kubelet kube-scheduler kube-controller-manager kube-proxy
  build_containerd
  build_runc
  build_cni
}

want_all=("$@")
[ ${#want_all[@]} -gt 0 ] || want_all=(etcd kubernetes helm versitygw awscli)
for what in "${want_all[@]}"; do
  case "$what" in
    etcd) build_etcd ;;
    kubernetes) build_kubernetes ;;
    node) build_node ;;
    helm) install_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" ;;
    versitygw) install_tool versitygw github.com/versity/versitygw/cmd/versitygw "$VERSITYGW_VERSION" ;;
    awscli) install_awscli ;;
    *) log "unknown part: $what"; exit 2 ;;
  esac
done
log "binaries ready in $BIN"
