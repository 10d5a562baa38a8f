package io.heapcapture.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {
  @Test
  void readsTheSignalAndFolderFromTheCommandLineInBothSpellings() {
    NodeOptions options =
        NodeOptions.of(
            List.of(
                "/usr/bin/node",
                "--heapsnapshot-signal",
                "SIGUSR2",
                "--diagnostic-dir=/dumps",
                "server.js"),
            Map.of());

    assertThat(options.heapSnapshotSignal()).contains("SIGUSR2");
    assertThat(options.diagnosticDir()).contains("/dumps");
  }

  @Test
  void readsNodeOptionsWithQuotedValues() {
    NodeOptions options =
        NodeOptions.of(
            List.of("node", "server.js"),
            Map.of(
                "NODE_OPTIONS",
                "  --max-old-space-size=512 --heapsnapshot-signal=SIGUSR2"
                    + " --diagnostic-dir=\"/var/dumps/my \\\"app\\\"\" "));

    assertThat(options.heapSnapshotSignal()).contains("SIGUSR2");
    assertThat(options.diagnosticDir()).contains("/var/dumps/my \"app\"");
  }

  @Test
  void theCommandLineOverridesNodeOptions() {
    NodeOptions options =
        NodeOptions.of(
            List.of("node", "--diagnostic-dir=/cli", "app.js"),
            Map.of("NODE_OPTIONS", "--diagnostic-dir=/env"));

    assertThat(options.diagnosticDir()).contains("/cli");
  }

  @Test
  void absentOrEmptyOptionsAreEmpty() {
    NodeOptions options =
        NodeOptions.of(List.of("node", "--diagnostic-dir=", "app.js"), Map.of("OTHER", "x"));

    assertThat(options.heapSnapshotSignal()).isEmpty();
    assertThat(options.diagnosticDir()).isEmpty();
    assertThat(NodeOptions.split(null)).isEmpty();
    assertThat(NodeOptions.split("   ")).isEmpty();
  }

  @Test
  void argvZeroIsNotAnOption() {
    assertThat(NodeOptions.of(List.of("--diagnostic-dir=/x"), Map.of()).tokens()).isEmpty();
  }
}
