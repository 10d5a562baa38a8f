package io.heapcapture.e2e.cluster;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver and etcd, started by kube-api-test from the binaries of {@code
 * dev/build-test-binaries.sh} (never downloaded), with the committed HeapCapture CRD from {@code
 * charts/heapcapture/crds/} installed and Established. There is no kubelet, scheduler or
 * controller-manager: pods are API objects only.
 *
 * <p>Close it. kube-api-test reads the processes' output on non-daemon threads, so a {@code main}
 * that returns without closing keeps the JVM (and the processes) alive until it is interrupted;
 * System.exit, Ctrl-C and SIGTERM stop the processes through {@link ExitCleanup}.
 */
public final class ControlPlane implements AutoCloseable {
  /** System property with the Kubernetes version to run; default: the newest one built. */
  public static final String K8S_VERSION_PROPERTY = "heapcapture.k8s.version";

  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
  private static final String PLATFORM = "-linux-amd64";
  private static final int STARTUP_TIMEOUT_MILLIS = 120_000;
  private static final Duration CRD_ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final KubeAPIServer server;
  private final KubeApiTestLogs logs;
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final Kubectl kubectl;
  private boolean closed;

  private ControlPlane(
      Path dir,
      KubeAPIServer server,
      KubeApiTestLogs logs,
      Path kubeconfig,
      KubernetesClient client,
      Kubectl kubectl) {
    this.dir = dir;
    this.server = server;
    this.logs = logs;
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.kubectl = kubectl;
  }

  /** Starts etcd and kube-apiserver and installs the CRDs; takes a few seconds. */
  public static ControlPlane start() {
    Path binaries = binariesDir();
    Path dir = Testbed.newRunDir("control-plane");
    Path apiServerLog = dir.resolve("kube-apiserver.log");
    Path etcdLog = dir.resolve("etcd.log");
    // kube-api-test looks for binaries in <dir>/k8s/ and writes its certificates into <dir>:
    // a link to the cache keeps the certificates with this run instead of in the cache.
    linkBinaries(dir, binaries);
    KubeApiTestLogs logs = KubeApiTestLogs.routeTo(apiServerLog, etcdLog);
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString())
                .withApiServerVersion(versionOf(binaries))
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withStartupTimeout(STARTUP_TIMEOUT_MILLIS)
                .build());
    log.info(
        "starting kube-apiserver and etcd from {}; logs: {}, {}", binaries, apiServerLog, etcdLog);
    long started = System.nanoTime();
    KubernetesClient client = null;
    ControlPlane controlPlane = null;
    try {
      server.start();
      Path kubeconfig = dir.resolve("kubeconfig");
      String kubeconfigYaml = server.getKubeConfigYaml();
      Files.writeString(kubeconfig, kubeconfigYaml, StandardCharsets.UTF_8);
      client =
          new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
      Kubectl kubectl =
          new Kubectl(binaries.resolve("kubectl"), kubeconfig, dir.resolve("kubectl-cache"));
      controlPlane = new ControlPlane(dir, server, logs, kubeconfig, client, kubectl);
      ExitCleanup.register(controlPlane);
      controlPlane.installCrds();
      log.info(
          "control plane ready in {} ms at {}; KUBECONFIG={}",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          client.getMasterUrl(),
          kubeconfig);
      return controlPlane;
    } catch (RuntimeException | IOException e) {
      if (controlPlane != null) {
        controlPlane.close();
      } else {
        if (client != null) {
          client.close();
        }
        stopQuietly(server);
        logs.close();
      }
      throw new IllegalStateException(
          "the control plane did not start: "
              + e.getMessage()
              + "\n  kube-apiserver log: "
              + apiServerLog
              + "\n  etcd log: "
              + etcdLog,
          e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file for this API server, for kubectl, the operator, or a person. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public Kubectl kubectl() {
    return kubectl;
  }

  /** Where this run's logs, certificates and kubeconfig are. */
  public Path dir() {
    return dir;
  }

  /** Applies every CRD in {@code charts/heapcapture/crds/} and waits until each is Established. */
  private void installCrds() throws IOException {
    Path crdDir = Testbed.root().resolve("charts").resolve("heapcapture").resolve("crds");
    List<Path> files;
    try (Stream<Path> listing = Files.list(crdDir)) {
      files =
          listing
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no CRD in " + crdDir + "; run dev/update-crd.sh");
    }
    for (Path file : files) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).item();
      try {
        client.resource(crd).create();
      } catch (KubernetesClientException e) {
        String reason = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
        throw new IllegalStateException(
            "the API server refused the CRD " + file + ": " + reason, e);
      }
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              ControlPlane::isEstablished,
              CRD_ESTABLISHED_TIMEOUT.toMillis(),
              TimeUnit.MILLISECONDS);
      log.info("CRD {} from {} is Established", crd.getMetadata().getName(), file);
    }
  }

  private static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ExitCleanup.unregister(this);
    client.close();
    stopQuietly(server);
    logs.close();
    log.info("control plane stopped; its logs stay in {}", dir);
  }

  private static void stopQuietly(KubeAPIServer server) {
    try {
      server.stop();
    } catch (RuntimeException e) {
      // stop() also runs when kube-api-test saw a process die; a second one finds less to do.
      log.warn("stopping kube-apiserver and etcd: {}", e.toString());
    }
  }

  /** {@code <cache>/bin/k8s/<version>-linux-amd64}, checked for the three binaries. */
  private static Path binariesDir() {
    Path k8s = Testbed.binDir().resolve("k8s");
    String version = System.getProperty(K8S_VERSION_PROPERTY);
    if (version == null || version.isBlank()) {
      version = newestVersionIn(k8s).orElse(null);
    }
    if (version == null) {
      throw new IllegalStateException(
          "no Kubernetes binaries in "
              + k8s
              + ": run dev/build-test-binaries.sh etcd kubernetes (takes minutes once)");
    }
    Path dir = k8s.resolve(version + PLATFORM);
    for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
      Testbed.requireExecutable(dir.resolve(binary), binary.equals("etcd") ? "etcd" : "kubernetes");
    }
    return dir;
  }

  private static Optional<String> newestVersionIn(Path k8s) {
    if (!Files.isDirectory(k8s)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(k8s)) {
      return dirs.map(d -> d.getFileName().toString())
          .filter(name -> name.endsWith(PLATFORM))
          .map(name -> name.substring(0, name.length() - PLATFORM.length()))
          .filter(version -> version.matches("\\d+\\.\\d+\\.\\d+"))
          .max(Comparator.comparing(ControlPlane::versionKey));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String versionKey(String version) {
    StringBuilder key = new StringBuilder();
    for (String part : version.split("\\.")) {
      key.append(String.format("%06d", Integer.parseInt(part)));
    }
    return key.toString();
  }

  private static String versionOf(Path binaries) {
    String name = binaries.getFileName().toString();
    return name.substring(0, name.length() - PLATFORM.length());
  }

  private static void linkBinaries(Path dir, Path binaries) {
    try {
      Path k8s = Files.createDirectories(dir.resolve("k8s"));
      Files.createSymbolicLink(k8s.resolve(binaries.getFileName()), binaries);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link " + binaries + " into " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "control plane in " + dir;
  }
}
