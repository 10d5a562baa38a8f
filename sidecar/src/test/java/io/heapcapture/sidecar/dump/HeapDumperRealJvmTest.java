package io.heapcapture.sidecar.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.attach.AttachClient;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.ProcessTable;
import io.heapcapture.sidecar.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heap dumps of a real child JVM, attached through trigger file and SIGQUIT. */
class HeapDumperRealJvmTest {
  static final byte[] HPROF_HEADER = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dumps;
  final AttachClient client = new AttachClient();
  final HeapDumper dumper = new HeapDumper(client, Duration.ofSeconds(20));
  ChildJvm child;
  JvmProcess jvm;

  @BeforeEach
  void startChild() throws IOException {
    child = ChildJvm.start(List.of());
    jvm = new ProcessTable().byPid(child.pid()).orElseThrow();
  }

  @AfterEach
  void stopChild() throws InterruptedException {
    child.close();
  }

  static void assertIsHprof(Path file, long bytes) throws IOException {
    assertThat(file).hasSize(bytes);
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(in.readNBytes(HPROF_HEADER.length)).isEqualTo(HPROF_HEADER);
    }
  }

  @Test
  void dumpsAllObjects() throws Exception {
    Path file = dumps.resolve("all.hprof");

    HeapDump dump = dumper.dump(jvm, CaptureKind.HEAP_DUMP_ALL, file, file);

    assertThat(dump.file()).isEqualTo(file);
    assertThat(dump.bytes()).isGreaterThan(64 * 16 * 1024); // IdleJvm retains 1 MiB
    assertThat(dump.pause()).isPositive().isLessThan(Duration.ofSeconds(20));
    assertIsHprof(file, dump.bytes());
  }

  @Test
  void dumpsLiveObjects() throws Exception {
    Path file = dumps.resolve("live.hprof");

    HeapDump dump = dumper.dump(jvm, CaptureKind.HEAP_DUMP_LIVE, file, file);

    assertThat(dump.bytes()).isGreaterThan(64 * 16 * 1024);
    assertIsHprof(file, dump.bytes());
  }

  @Test
  void readsTheFileThroughTheTargetsRoot() throws Exception {
    // What the sidecar does when the dump volume is not mounted in its own container.
    Path asTarget = dumps.resolve("via-root.hprof");
    Path asSidecar = Path.of(jvm.root() + asTarget.toString());

    HeapDump dump = dumper.dump(jvm, CaptureKind.HEAP_DUMP_ALL, asTarget, asSidecar);

    assertThat(dump.file()).isEqualTo(asSidecar);
    assertIsHprof(asSidecar, dump.bytes());
  }

  @Test
  void pathWithSpacesReachesTheJvmInOnePiece() throws Exception {
    Path file = Files.createDirectory(dumps.resolve("my dumps")).resolve("a b.hprof");

    HeapDump dump = dumper.dump(jvm, CaptureKind.HEAP_DUMP_ALL, file, file);

    assertIsHprof(file, dump.bytes());
  }

  @Test
  void existingFileIsADumpFailureAndStaysUntouched() throws Exception {
    Path file = dumps.resolve("earlier.hprof");
    Files.writeString(file, "an earlier dump");

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> dumper.dump(jvm, CaptureKind.HEAP_DUMP_ALL, file, file));

    assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
    assertThat(e.getMessage()).contains("File exists");
    assertThat(file).hasContent("an earlier dump");
  }

  @Test
  void unwritableDirectoryIsADumpFailure() throws Exception {
    Path file = dumps.resolve("missing-dir/a.hprof");

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class,
            () -> dumper.dump(jvm, CaptureKind.HEAP_DUMP_ALL, file, dumps.resolve("a.hprof")));

    assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
    assertThat(e.getMessage()).contains("No such file or directory");
  }

  @Test
  void dumpThatTheSidecarCannotSeeIsADumpFailure() throws Exception {
    Path asTarget = dumps.resolve("target.hprof");
    Path asSidecar = dumps.resolve("elsewhere.hprof");

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class,
            () -> dumper.dump(jvm, CaptureKind.HEAP_DUMP_ALL, asTarget, asSidecar));

    assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
    assertThat(e.getMessage()).contains("finds no file", "same path");
  }

  @Test
  void heapInfoOfARealJvmGivesAnEstimate() throws Exception {
    String heapInfo = client.execute(jvm, DiskBudget.HEAP_INFO, Duration.ofSeconds(10)).output();

    // The child runs with -Xmx64m, whatever collector the JVM picked for this machine.
    OptionalLong estimate = DiskBudget.heapBytes(heapInfo);
    assertThat(estimate).as(heapInfo).isPresent();
    assertThat(estimate.getAsLong()).isBetween(1L, 64L << 20);
  }
}
