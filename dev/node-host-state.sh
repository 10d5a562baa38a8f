#!/usr/bin/env bash
# Prints the host state that a real node changes, normalised so that two snapshots compare with diff:
#   dev/node-host-state.sh >before; <run the node tests>; dev/node-host-state.sh >after; diff before after
set -uo pipefail
echo "== iptables"; iptables-save 2>/dev/null | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
echo "== ip6tables"; ip6tables-save 2>/dev/null | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
echo "== links"; ip -br link | awk '{print $1}' | sort
echo "== addresses"; ip -br -4 addr | sort
echo "== routes"; ip route | sort
echo "== network namespaces"; ip netns list
echo "== mounts"; awk '{print $5, $9}' /proc/self/mountinfo | sort
echo "== kubepods cgroups"; ls -d /sys/fs/cgroup/kubepods* /sys/fs/cgroup/*/kubepods* 2>/dev/null
echo "== sysctls"
for s in vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys \
  kernel.keys.root_maxbytes net.ipv4.ip_forward net.ipv4.conf.all.route_localnet net.ipv6.conf.all.forwarding \
  net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.netfilter.nf_conntrack_max; do
  sysctl "$s" 2>/dev/null
done
echo "== fixed paths"
for p in /run/containerd /run/netns /var/lib/cni /var/log/containers /var/lib/kubelet /opt/containerd /etc/cni; do
  [ -e "$p" ] && echo "$p exists" || echo "$p absent"
done
echo "== node processes"
for p in /proc/[0-9]*; do
  grep -qa -e heapcapture-node -e testbed/node- "$p/cmdline" 2>/dev/null || continue
  exe=$(readlink "$p/exe" 2>/dev/null) || continue
  case "$exe" in */heapcapture/bin/*) echo "$exe" ;; esac
done | sort | uniq -c
