package io.heapcapture.e2e.node;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.e2e.cluster.ExitCleanup;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POD_DELETION_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final NodeBinaries binaries;
  private final String nodeIp;
  private final ContainerdStore store;
  private final NodeProcesses processes;
  private KubernetesClient client;
  private Kubectl kubectl;
  private Path kubeconfig;
  private Duration startDuration;
  private boolean closed;

  private NodeCluster(Path dir, NodeBinaries binaries, String nodeIp) {
    this.dir = dir;
    this.binaries = binaries;
    this.nodeIp = nodeIp;
    this.store = new ContainerdStore(binaries.node("ctr"));
    this.processes = new NodeProcesses(dir, binaries.node());
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
    HostChecks.requirePortsFree();
    HostState.recordOnce();
    NodeCluster node = new NodeCluster(Testbed.newRunDir("node"), binaries, HostChecks.nodeIp());
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
    HostChecks.requireRoot();
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
    processes.launch(
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
    processes.launch("containerd", binaries.node("containerd"), "--config=" + containerdConfig);
    processes.launch(
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
    processes.await("kube-apiserver to be ready", this::apiServerReady, READY_TIMEOUT);

    processes.launch(
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
    processes.launch(
        "kube-scheduler",
        binaries.k8s("kube-scheduler"),
        "--kubeconfig=" + schedulerConfig,
        "--authentication-kubeconfig=" + schedulerConfig,
        "--authorization-kubeconfig=" + schedulerConfig,
        "--bind-address=127.0.0.1",
        "--leader-elect=false");
    processes.launch(
        "kubelet",
        binaries.k8s("kubelet"),
        "--config=" + kubeletConfig,
        "--kubeconfig=" + kubeletKubeconfig,
        "--root-dir=" + NodeLayout.KUBELET_ROOT,
        "--hostname-override=" + NODE_NAME,
        "--node-ip=" + nodeIp);
    processes.launch("kube-proxy", binaries.k8s("kube-proxy"), "--config=" + proxyConfig);

    processes.await("node " + NODE_NAME + " to be Ready", this::nodeReady, READY_TIMEOUT);
    awaitNamespaceReady("default");
  }

  /**
   * Creates a namespace and waits until the controller-manager has given it its {@code default}
   * ServiceAccount and {@code kube-root-ca.crt}: until then the API server refuses its pods.
   */
  public void createNamespace(String name, Map<String, String> labels) {
    // The class before may have deleted a namespace of the same name: wait until it is gone.
    processes.await(
        "namespace " + name + " to finish terminating",
        () -> {
          Namespace old = client.namespaces().withName(name).get();
          return old == null || old.getMetadata().getDeletionTimestamp() == null;
        },
        Duration.ofMinutes(2));
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
    processes.await(
        "the ServiceAccount default and the ConfigMap kube-root-ca.crt in " + namespace,
        () ->
            client.serviceAccounts().inNamespace(namespace).withName("default").get() != null
                && client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get()
                    != null,
        READY_TIMEOUT);
  }

  private void awaitSocket() {
    processes.await(
        "containerd to serve on " + NodeLayout.CONTAINERD_SOCKET,
        () -> Files.exists(NodeLayout.CONTAINERD_SOCKET) && store.ctr("version").succeeded(),
        READY_TIMEOUT);
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
    processes.stopping();
    ExitCleanup.unregister(this);
    long started = System.nanoTime();
    // Nothing may recreate a deleted pod while kubelet stops them.
    processes.stop("kube-controller-manager");
    processes.stop("kube-scheduler");
    if (processes.running("kubelet")
        && processes.running("kube-apiserver")
        && processes.running("etcd")
        && client != null) {
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
    processes.stop("kube-proxy");
    processes.stop("kubelet");
    if (processes.running("containerd")) {
      try {
        store.removeContainersAndMarkClean();
      } catch (RuntimeException e) {
        log.warn("removing containerd's containers failed", e);
      }
    }
    processes.stop("containerd");
    if (client != null) {
      client.close();
    }
    processes.stop("kube-apiserver");
    processes.stop("etcd");
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

  @Override
  public String toString() {
    return "node in " + dir;
  }
}
