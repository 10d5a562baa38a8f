package io.heapcapture.e2e.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/** What the host must offer before a node starts on it, and the address the node gets. */
final class HostChecks {
  /** etcd, kube-apiserver, kubelet (API, healthz), kube-proxy, controller-manager, scheduler. */
  private static final List<Integer> PORTS =
      List.of(2379, 2380, 6443, 10248, 10249, 10250, 10256, 10257, 10259);

  private HostChecks() {}

  static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "a real node needs root (kubelet, containerd, iptables); running as "
              + System.getProperty("user.name"));
    }
  }

  static void requirePortsFree() {
    for (int port : PORTS) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
      } catch (IOException e) {
        throw new IllegalStateException(
            "port " + port + " is taken: another node or cluster runs on this machine", e);
      }
    }
  }

  /**
   * {@code -Dheapcapture.node.ip}, else the address of the default route's interface: the node's
   * InternalIP.
   */
  static String nodeIp() {
    String configured = System.getProperty("heapcapture.node.ip");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String route = HostCommand.run("ip", "-4", "route", "get", "1.1.1.1").orThrow();
    String[] words = route.split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals("src")) {
        return words[i + 1];
      }
    }
    throw new IllegalStateException("no source address in `ip route get 1.1.1.1`: " + route);
  }
}
