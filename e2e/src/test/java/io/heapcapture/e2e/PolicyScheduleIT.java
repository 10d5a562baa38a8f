package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.e2e.cluster.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HeapCapturePolicy with a short schedule, applied with kubectl to the real API server and run by
 * the in-test operator: it creates exactly the captures its count allows, owned and labelled, at
 * the scheduled times (which the names carry), and reports them in its status.
 */
class PolicyScheduleIT {
  private static final String NAMESPACE = "schedules";
  private static final String POLICY = "every-two-seconds";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);

  @Test
  void everyTwoSecondsTwiceCreatesExactlyTwoOwnedLabelledCaptures(@TempDir Path dir)
      throws Exception {
    Path manifest = dir.resolve("policy.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: heapcapture.io/v1alpha1
        kind: HeapCapturePolicy
        metadata:
          name: %s
        spec:
          target:
            selector:
              matchLabels:
                app: nothing-runs-here
          triggers:
            - name: twice
              schedule:
                every: 2s
                count: 2
          storage:
            bucket: %s
        """
            .formatted(POLICY, LocalCluster.BUCKET));
    Kubectl.Result applied = CLUSTER.get().kubectl().apply(manifest, NAMESPACE);
    assertThat(applied.succeeded()).as("%s", applied).isTrue();

    // Done once the policy itself says so: both runs recorded and nothing more scheduled.
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HeapCapturePolicy policy = policy();
              return policy.getStatus() != null
                  && Long.valueOf(2).equals(policy.getStatus().getCapturesCreated())
                  && policy.getStatus().getNextCapture() == null;
            });

    HeapCapturePolicy policy = policy();
    List<HeapCapture> captures =
        CLUSTER
            .get()
            .client()
            .resources(HeapCapture.class)
            .inNamespace(NAMESPACE)
            .withLabel(HeapCapture.POLICY_LABEL, POLICY)
            .list()
            .getItems()
            .stream()
            .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
            .toList();
    assertThat(captures).hasSize(2);
    for (HeapCapture capture : captures) {
      assertThat(capture.getMetadata().getLabels())
          .containsEntry(HeapCapture.TRIGGER_LABEL, "twice");
      assertThat(capture.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getUid()).isEqualTo(policy.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
              });
    }
    // <policy>-<trigger>-<scheduled unix second>: the runs are two seconds apart by schedule.
    long first = scheduledSecond(captures.get(0));
    assertThat(scheduledSecond(captures.get(1))).isEqualTo(first + 2);
    assertThat(policy.getStatus().getSchedules())
        .singleElement()
        .satisfies(s -> assertThat(s.getFired()).isEqualTo(2));
    assertThat(policy.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getReason()).isEqualTo("Completed");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });

    Kubectl.Result table = CLUSTER.get().kubectl().run("get", "hcpol", POLICY, "-n", NAMESPACE);
    assertThat(table.stdout()).contains("TRIGGERS", "CAPTURES", "NEXT").contains("twice");
    Kubectl.Result captureTable =
        CLUSTER
            .get()
            .kubectl()
            .run("get", "hcap", "-n", NAMESPACE, "-l", HeapCapture.POLICY_LABEL + "=" + POLICY);
    assertThat(columnValues(captureTable.stdout(), "TRIGGER")).containsExactly("twice", "twice");

    // The finalizer's cleanup (nothing to disarm here) lets the policy go.
    CLUSTER.get().client().resource(policy).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> policy() == null);
  }

  private static HeapCapturePolicy policy() {
    return CLUSTER
        .get()
        .client()
        .resources(HeapCapturePolicy.class)
        .inNamespace(NAMESPACE)
        .withName(POLICY)
        .get();
  }

  /** The cells under {@code header} in kubectl's aligned table, one per row. */
  private static List<String> columnValues(String table, String header) {
    List<String> lines = table.lines().toList();
    int at = lines.get(0).indexOf(header);
    assertThat(at).as("column %s in%n%s", header, table).isNotNegative();
    return lines.stream()
        .skip(1)
        .map(l -> l.length() > at ? l.substring(at).split("\\s+")[0] : "")
        .toList();
  }

  private static long scheduledSecond(HeapCapture capture) {
    String name = capture.getMetadata().getName();
    return Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
  }
}
