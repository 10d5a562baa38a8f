package io.heapcapture.sidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.testing.FakeProc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe over a fake {@code /proc}: a JVM with pid 7 in its own namespace, running as "app". */
class ProcMemoryProbeTest {
  static final long MB = 1024 * 1024;
  static final long PID = FakeProc.FIRST_PID;
  static final String PASSWD = "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";

  @TempDir Path dir;
  FakeProc proc;
  FakeProc.Entry process;
  final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  ProcMemoryProbe probe;

  @BeforeEach
  void setUp() {
    proc = new FakeProc(dir);
    process =
        proc.process(PID)
            .status(FakeProc.statusText(PID, 7, 1000, 1000, "0") + "VmRSS:\t   20480 kB\n")
            .file("root/etc/passwd", PASSWD);
    probe = new ProcMemoryProbe(proc.root(), nanos::get);
  }

  @Test
  void heapUsedIsSpacesUsedOverTheHeapMaximum() throws Exception {
    publish(PerfDataImage.parallel(40 * MB, 88 * MB, 8 * MB, 24 * MB));

    assertThat(value(Condition.HEAP_USED_PERCENT)).isCloseTo(25.0, within(0.001));
  }

  @Test
  void readsTheFileAfreshOnEverySample() throws Exception {
    publish(PerfDataImage.parallel(40 * MB, 88 * MB, 8 * MB, 24 * MB));
    value(Condition.HEAP_USED_PERCENT);

    publish(PerfDataImage.parallel(40 * MB, 88 * MB, 40 * MB, 88 * MB));

    assertThat(value(Condition.HEAP_USED_PERCENT)).isCloseTo(100.0, within(0.001));
  }

  @Test
  void findsTheFileUnderAnotherNameWhenPasswdDoesNotHaveTheUid() throws Exception {
    // The name came from nss rather than /etc/passwd: the file is still where the JVM put it.
    process.file("root/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    PerfDataImage.shenandoah(100 * MB, 30 * MB).write(hostPath("root/tmp/hsperfdata_ldapuser/7"));

    assertThat(value(Condition.HEAP_USED_PERCENT)).isCloseTo(30.0, within(0.001));
  }

  @Test
  void explainsAUidWithoutAName() {
    process.file("root/etc/passwd", "root:x:0:0::/root:/bin/sh\n");

    assertThat(reason(Condition.HEAP_USED_PERCENT))
        .startsWith("hsperfdata unavailable")
        .contains("uid 1000 has no entry in the target's /etc/passwd");
  }

  @Test
  void explainsAJvmWithoutPerfData() {
    process.argv("java", "-XX:-UsePerfData", "-jar", "app.jar");

    assertThat(reason(Condition.HEAP_USED_PERCENT))
        .isEqualTo("hsperfdata unavailable: the JVM runs with -XX:-UsePerfData");
  }

  @Test
  void explainsAMissingFile() {
    assertThat(reason(Condition.GC_TIME_PERCENT))
        .startsWith("hsperfdata unavailable: no /tmp/hsperfdata_app/7 in the target's filesystem");
  }

  @Test
  void explainsAJvmThatIsGone() throws Exception {
    publish(PerfDataImage.parallel(40 * MB, 88 * MB, 8 * MB, 24 * MB));
    value(Condition.HEAP_USED_PERCENT);

    deleteRecursively(dir.resolve(Long.toString(PID)));

    assertThat(reason(Condition.HEAP_USED_PERCENT))
        .isEqualTo("hsperfdata unavailable: process " + PID + " is gone");
    assertThat(reason(Condition.PROCESS_RSS_BYTES)).isEqualTo("process " + PID + " is gone");
    assertThat(reason(Condition.CONTAINER_MEMORY_PERCENT)).contains("is gone");
  }

  @Test
  void explainsARegionTheJvmHasNotInitialized() throws Exception {
    publish(PerfDataImage.jvm(1).accessible(false));

    assertThat(reason(Condition.HEAP_USED_PERCENT))
        .isEqualTo("hsperfdata unavailable: hsperfdata not yet initialized by the JVM");
  }

  @Test
  void oldGenerationIsTakenAfterACollectionAndHeldUntilTheNext() throws Exception {
    PerfDataImage jvm = PerfDataImage.parallel(40 * MB, 80 * MB, 8 * MB, 20 * MB);
    publish(jvm);
    assertThat(reason(Condition.OLD_GEN_AFTER_GC_PERCENT)).contains("no collection seen yet");

    publish(jvm.set("sun.gc.collector.0.invocations", 1L));
    assertThat(value(Condition.OLD_GEN_AFTER_GC_PERCENT)).isCloseTo(25.0, within(0.001));

    // Large arrays allocated straight into the old generation do not move the figure...
    publish(jvm.set("sun.gc.generation.1.space.0.used", 60 * MB));
    assertThat(value(Condition.OLD_GEN_AFTER_GC_PERCENT)).isCloseTo(25.0, within(0.001));

    // ...until the next collection says what survived.
    publish(
        jvm.set("sun.gc.collector.1.invocations", 1L)
            .set("sun.gc.generation.1.space.0.used", 40 * MB));
    assertThat(value(Condition.OLD_GEN_AFTER_GC_PERCENT)).isCloseTo(50.0, within(0.001));
  }

  @Test
  void oldGenerationIsUnavailableForShenandoah() throws Exception {
    publish(PerfDataImage.shenandoah(100 * MB, 30 * MB));

    assertThat(reason(Condition.OLD_GEN_AFTER_GC_PERCENT))
        .contains("shows the heap as one generation");
    assertThat(value(Condition.HEAP_USED_PERCENT)).isCloseTo(30.0, within(0.001));
  }

  @Test
  void gcTimeIsTheLifetimeShareAtFirstThenTheShareOfEachWindow() throws Exception {
    // 10 s of uptime (hrt.ticks at 1 GHz), 1 s of it collecting.
    PerfDataImage jvm = PerfDataImage.parallel(40 * MB, 80 * MB, 0, 0);
    publish(jvm.set("sun.gc.collector.0.time", 1_000_000_000L));
    assertThat(value(Condition.GC_TIME_PERCENT)).isCloseTo(10.0, within(0.001));

    // 2 s later, 0.5 s more of collections.
    nanos.addAndGet(2_000_000_000L);
    publish(jvm.set("sun.gc.collector.1.time", 500_000_000L));
    assertThat(value(Condition.GC_TIME_PERCENT)).isCloseTo(25.0, within(0.001));

    // Read again at once (a second rule): the window is too short to say anything new.
    nanos.addAndGet(1_000_000L);
    publish(jvm.set("sun.gc.collector.1.time", 600_000_000L));
    assertThat(value(Condition.GC_TIME_PERCENT)).isCloseTo(25.0, within(0.001));
  }

  @Test
  void anotherJvmUnderTheSamePidStartsWithoutTheFormerHistory() throws Exception {
    publish(PerfDataImage.parallel(40 * MB, 80 * MB, 0, 0).set("sun.gc.collector.0.time", 0L));
    value(Condition.GC_TIME_PERCENT);
    nanos.addAndGet(1_000_000_000L);

    publish(
        PerfDataImage.parallel(40 * MB, 80 * MB, 0, 0)
            .set("sun.rt.createVmBeginTime", 99L)
            .set("sun.gc.collector.0.time", 2_000_000_000L));

    // Lifetime share of the new JVM (2 s of 10 s), not 2 s of collections in a 1 s window.
    assertThat(value(Condition.GC_TIME_PERCENT)).isCloseTo(20.0, within(0.001));
  }

  @Test
  void doesNotFollowLinksTheAppContainerPlanted() throws Exception {
    // Followed from the sidecar, an absolute link would resolve in the sidecar's own filesystem.
    Path elsewhere = PerfDataImage.shenandoah(100 * MB, 30 * MB).write(dir.resolve("elsewhere/7"));
    Files.createDirectories(hostPath("root/tmp"));
    Files.createSymbolicLink(hostPath("root/tmp/hsperfdata_app"), elsewhere.getParent());

    assertThat(reason(Condition.HEAP_USED_PERCENT)).startsWith("hsperfdata unavailable: no /tmp");

    Files.delete(hostPath("root/tmp/hsperfdata_app"));
    Files.createDirectories(hostPath("root/tmp/hsperfdata_app"));
    Files.createSymbolicLink(hostPath("root/tmp/hsperfdata_app/7"), elsewhere);

    assertThat(reason(Condition.HEAP_USED_PERCENT)).startsWith("hsperfdata unavailable: no /tmp");
  }

  @Test
  void refusesAFileReplacedByALinkAfterItWasFound() throws Exception {
    publish(PerfDataImage.shenandoah(100 * MB, 30 * MB));
    value(Condition.HEAP_USED_PERCENT);
    Path elsewhere = PerfDataImage.shenandoah(100 * MB, 90 * MB).write(dir.resolve("elsewhere/7"));
    Files.delete(hostPath("root/tmp/hsperfdata_app/7"));
    Files.createSymbolicLink(hostPath("root/tmp/hsperfdata_app/7"), elsewhere);

    assertThat(reason(Condition.HEAP_USED_PERCENT)).contains("is not a regular file");
  }

  @Test
  void residentSetComesFromStatus() {
    assertThat(value(Condition.PROCESS_RSS_BYTES)).isEqualTo(20480.0 * 1024);
  }

  @Test
  void forgetsAProcess() throws Exception {
    PerfDataImage jvm = PerfDataImage.parallel(40 * MB, 80 * MB, 8 * MB, 20 * MB);
    publish(jvm);
    reason(Condition.OLD_GEN_AFTER_GC_PERCENT);
    publish(jvm.set("sun.gc.collector.0.invocations", 1L));
    value(Condition.OLD_GEN_AFTER_GC_PERCENT);

    probe.forget(PID);

    assertThat(reason(Condition.OLD_GEN_AFTER_GC_PERCENT)).contains("no collection seen yet");
  }

  private void publish(PerfDataImage image) throws Exception {
    image.write(hostPath("root/tmp/hsperfdata_app/7"));
  }

  private Path hostPath(String relative) {
    return dir.resolve(Long.toString(PID)).resolve(relative);
  }

  private double value(Condition condition) {
    Reading reading = probe.read(condition, PID);
    assertThat(reading.unavailableReason()).isNull();
    return reading.value();
  }

  private String reason(Condition condition) {
    Reading reading = probe.read(condition, PID);
    assertThat(reading.isAvailable()).isFalse();
    return reading.unavailableReason();
  }

  private static void deleteRecursively(Path path) throws Exception {
    try (var paths = Files.walk(path)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
