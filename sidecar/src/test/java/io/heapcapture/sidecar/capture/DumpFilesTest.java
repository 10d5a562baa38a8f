package io.heapcapture.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DumpFilesTest {
  private static final JvmProcess JVM =
      new JvmProcess(
          4711,
          1,
          1000,
          1000,
          "java -jar app.jar",
          0,
          "",
          JvmOptions.of(List.of(), Map.of()),
          Path.of("/proc"));

  @Test
  void aSharedVolumeIsNamedOnceForEachSide() {
    DumpFiles files = DumpFiles.sharedVolume(Path.of("/heapcapture/dumps"), Path.of("/dumps"));

    assertThat(files.asTargetSeesIt("hc-1")).isEqualTo(Path.of("/dumps/hc-1.hprof"));
    assertThat(files.asSidecarSeesIt("hc-1", JVM))
        .isEqualTo(Path.of("/heapcapture/dumps/hc-1.hprof"));
  }

  @Test
  void insideTheTargetTheSidecarGoesThroughTheJvmsRoot() {
    DumpFiles files = DumpFiles.insideTarget(Path.of("/tmp"));

    assertThat(files.asTargetSeesIt("hc-1")).isEqualTo(Path.of("/tmp/hc-1.hprof"));
    assertThat(files.asSidecarSeesIt("hc-1", JVM))
        .isEqualTo(Path.of("/proc/4711/root/tmp/hc-1.hprof"));
  }
}
