package io.heapcapture.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.AwsCli;
import io.heapcapture.e2e.cluster.Helm;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.intruder.IntruderReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product as a user installs it, on the real node: {@code helm install} of the chart with the
 * images the build made, a leaking JVM in an opted-in namespace that gets the sidecar injected,
 * captures applied with kubectl, stored in a real S3 server and analysed by a Job that runs as a
 * real pod. Every namespace is labelled {@code pod-security.kubernetes.io/enforce=restricted}, so
 * every pod the chart and the operator create is admitted under the restricted standard. The tests
 * run in order: they share one installation, and the last ones take the operator away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstalledOperatorIT {
  private static final Logger LOG = LoggerFactory.getLogger(InstalledOperatorIT.class);
  private static final String INJECTED_NS = "shop";
  private static final String PLAIN_NS = "plain";
  private static final Duration CAPTURE_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration ANALYSIS_TIMEOUT = Duration.ofMinutes(5);

  @RegisterExtension
  static final RealNode NODE = new RealNode(Helm.NAMESPACE, DemoWorkload.RESTRICTED);

  private static LocalS3 s3;
  private static HeapcaptureRelease release;
  private static DemoWorkload workload;

  @BeforeAll
  static void install() {
    NodeCluster node = NODE.node();
    // Pods reach the host at the node's IP, not at its loopback.
    s3 = LocalS3.start(node.nodeIp());
    s3.createBucket(DemoWorkload.BUCKET);
    release = HeapcaptureRelease.install(node, s3);
    workload = new DemoWorkload(node, s3);
    workload.createNamespace(INJECTED_NS, true);
    workload.createNamespace(PLAIN_NS, false);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void theChartInstallsARestrictedOperatorThatRegistersItsWebhook() {
    List<Pod> operators = release.pods(false);
    assertThat(operators).hasSize(2);
    assertThat(operators)
        .allSatisfy(
            p -> {
              assertThat(p.getStatus().getPhase()).isEqualTo("Running");
              assertThat(p.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            });
    MutatingWebhookConfiguration webhooks =
        client()
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(Helm.RELEASE)
            .get();
    assertThat(webhooks.getWebhooks())
        .extracting(MutatingWebhook::getName)
        .containsExactlyInAnyOrder("namespace.inject.heapcapture.io", "pod.inject.heapcapture.io");
    assertThat(webhooks.getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isNotBlank());
    assertThat(
            client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("heapcaptures.heapcapture.io")
                .get())
        .isNotNull();
    assertThat(
            client()
                .leases()
                .inNamespace(Helm.NAMESPACE)
                .withName("heapcapture-operator")
                .get()
                .getSpec()
                .getHolderIdentity())
        .as("one replica leads")
        .isIn(operators.stream().map(p -> p.getMetadata().getName()).toList());
  }

  @Test
  @Order(2)
  void anInjectedLeakingJvmIsCapturedStoredAndDiagnosed(@TempDir Path downloads) throws Exception {
    Pod pod = deployLeakyDemo(INJECTED_NS);
    Container sidecar =
        pod.getSpec().getInitContainers().stream()
            .filter(c -> c.getName().equals("heapcapture"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no sidecar injected in " + pod.getSpec()));
    assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getShareProcessNamespace()).isTrue();
    assertThat(sidecar.getSecurityContext().getRunAsUser()).isEqualTo(1000L);

    HeapCapture first = captureWithKubectl(INJECTED_NS, "leak-first");
    TargetStatus stored = first.getStatus().getTargets().get(0);
    assertThat(stored.getMode()).isEqualTo(CaptureMode.Sidecar);
    Path download = downloads.resolve("first.hprof.zst");
    AwsCli.download(s3, stored.getObjectUri(), download);
    assertThat(sha256(download)).isEqualTo(stored.getSha256());
    assertThat(Files.size(download)).isEqualTo(stored.getStoredBytes());
    awaitAnalyzed(INJECTED_NS, "leak-first");

    Thread.sleep(10_000); // the demo JVM leaks on
    captureWithKubectl(INJECTED_NS, "leak-second");
    AnalysisStatus second = awaitAnalyzed(INJECTED_NS, "leak-second");
    assertThat(second.getBaselineUri()).isEqualTo(stored.getObjectUri());
    assertThat(second.getSuspects().get(0).getSentence())
        .contains("io.heapcapture.demo.LeakyApp$Session")
        .contains("LeakyApp$SessionCache.SESSIONS");
    Job job = client().batch().v1().jobs().inNamespace(INJECTED_NS).withName(second.getJob()).get();
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    List<Pod> jobPods =
        client()
            .pods()
            .inNamespace(INJECTED_NS)
            .withLabel("job-name", second.getJob())
            .list()
            .getItems();
    assertThat(jobPods)
        .as("the analysis ran as a real pod on the node")
        .anySatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(NODE.node().nodeName()));
  }

  @Test
  @Order(3)
  void aLeakInASpringBootServiceIsNamedBesideItsStableCatalogue() throws Exception {
    workload.deploy(
        INJECTED_NS,
        DemoWorkload.deployment(
            "leaky-shop",
            DemoWorkload.SHOP_IMAGE,
            "768Mi",
            Map.of("SHOP_VISITS_PER_SECOND", "40", "JAVA_TOOL_OPTIONS", "-Xmx384m")));
    Thread.sleep(10_000); // Spring Boot starts and the first carts are abandoned
    kubectl().apply(workload.captureManifest("shop-first", "leaky-shop"), INJECTED_NS);
    awaitAnalyzed(INJECTED_NS, "shop-first");
    Thread.sleep(20_000);
    kubectl().apply(workload.captureManifest("shop-second", "leaky-shop"), INJECTED_NS);

    AnalysisStatus second = awaitAnalyzed(INJECTED_NS, "shop-second");

    assertThat(second.getSuspects().get(0).getSentence())
        .as(second.getSuspects().toString())
        .contains("io.heapcapture.corpus.framework.shop.ShoppingCart")
        .contains("CartService.cartsBySession");
  }

  @Test
  @Order(4)
  void aPodWithoutTheSidecarIsCapturedThroughAnEphemeralContainer() throws Exception {
    Pod pod = deployLeakyDemo(PLAIN_NS);
    assertThat(pod.getSpec().getInitContainers()).isNullOrEmpty();

    HeapCapture capture = captureWithKubectl(PLAIN_NS, "ephemeral");

    TargetStatus target = capture.getStatus().getTargets().get(0);
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Succeeded);
    assertThat(target.getMode()).isEqualTo(CaptureMode.EphemeralContainer);
    Pod after = client().pods().inNamespace(PLAIN_NS).withName(pod.getMetadata().getName()).get();
    assertThat(after.getSpec().getEphemeralContainers())
        .extracting(EphemeralContainer::getName)
        .containsExactly(target.getEphemeralContainer());
    awaitQuietly(
        "the one-shot agent to exit once its capture is settled",
        () ->
            client()
                .pods()
                .inNamespace(PLAIN_NS)
                .withName(pod.getMetadata().getName())
                .get()
                .getStatus()
                .getEphemeralContainerStatuses()
                .stream()
                .anyMatch(s -> s.getState() != null && s.getState().getTerminated() != null));
  }

  @Test
  @Order(5)
  void anApplicationCannotCommandAnySidecarWithWhatItCanRead() {
    Pod victim = leakyPod(INJECTED_NS);
    String neighbour = leakyPod(PLAIN_NS).getStatus().getPodIP();
    List<String> command =
        new ArrayList<>(
            List.of("exec", "-n", INJECTED_NS, victim.getMetadata().getName(), "-c", "app", "--"));
    command.addAll(
        IntruderReport.command(
            "java",
            "/app/classes:/app/libs/*",
            List.of(
                "--roots",
                "https://127.0.0.1:8086",
                "https://" + victim.getStatus().getPodIP() + ":8086",
                "https://" + neighbour + ":8086")));
    Kubectl.Result result = kubectl().run(Duration.ofMinutes(2), command.toArray(String[]::new));

    IntruderReport report = IntruderReport.parse(result.stdout());
    LOG.info("the intruder in {}:\n{}", victim.getMetadata().getName(), report.output());
    assertThat(report.privateKeys()).as("private keys within the app's reach").isZero();
    assertThat(report.attempts()).isNotEmpty();
    assertThat(report.captured()).as(report.output()).isFalse();
  }

  @Test
  @Order(6)
  void withTheOperatorGonePodsStillStartAndCapturesResumeWhenItReturns() {
    release.scale(0);
    release.awaitGone();

    long started = System.nanoTime();
    Pod latePod = workload.deploy(INJECTED_NS, "late-demo");
    LOG.info(
        "a pod created while the operator was away ran after {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(latePod.getSpec().getInitContainers())
        .as("the webhook was away: the pod started as it was, without the sidecar")
        .isNullOrEmpty();

    kubectl().apply(workload.captureManifest("while-away", "late-demo"), INJECTED_NS);
    release.scale(2);
    release.awaitReady(2);
    HeapCapture resumed = awaitComplete(INJECTED_NS, "while-away");
    assertThat(resumed.getStatus().getTargets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getPhase()).isEqualTo(TargetPhase.Succeeded);
              assertThat(t.getMode()).isEqualTo(CaptureMode.EphemeralContainer);
            });
  }

  @Test
  @Order(7)
  void helmUpgradeKeepsItRunningAndUninstallLeavesOnlyTheCrdAndTheData() {
    Helm.Result upgraded = release.upgrade();
    assertThat(upgraded.succeeded()).as(upgraded.toString()).isTrue();
    release.awaitReady(2);

    Helm.Result uninstalled = release.uninstall();
    assertThat(uninstalled.succeeded()).as(uninstalled.toString()).isTrue();
    release.awaitGone();
    String release = "app.kubernetes.io/instance";
    assertThat(client().apps().deployments().inAnyNamespace().withLabel(release).list().getItems())
        .isEmpty();
    assertThat(client().services().inNamespace(Helm.NAMESPACE).list().getItems()).isEmpty();
    assertThat(
            client()
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(Helm.RELEASE)
                .get())
        .isNull();
    assertThat(client().rbac().clusterRoles().withLabel(release).list().getItems()).isEmpty();
    // The operator's own Secrets are owned by its Deployment: the garbage collector removes them.
    await(Duration.ofSeconds(60))
        .alias("the operator's Secrets collected with its Deployment")
        .untilAsserted(
            () ->
                assertThat(client().secrets().inNamespace(Helm.NAMESPACE).list().getItems())
                    .extracting(s -> s.getMetadata().getName())
                    .doesNotContain("heapcapture-sidecar-ca", "heapcapture-webhook-tls"));
    assertThat(
            client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("heapcaptures.heapcapture.io")
                .get())
        .isNotNull();
    assertThat(client().resources(HeapCapture.class).inNamespace(INJECTED_NS).list().getItems())
        .as("the captures, the data, stay")
        .isNotEmpty();
  }

  private static Pod deployLeakyDemo(String namespace) {
    return workload.deploy(namespace, "leaky-demo");
  }

  private static Pod leakyPod(String namespace) {
    return workload.awaitReadyPod(namespace, "leaky-demo");
  }

  private static HeapCapture captureWithKubectl(String namespace, String name) {
    Kubectl.Result applied =
        kubectl().apply(workload.captureManifest(name, "leaky-demo"), namespace);
    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
    HeapCapture done = awaitComplete(namespace, name);
    assertThat(done.getStatus().getTargets())
        .as(done.getStatus().toString())
        .allSatisfy(t -> assertThat(t.getPhase()).isEqualTo(TargetPhase.Succeeded));
    return done;
  }

  private static HeapCapture awaitComplete(String namespace, String name) {
    Kubectl.Result waited =
        kubectl().waitFor("heapcapture/" + name, "condition=Complete", namespace, CAPTURE_TIMEOUT);
    HeapCapture capture =
        client().resources(HeapCapture.class).inNamespace(namespace).withName(name).get();
    assertThat(waited.succeeded()).as(waited + "\nstatus: " + capture.getStatus()).isTrue();
    return capture;
  }

  private static AnalysisStatus awaitAnalyzed(String namespace, String name) {
    Kubectl.Result waited =
        kubectl().waitFor("heapcapture/" + name, "condition=Analyzed", namespace, ANALYSIS_TIMEOUT);
    HeapCapture capture =
        client().resources(HeapCapture.class).inNamespace(namespace).withName(name).get();
    assertThat(waited.succeeded()).as(waited + "\nstatus: " + capture.getStatus()).isTrue();
    return capture.getStatus().getTargets().get(0).getAnalysis();
  }

  private static void awaitQuietly(String what, java.util.concurrent.Callable<Boolean> condition) {
    await(Duration.ofMinutes(2)).alias(what).until(condition);
  }

  private static ConditionFactory await(Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions();
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static KubernetesClient client() {
    return NODE.client();
  }

  private static Kubectl kubectl() {
    return NODE.node().kubectl();
  }
}
