package io.heapcapture.e2e.node;

import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The node's binaries as {@code dev/build-test-binaries.sh node} lays them out in the cache: the
 * Kubernetes ones in {@code k8s/<version>-linux-amd64/}, containerd and runc in {@code node/}, the
 * CNI plugins in {@code cni/}.
 */
record NodeBinaries(Path k8s, Path node, Path cni) {
  private static final String PLATFORM = "-linux-amd64";
  private static final List<String> K8S =
      List.of(
          "etcd",
          "kube-apiserver",
          "kube-controller-manager",
          "kube-scheduler",
          "kubelet",
          "kube-proxy",
          "kubectl");
  private static final List<String> NODE =
      List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc");
  private static final List<String> CNI = List.of("bridge", "host-local", "loopback", "portmap");

  /**
   * The binaries of {@code -Dheapcapture.k8s.version}, else of the newest version with a kubelet.
   */
  static NodeBinaries find() {
    Path bin = Testbed.binDir();
    Path k8sRoot = bin.resolve("k8s");
    String version = System.getProperty("heapcapture.k8s.version");
    Path k8s;
    if (version != null && !version.isBlank()) {
      k8s = k8sRoot.resolve(version + PLATFORM);
    } else {
      k8s = newestWithKubelet(k8sRoot);
    }
    NodeBinaries binaries = new NodeBinaries(k8s, bin.resolve("node"), bin.resolve("cni"));
    K8S.forEach(name -> require(k8s.resolve(name)));
    NODE.forEach(name -> require(binaries.node.resolve(name)));
    CNI.forEach(name -> require(binaries.cni.resolve(name)));
    return binaries;
  }

  Path k8s(String name) {
    return k8s.resolve(name);
  }

  Path node(String name) {
    return node.resolve(name);
  }

  Path shim() {
    return node.resolve("containerd-shim-runc-v2");
  }

  private static Path newestWithKubelet(Path k8sRoot) {
    if (!Files.isDirectory(k8sRoot)) {
      throw missing(k8sRoot.resolve("<version>" + PLATFORM).resolve("kubelet"));
    }
    try (Stream<Path> dirs = Files.list(k8sRoot)) {
      return dirs.filter(d -> d.getFileName().toString().endsWith(PLATFORM))
          .filter(d -> Files.isExecutable(d.resolve("kubelet")))
          .max(Comparator.comparing(NodeBinaries::versionKey))
          .orElseThrow(() -> missing(k8sRoot.resolve("<version>" + PLATFORM).resolve("kubelet")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String versionKey(Path dir) {
    String name = dir.getFileName().toString();
    StringBuilder key = new StringBuilder();
    for (String part : name.substring(0, name.length() - PLATFORM.length()).split("\\.")) {
      key.append(String.format("%08d", part.matches("\\d+") ? Integer.parseInt(part) : 0));
    }
    return key.toString();
  }

  private static void require(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw missing(binary);
    }
  }

  private static IllegalStateException missing(Path binary) {
    return new IllegalStateException(
        binary
            + " is missing: run dev/build-test-binaries.sh etcd kubernetes node (minutes, once)");
  }
}
