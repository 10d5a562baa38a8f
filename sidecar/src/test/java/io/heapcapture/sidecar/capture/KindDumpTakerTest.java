package io.heapcapture.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.NodeOptions;
import io.heapcapture.sidecar.process.NodeProcess;
import io.heapcapture.sidecar.process.TargetProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindDumpTakerTest {
  static final JvmProcess JVM =
      new JvmProcess(
          1, 1, 0, 0, "java -jar app.jar", 4, "", new JvmOptions(List.of()), Path.of("/proc"));
  static final NodeProcess NODE =
      new NodeProcess(
          2, 2, 0, 0, "node app.js", 0, "", new NodeOptions(List.of()), Path.of("/proc"));

  @Test
  void heapDumpsGoToTheJvmTakerAndSnapshotsToTheNodeOne() throws CaptureException {
    KindDumpTaker taker = new KindDumpTaker(new Fixed(JVM, null), new Fixed(NODE, null));

    assertThat(taker.select(request(CaptureKind.HEAP_DUMP_LIVE))).isEqualTo(JVM);
    assertThat(taker.select(request(CaptureKind.HEAP_DUMP_ALL))).isEqualTo(JVM);
    assertThat(taker.select(request(CaptureKind.HEAP_SNAPSHOT))).isEqualTo(NODE);
    assertThat(taker.dump(NODE, request(CaptureKind.HEAP_SNAPSHOT)).file())
        .isEqualTo(Path.of("node.heapsnapshot"));
    assertThat(taker.dump(JVM, request(CaptureKind.HEAP_DUMP_LIVE)).file())
        .isEqualTo(Path.of("java.hprof"));
  }

  @Test
  void aHeapDumpOfANodeProcessSuggestsTheSnapshotKind() {
    KindDumpTaker taker = new KindDumpTaker(new Fixed(null, "no JVM"), new Fixed(NODE, null));

    CaptureException e = refusal(taker, CaptureKind.HEAP_DUMP_LIVE);

    assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
    assertThat(e.getMessage())
        .isEqualTo("no JVM; a Node.js process matches: set spec.capture.kind: HeapSnapshot");
  }

  @Test
  void aSnapshotOfAJvmSuggestsAHeapDumpKind() {
    KindDumpTaker taker = new KindDumpTaker(new Fixed(JVM, null), new Fixed(null, "no Node.js"));

    assertThat(refusal(taker, CaptureKind.HEAP_SNAPSHOT).getMessage())
        .endsWith("a JVM matches: set spec.capture.kind: HeapDumpLive or HeapDumpAll");
  }

  @Test
  void noHintWhenTheOtherRuntimeHasNothingEither() {
    KindDumpTaker taker =
        new KindDumpTaker(new Fixed(null, "no JVM"), new Fixed(null, "no Node.js"));

    assertThat(refusal(taker, CaptureKind.HEAP_DUMP_LIVE).getMessage()).isEqualTo("no JVM");
  }

  private static CaptureException refusal(KindDumpTaker taker, CaptureKind kind) {
    return catchThrowableOfType(CaptureException.class, () -> taker.select(request(kind)));
  }

  private static CaptureRequest request(CaptureKind kind) {
    return new CaptureRequest("c1", "app", null, null, kind);
  }

  /** Selects one process, or fails with NO_JVM_FOUND; dumps into a file named by runtime. */
  private record Fixed(TargetProcess process, String none) implements DumpTaker {
    @Override
    public TargetProcess select(CaptureRequest request) throws CaptureException {
      if (process == null) {
        throw new CaptureException(FailureReason.NO_JVM_FOUND, none);
      }
      return process;
    }

    @Override
    public HeapDump dump(TargetProcess target, CaptureRequest request) {
      String name = target instanceof NodeProcess ? "node.heapsnapshot" : "java.hprof";
      return new HeapDump(Path.of(name), 1, Duration.ZERO);
    }
  }
}
