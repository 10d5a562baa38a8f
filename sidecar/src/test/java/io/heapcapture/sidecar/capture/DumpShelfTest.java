package io.heapcapture.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.UploadedPart;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.TargetProcess;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps that wait for their upload survive a restart: a registry over the same volume. */
class DumpShelfTest {
  private static final byte[] CONTENT = "JAVA PROFILE 1.0.2\0 a heap".getBytes();
  private static final UploadInstruction INSTRUCTION =
      new UploadInstruction(UploadInstruction.MIN_PART_SIZE, List.of("https://store/part/1"));

  @TempDir Path volume;

  private final AtomicInteger dumps = new AtomicInteger();

  @Test
  void aDumpedCaptureComesBackAfterARestartWithItsIdAndOrigin() throws Exception {
    CaptureRegistry first = fresh();
    first.startLocal(request("r-1-heap"), "leak-watch", "heap");
    first.start(request("hc-operator"));
    CaptureState before = first.state("r-1-heap").orElseThrow();

    CaptureRegistry again = fresh();
    assertThat(again.restore()).isEqualTo(2);

    CaptureState after = again.state("r-1-heap").orElseThrow();
    assertThat(after).isEqualTo(before);
    assertThat(after.phase()).isEqualTo(CapturePhase.DUMPED);
    assertThat(after.origin()).isEqualTo(CaptureOrigin.RULE);
    assertThat(again.state("hc-operator")).isPresent();
    assertThat(again.pendingBytes()).isEqualTo(2L * CONTENT.length);
  }

  @Test
  void askingForAnAdoptedCaptureAgainReturnsItAndDumpsNothing() throws Exception {
    fresh().startLocal(request("r-1-heap"), "leak-watch", "heap");
    CaptureRegistry restarted = fresh();
    restarted.restore();
    int dumpsBefore = dumps.get();

    CaptureState answer = restarted.start(request("r-1-heap"));

    assertThat(answer.phase()).isEqualTo(CapturePhase.DUMPED);
    assertThat(answer.origin()).isEqualTo(CaptureOrigin.RULE);
    assertThat(dumps).hasValue(dumpsBefore);
  }

  @Test
  void adoptingADumpThatIsGoneIsRefusedAndTakesNoFreshOne() throws Exception {
    CaptureRegistry registry = fresh();
    int dumpsBefore = dumps.get();

    assertThatThrownBy(() -> registry.start(request("r-1-heap")))
        .isInstanceOf(CaptureException.class)
        .hasMessageContaining("holds no dump r-1-heap");
    assertThatThrownBy(() -> registry.start(request("oom-1"))).isInstanceOf(CaptureException.class);
    assertThat(dumps).hasValue(dumpsBefore);
    assertThat(registry.state("r-1-heap")).isEmpty();
  }

  @Test
  void theUploadDeletesTheDumpAndItsManifest() throws Exception {
    CaptureRegistry registry = fresh();
    registry.startLocal(request("r-1-heap"), "leak-watch", "heap");
    assertThat(volume.resolve("r-1-heap.hprof.json")).exists();

    registry.upload("r-1-heap", INSTRUCTION);

    assertThat(registry.state("r-1-heap").orElseThrow().phase()).isEqualTo(CapturePhase.UPLOADED);
    assertThat(volume.resolve("r-1-heap.hprof")).doesNotExist();
    assertThat(volume.resolve("r-1-heap.hprof.json")).doesNotExist();
  }

  @Test
  void aDiscardDeletesTheDumpAndItsManifest() throws Exception {
    CaptureRegistry registry = fresh();
    registry.startLocal(request("r-1-heap"), "leak-watch", "heap");

    registry.discard("r-1-heap");

    try (var files = Files.list(volume)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void atStartDumpsWithoutManifestAreDeletedButTheJvmsOwnDumpStays() throws Exception {
    Files.write(volume.resolve("hc-partial.hprof"), CONTENT);
    Files.write(volume.resolve("java_pid1.hprof"), CONTENT);
    Files.writeString(volume.resolve(".hc-cut.hprof.json.tmp"), "{\"id\":");

    assertThat(fresh().restore()).isZero();

    assertThat(volume.resolve(".hc-cut.hprof.json.tmp")).doesNotExist();
    assertThat(volume.resolve("hc-partial.hprof")).doesNotExist();
    assertThat(volume.resolve("java_pid1.hprof")).exists();
  }

  @Test
  void aManifestWhoseDumpIsALinkOrOfAnotherSizeIsNotTrusted() throws Exception {
    fresh().startLocal(request("r-1-link"), "p", "heap");
    fresh().startLocal(request("r-2-short"), "p", "heap");
    Path secret =
        Files.writeString(volume.getParent().resolve(volume.getFileName() + "-secret"), "x");
    Files.delete(volume.resolve("r-1-link.hprof"));
    Files.createSymbolicLink(volume.resolve("r-1-link.hprof"), secret);
    Files.write(volume.resolve("r-2-short.hprof"), new byte[3]);

    CaptureRegistry restarted = fresh();

    assertThat(restarted.restore()).isZero();
    assertThat(restarted.list()).isEmpty();
    assertThat(secret).exists();
    try (var files = Files.list(volume)) {
      assertThat(files).isEmpty();
    }
    Files.delete(secret);
  }

  @Test
  void anUploadRefusesADumpReplacedByALink() throws Exception {
    CaptureRegistry registry = fresh();
    registry.startLocal(request("r-1-heap"), "p", "heap");
    Path secret = Files.writeString(volume.getParent().resolve(volume.getFileName() + "-s2"), "x");
    Files.delete(volume.resolve("r-1-heap.hprof"));
    Files.createSymbolicLink(volume.resolve("r-1-heap.hprof"), secret);

    registry.upload("r-1-heap", INSTRUCTION);

    CaptureState state = registry.state("r-1-heap").orElseThrow();
    assertThat(state.phase()).isEqualTo(CapturePhase.FAILED);
    assertThat(state.failure().message()).contains("not a regular file");
    assertThat(uploadedParts).hasValue(0);
    Files.delete(secret);
  }

  private final AtomicInteger uploadedParts = new AtomicInteger();

  /** A registry over the volume; each one stands for a run of the sidecar. */
  private CaptureRegistry fresh() {
    return new CaptureRegistry(
        new FileWritingJvm(),
        new DumpUploader(),
        instruction ->
            (partNumber, data, length) -> {
              uploadedParts.incrementAndGet();
              return new UploadedPart(partNumber, "\"e\"", length);
            },
        UploadEndpoints.parse("https://store"),
        Runnable::run,
        Clock.systemUTC(),
        new DumpShelf(volume));
  }

  private static CaptureRequest request(String id) {
    return new CaptureRequest(id, "app", null, null, CaptureKind.HEAP_DUMP_LIVE);
  }

  private final class FileWritingJvm implements DumpTaker {
    @Override
    public JvmProcess select(CaptureRequest request) {
      return new JvmProcess(
          7, 1, 1000, 1000, "java -jar app.jar", 4, "", new JvmOptions(List.of()), volume);
    }

    @Override
    public HeapDump dump(TargetProcess jvm, CaptureRequest request) throws CaptureException {
      dumps.incrementAndGet();
      try {
        Path file = Files.write(volume.resolve(request.id() + ".hprof"), CONTENT);
        return new HeapDump(file, CONTENT.length, Duration.ofMillis(3));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
