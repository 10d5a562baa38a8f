package io.heapcapture.e2e.node;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the node keeps its state on the host. The paths are fixed, not per run: kubelet, containerd
 * and the CNI plugins use some fixed paths of their own anyway ({@link #FIXED}), and the ports are
 * fixed too, so one node runs per machine. A run after a killed one finds its leftovers here.
 */
final class NodeLayout {
  /** State that outlives a run: kubelet's root, containerd's image store, what to restore. */
  static final Path HOME = Path.of("/var/lib/heapcapture-node");

  /** containerd's state and socket (shim socket paths have a length limit: keep it short). */
  static final Path RUN = Path.of("/run/heapcapture-node");

  static final Path KUBELET_ROOT = HOME.resolve("kubelet");
  static final Path POD_LOGS = HOME.resolve("pod-logs");
  static final Path VOLUME_PLUGINS = HOME.resolve("volume-plugins");

  /** containerd's root: images stay imported from one clean run to the next. */
  static final Path CONTAINERD_ROOT = HOME.resolve("containerd");

  static final Path CONTAINERD_STATE = RUN.resolve("containerd");
  static final Path CONTAINERD_SOCKET = RUN.resolve("containerd.sock");

  /** Written when a run starts, removed when its clean stop ends: its presence means leftovers. */
  static final Path PROCESSES = HOME.resolve("processes");

  /** The host's values before the first run that changed them. */
  static final Path HOST_STATE = HOME.resolve("host-state.properties");

  /** Paths that kubelet, containerd and CNI use whatever they are told. */
  static final List<Path> FIXED =
      List.of(
          Path.of("/run/containerd"),
          Path.of("/run/netns"),
          Path.of("/var/lib/cni"),
          Path.of("/var/log/containers"),
          Path.of("/var/lib/kubelet"));

  /** Mounts under these belong to the node. */
  static final List<String> MOUNT_PREFIXES =
      List.of(
          HOME + "/",
          RUN + "/",
          "/run/containerd/",
          "/run/netns/cni-",
          "/var/lib/kubelet/",
          "/var/lib/cni/");

  static final String BRIDGE = "cni0";
  static final String POD_CIDR = "10.244.0.0/24";
  static final String SERVICE_CIDR = "10.96.0.0/12";
  static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

  private NodeLayout() {}
}
