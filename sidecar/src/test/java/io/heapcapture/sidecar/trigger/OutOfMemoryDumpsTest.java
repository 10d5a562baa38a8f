package io.heapcapture.sidecar.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.capture.DumpShelf;
import io.heapcapture.sidecar.capture.DumpTaker;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.TargetProcess;
import io.heapcapture.sidecar.testing.TestClock;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreign dumps on the volume, against this machine's real /proc. */
class OutOfMemoryDumpsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path volume;

  private final AtomicReference<String> oomPolicy = new AtomicReference<>();
  private CaptureRegistry registry;
  private OutOfMemoryDumps watcher;

  @BeforeEach
  void setUp() {
    TestClock clock = new TestClock(NOW);
    registry =
        new CaptureRegistry(
            new NoJvm(),
            new DumpUploader(),
            instruction -> null,
            UploadEndpoints.parse(""),
            Runnable::run,
            clock,
            new DumpShelf(volume));
    watcher =
        new OutOfMemoryDumps(
            volume, Path.of("/proc"), registry, () -> Optional.ofNullable(oomPolicy.get()), clock);
  }

  @Test
  void aCompleteForeignDumpIsRenamedKeptAndTagged() throws Exception {
    oomPolicy.set("oom-watch");
    Path dump = Files.write(volume.resolve("java_pid17.hprof"), new byte[1234]);
    Instant written = Instant.parse("2026-03-01T11:59:00Z");
    Files.setLastModifiedTime(dump, FileTime.from(written));

    watcher.poll();
    assertThat(registry.list()).as("size not yet seen stable").isEmpty();
    watcher.poll();

    String id = "oom-" + Long.toString(NOW.toEpochMilli(), 36);
    CaptureState state = registry.state(id).orElseThrow();
    assertThat(state.origin()).isEqualTo(CaptureOrigin.OUT_OF_MEMORY);
    assertThat(state.phase()).isEqualTo(CapturePhase.DUMPED);
    assertThat(state.pid()).isEqualTo(17L);
    assertThat(state.rawBytes()).isEqualTo(1234L);
    assertThat(state.dumpedAt()).isEqualTo(written);
    assertThat(state.policy()).isEqualTo("oom-watch");
    assertThat(dump).doesNotExist();
    assertThat(volume.resolve(id + ".hprof")).hasSize(1234);
    assertThat(volume.resolve(id + ".hprof.json")).exists();
  }

  @Test
  void aDumpSomeProcessStillHoldsOpenWaits() throws Exception {
    Path dump = Files.write(volume.resolve("app.hprof"), new byte[10]);
    try (FileChannel writer = FileChannel.open(dump, StandardOpenOption.WRITE)) {
      watcher.poll();
      watcher.poll();
      watcher.poll();
      assertThat(registry.list()).isEmpty();
    }

    watcher.poll();

    assertThat(registry.list()).singleElement().satisfies(s -> assertThat(s.pid()).isNull());
  }

  @Test
  void aGrowingDumpWaitsUntilItsSizeIsStable() throws Exception {
    Path dump = Files.write(volume.resolve("java_pid1.hprof"), new byte[10]);
    watcher.poll();
    Files.write(dump, new byte[20]);
    watcher.poll();
    assertThat(registry.list()).isEmpty();

    watcher.poll();

    assertThat(registry.list())
        .singleElement()
        .satisfies(s -> assertThat(s.rawBytes()).isEqualTo(20));
  }

  @Test
  void linksAndTheSidecarsOwnDumpsAreLeftAlone() throws Exception {
    Path outside = Files.writeString(volume.getParent().resolve(volume.getFileName() + "-x"), "x");
    Files.createSymbolicLink(volume.resolve("java_pid3.hprof"), outside);
    registry.adopt(
        new CaptureState(
            "hc-1",
            CapturePhase.DUMPED,
            null,
            NOW,
            NOW,
            null,
            1L,
            null,
            null,
            CaptureOrigin.OPERATOR,
            null,
            null,
            CaptureKind.HEAP_DUMP_ALL),
        Files.write(volume.resolve("hc-1.hprof"), new byte[1]));

    watcher.poll();
    watcher.poll();

    assertThat(registry.list()).extracting(CaptureState::id).containsExactly("hc-1");
    assertThat(volume.resolve("java_pid3.hprof")).isSymbolicLink();
    Files.delete(outside);
  }

  @Test
  void withoutAnOutOfMemoryPolicyTheDumpIsKeptUntagged() throws Exception {
    Files.write(volume.resolve("java_pid1.hprof"), new byte[10]);

    watcher.poll();
    watcher.poll();

    assertThat(registry.list()).singleElement().satisfies(s -> assertThat(s.policy()).isNull());
  }

  /** The watcher never asks for a dump. */
  private static final class NoJvm implements DumpTaker {
    @Override
    public JvmProcess select(CaptureRequest request) {
      throw new AssertionError("no dump expected");
    }

    @Override
    public HeapDump dump(TargetProcess jvm, CaptureRequest request) {
      throw new AssertionError("no dump expected");
    }
  }
}
