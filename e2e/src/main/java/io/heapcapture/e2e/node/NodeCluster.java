package io.heapcapture.e2e.node;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.e2e.cluster.ExitCleanup;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.LocalProcess;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node cluster on this machine: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, containerd with runc and the CNI bridge, kubelet and kube-proxy, all built by
 * {@code dev/build-test-binaries.sh node}. Pods run as real containers from images imported into
 * containerd (no registry exists here: pods use {@code imagePullPolicy: IfNotPresent} or {@code
 * Never}).
 *
 * <p>Needs root. One node per machine at a time: its ports and some of its paths are fixed. Its
 * logs, certificates, configuration and kubeconfig are in a run folder under {@code
 * e2e/target/testbed/node-*}. {@link #close()} deletes the pods, stops every process and restores
 * the host (see {@link HostCleanup}); so do Ctrl-C and SIGTERM (through {@link ExitCleanup}); a run
 * killed with SIGKILL is cleaned up by the next start.
 */
public final class NodeCluster implements AutoCloseable {
  /** The sandbox image containerd is pinned to; an image tar must provide it. */
  public static final String PAUSE_IMAGE = "heapcapture.local/pause:3.10";

  private static final Logger log = LoggerFactory.getLogger(NodeCluster.class);
  private static final String NODE_NAME = "heapcapture-node";
  private static final String API_SERVER = "https://127.0.0.1:6443";
  private static final String NOT_READY = "node.kubernetes.io/not-ready";
  private static final List<Integer> PORTS =
      List.of(2379, 2380, 6443, 10248, 10249, 10250, 10256, 10257, 10259);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POD_DELETION_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final NodeBinaries binaries;
  private final String nodeIp;
  private final ContainerdStore store;
  private final Map<String, LocalProcess> processes = new LinkedHashMap<>();
  private KubernetesClient client;
  private Kubectl kubectl;
  private Path kubeconfig;
  private Duration startDuration;
  private volatile boolean closed;

  private NodeCluster(Path dir, NodeBinaries binaries, String nodeIp) {
    this.dir = dir;
    this.binaries = binaries;
    this.nodeIp = nodeIp;
    this.store = new ContainerdStore(binaries.node("ctr"));
  }

  /**
   * Starts a node and imports {@code imageTars} (OCI image layouts or {@code docker save} tars);
   * one of them must hold {@link #PAUSE_IMAGE}. Cleans the leftovers of a killed earlier run first.
   * Returns once the node is Ready and the {@code default} namespace has its ServiceAccount and
   * {@code kube-root-ca.crt}.
   */
  public static NodeCluster start(List<Path> imageTars) {
    long started = System.nanoTime();
    NodeBinaries binaries = NodeBinaries.find();
    cleanLeftovers(binaries);
    requirePortsFree();
    HostState.recordOnce();
    NodeCluster node = new NodeCluster(Testbed.newRunDir("node"), binaries, detectNodeIp());
    ExitCleanup.register(node);
    try {
      node.startAll(imageTars);
    } catch (RuntimeException | IOException e) {
      node.close();
      throw new IllegalStateException(
          "the node did not start: " + e.getMessage() + "\n  logs: " + node.dir, e);
    }
    node.startDuration = Duration.ofNanos(System.nanoTime() - started);
    log.info(
        "node Ready in {} ms; export KUBECONFIG={}",
        node.startDuration.toMillis(),
        node.kubeconfig);
    return node;
  }

  /**
   * Stops what a node killed with SIGKILL left running and restores the host, if anything is left;
   * a clean host is left alone. {@link #start} does this first.
   */
  public static void cleanLeftovers() {
    cleanLeftovers(NodeBinaries.find());
  }

  private static void cleanLeftovers(NodeBinaries binaries) {
    requireRoot();
    List<String> leftovers = HostCleanup.leftovers();
    if (leftovers.isEmpty()) {
      return;
    }
    log.warn("an earlier node was not stopped cleanly; cleaning up: {}", leftovers);
    List<String> problems = HostCleanup.clean(binaries.shim());
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "cannot clean up after an earlier node: " + String.join("; ", problems));
    }
  }

  private void startAll(List<Path> imageTars) throws IOException {
    for (Path dirToMake :
        List.of(
            NodeLayout.HOME,
            NodeLayout.RUN,
            NodeLayout.KUBELET_ROOT,
            NodeLayout.POD_LOGS,
            NodeLayout.VOLUME_PLUGINS)) {
      Files.createDirectories(dirToMake);
    }
    ClusterPki pki = ClusterPki.create(dir.resolve("pki"));
    NodeFiles files = new NodeFiles(dir);
    Path ca = pki.caCertificate();
    ClusterPki.Credentials serving =
        pki.server(
            "kube-apiserver",
            List.of(
                "IP:127.0.0.1",
                "IP:" + NodeLayout.KUBERNETES_SERVICE_IP,
                "IP:" + nodeIp,
                "DNS:localhost",
                "DNS:kubernetes",
                "DNS:kubernetes.default",
                "DNS:kubernetes.default.svc",
                "DNS:kubernetes.default.svc.cluster.local"));
    ClusterPki.Credentials toKubelet =
        pki.client(
            "kube-apiserver-kubelet-client", "kube-apiserver-kubelet-client", "system:masters");
    kubeconfig =
        files.kubeconfig(
            "admin", API_SERVER, ca, pki.client("admin", "kubernetes-admin", "system:masters"));
    Path controllerManagerConfig =
        files.kubeconfig(
            "kube-controller-manager",
            API_SERVER,
            ca,
            pki.client("kube-controller-manager", "system:kube-controller-manager", null));
    Path schedulerConfig =
        files.kubeconfig(
            "kube-scheduler",
            API_SERVER,
            ca,
            pki.client("kube-scheduler", "system:kube-scheduler", null));
    Path kubeletKubeconfig =
        files.kubeconfig(
            "kubelet",
            API_SERVER,
            ca,
            pki.client("kubelet", "system:node:" + NODE_NAME, "system:nodes"));
    Path proxyKubeconfig =
        files.kubeconfig(
            "kube-proxy", API_SERVER, ca, pki.client("kube-proxy", "system:kube-proxy", null));
    Path cniDir = files.cniConfig();
    Path containerdConfig = files.containerdConfig(binaries, cniDir, PAUSE_IMAGE);
    Path kubeletConfig = files.kubeletConfig(ca);
    Path proxyConfig = files.kubeProxyConfig(proxyKubeconfig, NODE_NAME);

    // etcd and containerd first and together; images are imported while the API server starts.
    launch(
        "etcd",
        binaries.k8s("etcd"),
        "--name=heapcapture-node",
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=http://127.0.0.1:2379",
        "--advertise-client-urls=http://127.0.0.1:2379",
        "--listen-peer-urls=http://127.0.0.1:2380",
        "--initial-advertise-peer-urls=http://127.0.0.1:2380",
        "--initial-cluster=heapcapture-node=http://127.0.0.1:2380",
        "--unsafe-no-fsync=true");
    ContainerdStore.markInUse();
    launch("containerd", binaries.node("containerd"), "--config=" + containerdConfig);
    launch(
        "kube-apiserver",
        binaries.k8s("kube-apiserver"),
        "--etcd-servers=http://127.0.0.1:2379",
        "--secure-port=6443",
        "--bind-address=0.0.0.0",
        "--advertise-address=" + nodeIp,
        "--tls-cert-file=" + serving.certificate(),
        "--tls-private-key-file=" + serving.key(),
        "--client-ca-file=" + ca,
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.serviceAccountKey(),
        "--service-cluster-ip-range=" + NodeLayout.SERVICE_CIDR,
        "--authorization-mode=Node,RBAC",
        "--kubelet-client-certificate=" + toKubelet.certificate(),
        "--kubelet-client-key=" + toKubelet.key(),
        // The host name resolves to 127.0.0.1, which the API server's node proxy refuses.
        "--kubelet-preferred-address-types=InternalIP,Hostname",
        "--profiling=false");

    awaitSocket();
    int imported = store.importAll(imageTars);
    if (!store.images().contains(PAUSE_IMAGE)) {
      throw new IllegalStateException(
          "no image tar holds the pause image "
              + PAUSE_IMAGE
              + " (run dev/build-images.sh; tars given: "
              + imageTars
              + ")");
    }
    log.info("{} image tars imported, {} unchanged", imported, imageTars.size() - imported);

    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
    kubectl = new Kubectl(binaries.k8s("kubectl"), kubeconfig, dir.resolve("kubectl-cache"));
    await("kube-apiserver to be ready", this::apiServerReady);

    launch(
        "kube-controller-manager",
        binaries.k8s("kube-controller-manager"),
        "--kubeconfig=" + controllerManagerConfig,
        "--authentication-kubeconfig=" + controllerManagerConfig,
        "--authorization-kubeconfig=" + controllerManagerConfig,
        "--bind-address=127.0.0.1",
        "--leader-elect=false",
        "--use-service-account-credentials=true",
        "--service-account-private-key-file=" + pki.serviceAccountKey(),
        "--root-ca-file=" + ca,
        "--service-cluster-ip-range=" + NodeLayout.SERVICE_CIDR,
        // nodelifecycle stays: it lifts the not-ready taint off the new node.
        "--controllers=*,-nodeipam,-cloud-node-lifecycle,-bootstrapsigner,-tokencleaner");
    launch(
        "kube-scheduler",
        binaries.k8s("kube-scheduler"),
        "--kubeconfig=" + schedulerConfig,
        "--authentication-kubeconfig=" + schedulerConfig,
        "--authorization-kubeconfig=" + schedulerConfig,
        "--bind-address=127.0.0.1",
        "--leader-elect=false");
    launch(
        "kubelet",
        binaries.k8s("kubelet"),
        "--config=" + kubeletConfig,
        "--kubeconfig=" + kubeletKubeconfig,
        "--root-dir=" + NodeLayout.KUBELET_ROOT,
        "--hostname-override=" + NODE_NAME,
        "--node-ip=" + nodeIp);
    launch("kube-proxy", binaries.k8s("kube-proxy"), "--config=" + proxyConfig);

    await("node " + NODE_NAME + " to be Ready", this::nodeReady);
    awaitNamespaceReady("default");
  }

  /**
   * Creates a namespace and waits until the controller-manager has given it its {@code default}
   * ServiceAccount and {@code kube-root-ca.crt}: until then the API server refuses its pods.
   */
  public void createNamespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    awaitNamespaceReady(name);
  }

  private void awaitNamespaceReady(String namespace) {
    await(
        "the ServiceAccount default and the ConfigMap kube-root-ca.crt in " + namespace,
        () ->
            client.serviceAccounts().inNamespace(namespace).withName("default").get() != null
                && client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get()
                    != null);
  }

  private void launch(String name, Path binary, String... args) {
    if (closed) {
      // Ctrl-C during the start: the stop has begun, nothing more may start.
      throw new IllegalStateException("the node is stopping; not starting " + name);
    }
    List<String> command = new ArrayList<>();
    // A session of its own: Ctrl-C in a terminal signals the whole foreground process group, and
    // the components must instead stop in order, after the pods (setsid execs, keeping the pid).
    command.add("setsid");
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // containerd and the CNI plugins run iptables, ip and mount; the shim sits beside containerd.
    builder
        .environment()
        .put(
            "PATH",
            binaries.node() + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().remove("KUBECONFIG");
    LocalProcess process = LocalProcess.start(name, builder, dir.resolve(name + ".log"));
    // This cluster stops its processes itself, in its own order.
    ExitCleanup.unregister(process);
    HostCleanup.record(process.pid(), binary);
    processes.put(name, process);
  }

  private void awaitSocket() {
    await(
        "containerd to serve on " + NodeLayout.CONTAINERD_SOCKET,
        () -> Files.exists(NodeLayout.CONTAINERD_SOCKET) && store.ctr("version").succeeded());
  }

  private boolean apiServerReady() {
    try {
      return "ok".equals(client.raw("/readyz"));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private boolean nodeReady() {
    Node node = client.nodes().withName(NODE_NAME).get();
    boolean ready =
        node != null
            && node.getStatus() != null
            && node.getStatus().getConditions() != null
            && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    if (!ready) {
      return false;
    }
    if (node.getSpec().getTaints() != null
        && node.getSpec().getTaints().stream().anyMatch(t -> NOT_READY.equals(t.getKey()))) {
      // kubelet registers the node with this taint; the controller-manager's node lifecycle
      // controller lifts it only after its informers sync, seconds later. Lift it now.
      client
          .nodes()
          .withName(NODE_NAME)
          .edit(
              n -> {
                n.getSpec().getTaints().removeIf(t -> NOT_READY.equals(t.getKey()));
                return n;
              });
    }
    return true;
  }

  /** Waits for {@code condition}, failing at once when one of the processes has died. */
  private void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      for (Map.Entry<String, LocalProcess> entry : processes.entrySet()) {
        LocalProcess process = entry.getValue();
        if (!process.isAlive()) {
          throw new IllegalStateException(
              entry.getKey()
                  + " exited with code "
                  + process.exitCode()
                  + " while waiting for "
                  + what
                  + "; its log ("
                  + process.logFile()
                  + ") ends:\n"
                  + process.logTail(20));
        }
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        log.debug("waiting for {}: {}", what, e.toString());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + READY_TIMEOUT + " waiting for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  /** Imports one more image tar into the node's containerd (skipped if imported unchanged). */
  public void importImage(Path tar) {
    store.importAll(List.of(tar));
  }

  public KubernetesClient client() {
    return client;
  }

  public Kubectl kubectl() {
    return kubectl;
  }

  /** The admin kubeconfig (user in {@code system:masters}), for kubectl, helm or a person. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The run folder: a log per component, the certificates and the configuration files. */
  public Path dir() {
    return dir;
  }

  public String nodeName() {
    return NODE_NAME;
  }

  /** The node's InternalIP: the host address the pods reach the API server and the host at. */
  public String nodeIp() {
    return nodeIp;
  }

  /** From the call of {@link #start} to a Ready node. */
  public Duration startDuration() {
    return startDuration;
  }

  /**
   * Deletes every pod and lets kubelet stop it, stops the components, removes containerd's
   * containers, and restores the host. Never throws: what it could not clean is logged, and the
   * next start cleans it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ExitCleanup.unregister(this);
    long started = System.nanoTime();
    // Nothing may recreate a deleted pod while kubelet stops them.
    stop("kube-controller-manager");
    stop("kube-scheduler");
    if (running("kubelet") && running("kube-apiserver") && running("etcd") && client != null) {
      // Bounded: a request to an API server that lost etcd hangs, and the host must still be
      // cleaned.
      try {
        CompletableFuture.runAsync(this::deletePods)
            .get(POD_DELETION_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("deleting the pods failed; they are killed instead", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stop("kube-proxy");
    stop("kubelet");
    if (running("containerd")) {
      try {
        store.removeContainersAndMarkClean();
      } catch (RuntimeException e) {
        log.warn("removing containerd's containers failed", e);
      }
    }
    stop("containerd");
    if (client != null) {
      client.close();
    }
    stop("kube-apiserver");
    stop("etcd");
    List<String> problems = HostCleanup.clean(binaries.shim());
    if (problems.isEmpty()) {
      log.info(
          "node stopped and host restored in {} ms; logs stay in {}",
          (System.nanoTime() - started) / 1_000_000,
          dir);
    } else {
      log.error(
          "node stopped, but the host is not fully restored (the next start tries again): {}",
          problems);
    }
  }

  private void deletePods() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return;
    }
    log.info("deleting {} pods", pods.size());
    client.pods().inAnyNamespace().withGracePeriod(5).delete();
    long deadline = System.nanoTime() + POD_DELETION_TIMEOUT.toNanos();
    while (!client.pods().inAnyNamespace().list().getItems().isEmpty()) {
      if (System.nanoTime() > deadline) {
        log.warn("pods still there after {}; they are killed instead", POD_DELETION_TIMEOUT);
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean running(String name) {
    LocalProcess process = processes.get(name);
    return process != null && process.isAlive();
  }

  private void stop(String name) {
    LocalProcess process = processes.get(name);
    if (process != null) {
      process.stop();
    }
  }

  private static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "a real node needs root (kubelet, containerd, iptables); running as "
              + System.getProperty("user.name"));
    }
  }

  private static void requirePortsFree() {
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

  /** The address of the interface of the default route: the node's InternalIP. */
  private static String detectNodeIp() {
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

  @Override
  public String toString() {
    return "node in " + dir;
  }
}
