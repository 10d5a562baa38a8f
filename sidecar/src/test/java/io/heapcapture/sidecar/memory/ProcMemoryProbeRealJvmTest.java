package io.heapcapture.sidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.heapcapture.sidecar.api.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe on real JVMs of each JDK on this machine and each collector, started by the test: the
 * counter layouts differ by collector and JDK, and only real JVMs show them.
 */
class ProcMemoryProbeRealJvmTest {
  static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
  static final Path JDK21 =
      Path.of(System.getProperty("user.home"), ".cache/heapcapture/jdk21/java-home/bin/java");
  static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  /** The JDK running the tests, for tests that need just some JVM. */
  static final Path CURRENT = Path.of(ProcessHandle.current().info().command().orElseThrow());

  final ProcMemoryProbe probe = new ProcMemoryProbe(Path.of("/proc"));

  /** A JDK and collector; {@code generational}: hsperfdata shows a separate old generation. */
  record Target(String name, Path java, List<String> options, boolean generational) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Target> targets() {
    return Stream.of(
        new Target("17 G1", JDK17, List.of("-XX:+UseG1GC"), true),
        new Target("17 Parallel", JDK17, List.of("-XX:+UseParallelGC"), true),
        new Target("17 Serial", JDK17, List.of("-XX:+UseSerialGC"), true),
        new Target("17 ZGC", JDK17, List.of("-XX:+UseZGC"), false),
        new Target("17 Shenandoah", JDK17, List.of("-XX:+UseShenandoahGC"), false),
        new Target("21 G1", JDK21, List.of("-XX:+UseG1GC"), true),
        new Target(
            "21 ZGC generational", JDK21, List.of("-XX:+UseZGC", "-XX:+ZGenerational"), true),
        new Target("21 Shenandoah", JDK21, List.of("-XX:+UseShenandoahGC"), false),
        new Target("25 G1", JDK25, List.of("-XX:+UseG1GC"), true),
        new Target("25 Parallel", JDK25, List.of("-XX:+UseParallelGC"), true),
        new Target("25 ZGC", JDK25, List.of("-XX:+UseZGC"), true),
        new Target(
            "25 Shenandoah generational",
            JDK25,
            List.of("-XX:+UseShenandoahGC", "-XX:ShenandoahGCMode=generational"),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void heapFiguresFollowTheJvm(Target target) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(target.java()), target.java() + " not installed");
    List<String> options = new ArrayList<>(List.of("-Xmx64m", "-Xms16m"));
    options.addAll(target.options());
    try (TargetJvm jvm = TargetJvm.start(List.of(), target.java(), options)) {
      double before = value(Condition.HEAP_USED_PERCENT, jvm.pid());
      assertThat(before).isBetween(0.0, 50.0);
      Reading oldGen = probe.read(Condition.OLD_GEN_AFTER_GC_PERCENT, jvm.pid());
      assertThat(oldGen.unavailableReason()).isNotNull();

      jvm.grow(24); // 37.5 % of the heap, kept reachable

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(value(Condition.HEAP_USED_PERCENT, jvm.pid()))
                      .isBetween(before + 30, 100.0));
      Reading afterGc = probe.read(Condition.OLD_GEN_AFTER_GC_PERCENT, jvm.pid());
      if (target.generational()) {
        // The collection after growing kept 24 MiB; with ZGC the young generation may still hold
        // some of it, but never all of a full collection's survivors.
        assertThat(afterGc.unavailableReason()).isNull();
        assertThat(afterGc.value()).isBetween(1.0, 100.0);
      } else {
        assertThat(afterGc.unavailableReason()).contains("shows the heap as one generation");
      }
      assertThat(value(Condition.GC_TIME_PERCENT, jvm.pid())).isBetween(0.0, 100.0);
      assertThat(value(Condition.PROCESS_RSS_BYTES, jvm.pid())).isGreaterThan(24.0 * 1024 * 1024);
    }
  }

  @Test
  void explainsAJvmWithoutPerfData() throws Exception {
    try (TargetJvm jvm = TargetJvm.start(List.of(), CURRENT, List.of("-XX:-UsePerfData"))) {
      assertThat(probe.read(Condition.HEAP_USED_PERCENT, jvm.pid()).unavailableReason())
          .isEqualTo("hsperfdata unavailable: the JVM runs with -XX:-UsePerfData");
    }
  }

  @Test
  void explainsAJvmWhoseUidHasNoName() throws Exception {
    // Only root can start a process as a uid without a passwd entry.
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv");
    Assumptions.assumeTrue(
        Files.readString(Path.of("/etc/passwd")).lines().noneMatch(l -> l.contains(":4242:")));
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
    List<String> asNobody =
        List.of("/usr/bin/setpriv", "--reuid=4242", "--regid=4242", "--clear-groups");
    try (TargetJvm jvm = TargetJvm.start(asNobody, CURRENT, List.of())) {
      assertThat(probe.read(Condition.HEAP_USED_PERCENT, jvm.pid()).unavailableReason())
          .contains("uid 4242 has no entry in the target's /etc/passwd");
      assertThat(probe.read(Condition.PROCESS_RSS_BYTES, jvm.pid()).isAvailable()).isTrue();
    }
  }

  @Test
  void findsAJvmInItsOwnPidNamespace() throws Exception {
    // As in a pod: the JVM names its file after its pid in its own namespace, not ours.
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
    List<String> ownNamespace = List.of("/usr/bin/unshare", "--pid", "--fork");
    try (TargetJvm jvm = TargetJvm.start(ownNamespace, CURRENT, List.of("-Xmx64m"))) {
      String nsPid =
          Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "status"))
              .lines()
              .filter(line -> line.startsWith("NSpid:"))
              .findFirst()
              .orElseThrow();
      assertThat(nsPid.split("\\s+")).hasSize(3).endsWith("1");

      assertThat(value(Condition.HEAP_USED_PERCENT, jvm.pid())).isBetween(0.0, 50.0);
    }
  }

  @Test
  void explainsAJvmThatExited() throws Exception {
    long pid;
    try (TargetJvm jvm = TargetJvm.start(List.of(), CURRENT, List.of())) {
      pid = jvm.pid();
      assertThat(probe.read(Condition.HEAP_USED_PERCENT, pid).isAvailable()).isTrue();
    }

    assertThat(probe.read(Condition.HEAP_USED_PERCENT, pid).unavailableReason())
        .isEqualTo("hsperfdata unavailable: process " + pid + " is gone");
  }

  private double value(Condition condition, long pid) {
    Reading reading = probe.read(condition, pid);
    assertThat(reading.unavailableReason()).as(condition.name()).isNull();
    return reading.value();
  }
}
