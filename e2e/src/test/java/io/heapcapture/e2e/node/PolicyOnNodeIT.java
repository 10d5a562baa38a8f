package io.heapcapture.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.CaptureKind;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.cluster.Helm;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HeapCapturePolicy on the real node, installed with Helm: a JVM that crosses a heap threshold
 * while the operator is down, a container caught before the kernel kills it, OutOfMemoryError dumps
 * across container restarts, a two-snapshot schedule ending in a diagnosis, and a Node.js Express
 * service captured by signal, on a schedule and at a threshold. Every workload is a real pod with
 * the sidecar injected; every policy is applied with kubectl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyOnNodeIT {
  private static final String NS = "policies";
  private static final Duration CAPTURE_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration ANALYSIS_TIMEOUT = Duration.ofMinutes(5);

  @RegisterExtension
  static final RealNode NODE = new RealNode(Helm.NAMESPACE, DemoWorkload.RESTRICTED);

  private static LocalS3 s3;
  private static HeapcaptureRelease release;
  private static DemoWorkload workload;

  @BeforeAll
  static void install() {
    NodeCluster node = NODE.node();
    s3 = LocalS3.start(node.nodeIp());
    s3.createBucket(DemoWorkload.BUCKET);
    release = HeapcaptureRelease.install(node, s3);
    workload = new DemoWorkload(node, s3);
    workload.createNamespace(NS, true);
  }

  @AfterAll
  static void uninstall() {
    try {
      if (release != null) {
        release.uninstall();
        release.awaitGone();
      }
      if (NODE.node() != null) {
        NODE.client().namespaces().withName(NS).delete();
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  @Test
  @Order(1)
  void aJvmCrossingItsHeapThresholdWhileTheOperatorIsDownIsCapturedOnceWhenItReturns() {
    // 1.5 MB a second into a 256 MB heap: 40 % after about 70 s, OutOfMemoryError after ~3 min.
    Deployment app = jvm("heap-leak", "512Mi", "-Xmx256m", 1536);
    // The JVM publishes hsperfdata only for a uid with a passwd entry: the image's own user.
    PodSecurityContext security = app.getSpec().getTemplate().getSpec().getSecurityContext();
    security.setRunAsUser(65532L);
    security.setRunAsGroup(65532L);
    Pod pod = workload.deploy(NS, app);
    apply(
        policy(
            "heap-high",
            "heap-leak",
            """
              - name: heap-high
                threshold:
                  heapUsedPercent: 40
                  for: 2s
                  cooldown: 30m
                  rearmBelow: 20
                  rearmAfter: 1m
            """));
    awaitArmed("heap-high", pod.getMetadata().getName());

    release.scale(0);
    release.awaitGone();
    // The sidecar decides alone: wait until the heap has certainly crossed 40 %.
    sleepUntil(startOf(pod).plusSeconds(100));
    assertThat(captures("heap-high")).as("nothing is created while the operator is down").isEmpty();
    release.scale(2);
    release.awaitReady(2);

    HeapCapture captured = awaitCompleteCaptures("heap-high", 1).get(0);
    assertThat(captured.getMetadata().getLabels())
        .containsEntry("heapcapture.io/trigger", "heap-high");
    assertThat(captured.getSpec().getSource())
        .as("the dump the sidecar took while the operator was away")
        .isNotNull();
    TargetStatus target = captured.getStatus().getTargets().get(0);
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Succeeded);
    assertThat(target.getStoredBytes()).isPositive();

    pause(Duration.ofSeconds(30));
    assertThat(captures("heap-high"))
        .as("the cooldown and the re-arm mark hold: one capture, not a storm")
        .hasSize(1);
    delete("heap-leak", "heap-high");
  }

  @Test
  @Order(2)
  void aContainerNearItsMemoryLimitIsCapturedBeforeTheKernelKillsIt() {
    // The heap may grow far past the container's limit: only the kernel stops it.
    Deployment app = jvm("near-limit", "256Mi", "-Xmx1g", 4096);
    apply(
        policy(
            "near-limit",
            "near-limit",
            """
              - name: near-limit
                threshold:
                  containerMemoryPercent: 70
                  for: 1s
                  cooldown: 30m
              - name: heap
                threshold:
                  heapUsedPercent: 95
            """));
    Pod pod = workload.deploy(NS, app);
    // uid 1000 has no passwd entry in the image, so its JVM writes no hsperfdata: the status says
    // why the heap rule cannot be evaluated, while the container-memory rule still is.
    awaitQuietly(
        "the heap rule reported unavailable, with the reason",
        () ->
            policy("near-limit").getStatus().getTargets().stream()
                .filter(t -> t.getPod().equals(pod.getMetadata().getName()))
                .anyMatch(
                    t ->
                        "RuleUnavailable".equals(t.getReason())
                            && t.getMessage().contains("no entry in the target's /etc/passwd")));

    HeapCapture captured = awaitCompleteCaptures("near-limit", 1).get(0);
    Instant dumped = Instant.parse(captured.getStatus().getTargets().get(0).getStartedAt());

    // It leaks on: the kernel kills it, and the policy says so, with the hint.
    Instant killed = awaitOomKill("near-limit");
    assertThat(dumped).as("dumped before the OOM kill").isBefore(killed);
    awaitQuietly(
        "the policy's status and an Event report the OOM kill",
        () ->
            !policy("near-limit").getStatus().getOomKills().isEmpty()
                && events("near-limit").stream()
                    .anyMatch(e -> e.getMessage().contains("containerMemoryPercent")));
    delete("near-limit", "near-limit");
  }

  @Test
  @Order(3)
  void outOfMemoryErrorDumpsAreUploadedAcrossContainerRestarts() {
    apply(policy("oom", "oom", "  - name: oom\n    outOfMemory: {}\n"));
    // 4 MB a second into 48 MB: OutOfMemoryError after ~10 s, then the container restarts.
    workload.deploy(
        NS,
        jvm(
            "oom",
            "256Mi",
            "-Xmx48m -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/heapcapture/dumps"
                + " -XX:+ExitOnOutOfMemoryError",
            4096));

    List<HeapCapture> captured = awaitCompleteCaptures("oom", 2);

    assertThat(captured)
        .allSatisfy(
            c -> {
              assertThat(c.getMetadata().getLabels())
                  .containsEntry("heapcapture.io/trigger", "oom");
              assertThat(c.getStatus().getTargets().get(0).getRawBytes()).isPositive();
            });
    assertThat(captured.get(0).getStatus().getTargets().get(0).getObjectUri())
        .isNotEqualTo(captured.get(1).getStatus().getTargets().get(0).getObjectUri());
    assertThat(restarts("oom"))
        .as("the second dump came from a restarted container: the first file did not block it")
        .isPositive();
    delete("oom", "oom");
  }

  @Test
  @Order(4)
  void theTwoSnapshotExampleTakesTwoCapturesApartAndNamesTheGrowth() throws IOException {
    workload.deploy(NS, jvm("compare", "256Mi", "-Xmx128m", 512));
    String example =
        Files.readString(
                Testbed.root().resolve("examples").resolve("heapcapturepolicy-two-snapshots.yaml"))
            .replace("every: 10m", "every: 20s")
            .replace("app: leaky-demo", "app: compare")
            .replace("http://s3.example.internal:9000", s3.endpoint().toString());
    apply(write("two-snapshots.yaml", example));
    String policy = "leaky-demo-compare";

    List<HeapCapture> captured = awaitCompleteCaptures(policy, 2);
    Duration apart =
        Duration.between(
            Instant.parse(captured.get(0).getMetadata().getCreationTimestamp()),
            Instant.parse(captured.get(1).getMetadata().getCreationTimestamp()));
    assertThat(apart).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(60));
    AnalysisStatus second = awaitAnalyzed(captured.get(1).getMetadata().getName());
    assertThat(second.getBaselineUri())
        .isEqualTo(captured.get(0).getStatus().getTargets().get(0).getObjectUri());
    assertThat(second.getSuspects().get(0).getSentence())
        .as(second.getSuspects().toString())
        .contains("LeakyApp$SessionCache.SESSIONS");
    pause(Duration.ofSeconds(25));
    assertThat(captures(policy)).as("count: 2").hasSize(2);
    assertThat(policy(policy).getStatus().getNextCapture()).as("nothing more is due").isNull();
    delete("compare", policy);
  }

  @Test
  @Order(5)
  void anExpressServiceIsCapturedBySignalOnAScheduleAndAtAThreshold() {
    Deployment app =
        DemoWorkload.deployment(
            "express",
            DemoWorkload.EXPRESS_IMAGE,
            "512Mi",
            Map.of(
                "NODE_OPTIONS", "--diagnostic-dir=/heapcapture/dumps",
                "LEAK_REQUESTS_PER_SECOND", "200"));
    workload.deploy(NS, app);

    Path onDemand = workload.captureManifest("express-now", "express");
    HeapCapture snapshot = Serialization.unmarshal(read(onDemand), HeapCapture.class);
    snapshot.getSpec().getCapture().setKind(CaptureKind.HeapSnapshot);
    apply(write("express-now.yaml", Serialization.asYaml(snapshot)));
    HeapCapture now = awaitComplete("express-now");
    assertThat(now.getStatus().getTargets().get(0).getObjectUri()).endsWith(".heapsnapshot.zst");

    apply(
        policy(
            "express",
            "express",
            """
              - name: soon
                schedule:
                  every: 20s
                  count: 1
              - name: rss-high
                threshold:
                  processRssBytes: 167772160
                  for: 1s
                  cooldown: 30m
            """,
            "HeapSnapshot"));
    List<HeapCapture> captured = awaitCompleteCaptures("express", 2);
    assertThat(captured)
        .extracting(c -> c.getMetadata().getLabels().get("heapcapture.io/trigger"))
        .containsExactlyInAnyOrder("soon", "rss-high");
    // The two policy captures can come seconds apart (taking the first snapshot raises the RSS past
    // the mark): diagnose growth over half a minute instead, against the newest of them.
    Instant newest = Instant.parse(captured.get(1).getMetadata().getCreationTimestamp());
    sleepUntil(newest.plusSeconds(30));
    HeapCapture later = Serialization.unmarshal(read(onDemand), HeapCapture.class);
    later.getMetadata().setName("express-later");
    later.getSpec().getCapture().setKind(CaptureKind.HeapSnapshot);
    apply(write("express-later.yaml", Serialization.asYaml(later)));
    AnalysisStatus analysis = awaitAnalyzed("express-later");
    assertThat(analysis.getBaselineUri()).isNotNull();
    assertThat(analysis.getSuspects().get(0).getSentence())
        .as(analysis.getSuspects().toString())
        .contains("RequestContext");
    assertThat(restarts("express")).as("the signal never killed it").isZero();
    delete("express", "express");
  }

  private static Deployment jvm(String app, String memoryLimit, String jvmOptions, int kbPerSec) {
    Deployment deployment =
        DemoWorkload.deployment(
            app, DemoWorkload.IMAGE, memoryLimit, Map.of("JAVA_TOOL_OPTIONS", jvmOptions));
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    container.setArgs(List.of(String.valueOf(kbPerSec)));
    return deployment;
  }

  private static Path policy(String name, String app, String triggers) {
    return policy(name, app, triggers, "HeapDumpLive");
  }

  /** A policy as a user writes it: target, triggers, analysis, the local S3 server. */
  private static Path policy(String name, String app, String triggers, String kind) {
    String yaml =
        """
        apiVersion: heapcapture.io/v1alpha1
        kind: HeapCapturePolicy
        metadata:
          name: %s
        spec:
          target:
            selector:
              matchLabels:
                app: %s
          capture:
            kind: %s
          triggers:
        %s
          analysis:
            baseline: PreviousCapture
          storage:
            bucket: %s
            endpoint: %s
            region: %s
            pathStyle: true
            credentialsSecret:
              name: %s
        """
            .formatted(
                name,
                app,
                kind,
                triggers.stripTrailing(),
                DemoWorkload.BUCKET,
                s3.endpoint(),
                s3.region(),
                DemoWorkload.CREDENTIALS);
    return write(name + "-policy.yaml", yaml);
  }

  private static Path write(String file, String text) {
    try {
      Path path = NODE.node().dir().resolve(file);
      Files.writeString(path, text);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void apply(Path manifest) {
    Kubectl.Result applied = kubectl().apply(manifest, NS);
    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
  }

  private static HeapCapturePolicy policy(String name) {
    return client().resources(HeapCapturePolicy.class).inNamespace(NS).withName(name).get();
  }

  private static void awaitArmed(String policy, String pod) {
    awaitQuietly(
        policy + " armed in " + pod,
        () ->
            Optional.ofNullable(policy(policy).getStatus()).stream()
                .flatMap(s -> s.getTargets().stream())
                .anyMatch(t -> t.getPod().equals(pod) && Boolean.TRUE.equals(t.getArmed())));
  }

  /** The policy's captures, oldest first. */
  private static List<HeapCapture> captures(String policy) {
    List<HeapCapture> all =
        new ArrayList<>(
            client()
                .resources(HeapCapture.class)
                .inNamespace(NS)
                .withLabel("heapcapture.io/policy", policy)
                .list()
                .getItems());
    all.sort(Comparator.comparing(c -> c.getMetadata().getCreationTimestamp()));
    return all;
  }

  /** Waits for at least {@code count} captures of the policy, each stored; the first ones. */
  private static List<HeapCapture> awaitCompleteCaptures(String policy, int count) {
    List<HeapCapture> done = new ArrayList<>();
    await(CAPTURE_TIMEOUT)
        .alias(count + " stored captures of " + policy)
        .failFast(
            "a capture of " + policy + " failed",
            () ->
                captures(policy).stream()
                    .flatMap(c -> targets(c).stream())
                    .anyMatch(t -> t.getPhase() == TargetPhase.Failed))
        .until(
            () -> {
              done.clear();
              captures(policy).stream()
                  .filter(
                      c ->
                          !targets(c).isEmpty()
                              && targets(c).stream()
                                  .allMatch(t -> t.getPhase() == TargetPhase.Succeeded))
                  .forEach(done::add);
              return done.size() >= count;
            });
    return List.copyOf(done.subList(0, count));
  }

  private static List<TargetStatus> targets(HeapCapture capture) {
    return capture.getStatus() == null || capture.getStatus().getTargets() == null
        ? List.of()
        : capture.getStatus().getTargets();
  }

  private static HeapCapture awaitComplete(String name) {
    Kubectl.Result waited =
        kubectl().waitFor("heapcapture/" + name, "condition=Complete", NS, CAPTURE_TIMEOUT);
    HeapCapture capture =
        client().resources(HeapCapture.class).inNamespace(NS).withName(name).get();
    assertThat(waited.succeeded()).as(waited + "\nstatus: " + capture.getStatus()).isTrue();
    return capture;
  }

  private static AnalysisStatus awaitAnalyzed(String name) {
    Kubectl.Result waited =
        kubectl().waitFor("heapcapture/" + name, "condition=Analyzed", NS, ANALYSIS_TIMEOUT);
    HeapCapture capture =
        client().resources(HeapCapture.class).inNamespace(NS).withName(name).get();
    assertThat(waited.succeeded()).as(waited + "\nstatus: " + capture.getStatus()).isTrue();
    return capture.getStatus().getTargets().get(0).getAnalysis();
  }

  private static Instant awaitOomKill(String app) {
    List<Instant> killed = new ArrayList<>();
    awaitQuietly(
        app + " OOMKilled",
        () -> {
          killed.clear();
          appStatuses(app).stream()
              .filter(s -> s.getLastState() != null && s.getLastState().getTerminated() != null)
              .filter(s -> "OOMKilled".equals(s.getLastState().getTerminated().getReason()))
              .map(s -> Instant.parse(s.getLastState().getTerminated().getFinishedAt()))
              .forEach(killed::add);
          return !killed.isEmpty();
        });
    return killed.get(0);
  }

  private static int restarts(String app) {
    return appStatuses(app).stream().mapToInt(ContainerStatus::getRestartCount).sum();
  }

  private static List<ContainerStatus> appStatuses(String app) {
    return client().pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .filter(s -> s.getName().equals("app"))
        .toList();
  }

  private static List<Event> events(String policy) {
    return client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> "HeapCapturePolicy".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private static Instant startOf(Pod pod) {
    return Instant.parse(pod.getStatus().getStartTime());
  }

  private static void delete(String app, String policy) {
    client().apps().deployments().inNamespace(NS).withName(app).delete();
    client().resources(HeapCapturePolicy.class).inNamespace(NS).withName(policy).delete();
  }

  private static void sleepUntil(Instant when) {
    Duration left = Duration.between(Instant.now(), when);
    if (!left.isNegative()) {
      pause(left);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitQuietly(String what, Callable<Boolean> condition) {
    await(Duration.ofMinutes(3)).alias(what).until(condition);
  }

  private static org.awaitility.core.ConditionFactory await(Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions();
  }

  private static KubernetesClient client() {
    return NODE.client();
  }

  private static Kubectl kubectl() {
    return NODE.node().kubectl();
  }
}
