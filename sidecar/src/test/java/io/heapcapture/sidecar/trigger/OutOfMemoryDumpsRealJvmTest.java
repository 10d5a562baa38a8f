package io.heapcapture.sidecar.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.heapcapture.sidecar.testing.LeakingJvm;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM with {@code -XX:+HeapDumpOnOutOfMemoryError} runs out of memory twice, writing to the
 * same file name each time, as a container's JVM (pid 1) does. The watcher polls throughout, as the
 * sidecar does, and must take in each complete dump, never a partial one, and never leave the name
 * taken for the next.
 */
class OutOfMemoryDumpsRealJvmTest {
  private static final String HPROF_HEADER = "JAVA PROFILE 1.0.2";

  @TempDir Path volume;

  @Test
  void twoOutOfMemoryErrorsInARowGiveTwoCompleteDumps() throws Exception {
    CaptureRegistry registry =
        new CaptureRegistry(
            new NoJvm(),
            new DumpUploader(),
            instruction -> null,
            UploadEndpoints.parse(""),
            Runnable::run,
            Clock.systemUTC(),
            new DumpShelf(volume));
    OutOfMemoryDumps watcher =
        new OutOfMemoryDumps(
            volume, Path.of("/proc"), registry, () -> Optional.of("oom-watch"), Clock.systemUTC());

    for (int run = 1; run <= 2; run++) {
      Process jvm = startLeakingJvm(volume.resolve("java_pid1.hprof"));
      // Poll while the JVM fills its heap and writes the dump, as the sidecar's loop would.
      while (!jvm.waitFor(200, TimeUnit.MILLISECONDS)) {
        watcher.poll();
      }
      String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(output).contains("Heap dump file created").doesNotContain("File exists");
      int expected = run;
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                watcher.poll();
                return registry.list().size() == expected;
              });
    }

    List<CaptureState> dumps = registry.list();
    assertThat(dumps).extracting(CaptureState::id).doesNotHaveDuplicates();
    for (CaptureState dump : dumps) {
      assertThat(dump.id()).matches("oom-[0-9a-z]+");
      assertThat(dump.origin()).isEqualTo(CaptureOrigin.OUT_OF_MEMORY);
      assertThat(dump.phase()).isEqualTo(CapturePhase.DUMPED);
      assertThat(dump.pid()).isEqualTo(1L);
      assertThat(dump.policy()).isEqualTo("oom-watch");
      Path file = volume.resolve(dump.id() + ".hprof");
      assertThat(Files.size(file)).isEqualTo(dump.rawBytes()).isGreaterThan(1024 * 1024);
      try (InputStream in = Files.newInputStream(file)) {
        assertThat(new String(in.readNBytes(HPROF_HEADER.length()), StandardCharsets.US_ASCII))
            .isEqualTo(HPROF_HEADER);
      }
    }
    assertThat(volume.resolve("java_pid1.hprof")).doesNotExist();
  }

  private static Process startLeakingJvm(Path dumpPath) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classes =
        Path.of(LeakingJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + dumpPath,
                "-cp",
                classes,
                LeakingJvm.class.getName())
            .redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    return builder.start();
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
