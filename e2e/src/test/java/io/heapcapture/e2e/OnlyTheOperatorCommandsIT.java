package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.e2e.intruder.IntruderReport;
import io.heapcapture.e2e.pod.AppSpec;
import io.heapcapture.e2e.pod.Artifacts;
import io.heapcapture.e2e.pod.LocalPod;
import io.heapcapture.operator.tls.IssuedCertificate;
import io.heapcapture.sidecar.api.SidecarApi;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8, section 5, on the stand-in pods: a compromised application that reads everything it can
 * reach under /proc (every process's environment, command line, open files and working directory)
 * and the dump volume finds no key material, and cannot command its own sidecar or a neighbour's.
 * The control shows the same intruder succeeds once an operator key is within reach.
 */
class OnlyTheOperatorCommandsIT {
  private static final String NAMESPACE = "intrusion";
  private static final Duration INTRUDER_TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);

  @Test
  void anApplicationReadingEverythingItCanReachCannotGetACapture() {
    try (LocalPod victim = start("victim-0");
        LocalPod neighbour = start("neighbour-0")) {
      IntruderReport report = intrude(victim, List.of(victim, neighbour));

      assertThat(report.captured()).as(report.output()).isFalse();
      assertThat(report.privateKeys()).as("private keys within reach").isZero();
      assertThat(report.certificates())
          .as("the scan reached the sidecar's environment (its public CA certificate)")
          .isPositive();
      assertThat(report.attempts())
          .contains(
              sidecar(victim) + " no certificate -> HTTP 401",
              sidecar(neighbour) + " no certificate -> HTTP 401",
              sidecar(victim)
                  + " found certificate CN=heapcapture-sidecar-ca with an own key -> TLS refused");
      for (LocalPod pod : List.of(victim, neighbour)) {
        assertThat(pod.sidecarLogText()).doesNotContain("dumped pid");
        assertThat(pod.dumpFiles()).isEmpty();
      }
    }
  }

  @Test
  void theSameIntruderGetsACaptureOnceAnOperatorKeyIsWithinReach() throws Exception {
    try (LocalPod victim = start("leaky-0")) {
      IssuedCertificate operatorKey = CLUSTER.get().sidecarTrust().clientCertificate();
      Files.writeString(
          victim.dir().resolve("left-behind.pem"),
          operatorKey.certificatePem() + operatorKey.keyPem());

      IntruderReport report = intrude(victim, List.of(victim));

      assertThat(report.privateKeys()).isEqualTo(1);
      assertThat(report.captured()).as(report.output()).isTrue();
      assertThat(report.attempts())
          .contains(
              sidecar(victim)
                  + " found certificate CN=heapcapture-operator with a found key -> HTTP 202");
    }
  }

  private static LocalPod start(String name) {
    return CLUSTER
        .get()
        .kubelet()
        .start(NAMESPACE, name, Map.of("app", name), AppSpec.leakyDemo(), true);
  }

  /** Runs the intruder in {@code pod}'s place, against the sidecars of {@code targets}. */
  private static IntruderReport intrude(LocalPod pod, List<LocalPod> targets) {
    List<String> arguments =
        new ArrayList<>(List.of("--scan", LocalPod.seenFromPod(pod.dumpDir())));
    targets.forEach(t -> arguments.add(sidecar(t)));
    LocalPod.ExecResult result =
        pod.exec(
            IntruderReport.command(
                LocalPod.seenFromPod(Artifacts.java()),
                LocalPod.seenFromPod(IntruderReport.classes()),
                arguments),
            INTRUDER_TIMEOUT);
    return IntruderReport.parse(result.output());
  }

  private static String sidecar(LocalPod pod) {
    return "https://" + pod.ip() + ":" + SidecarApi.DEFAULT_PORT;
  }
}
