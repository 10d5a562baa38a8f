package io.heapcapture.sidecar.process;

import static io.heapcapture.sidecar.testing.FakeProc.FIRST_PID;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.sidecar.testing.FakeProc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node.js processes in a fake {@code /proc}: recognition, SigCgt and the snapshot folder. */
class NodeProcessTest {
  // SigCgt of node 20 with and without --heapsnapshot-signal=SIGUSR2, read on this machine.
  static final String WITH_HANDLER = "0000000100004e02";
  static final String WITHOUT_HANDLER = "0000000100004602";

  @TempDir Path dir;
  FakeProc proc;
  ProcessTable table;

  @BeforeEach
  void setUp() {
    proc = new FakeProc(dir);
    table = new ProcessTable(dir);
  }

  @Test
  void sigCgtBitTwelveIsSigusr2() {
    assertThat(NodeProcess.catches(Long.parseUnsignedLong(WITH_HANDLER, 16), 12)).isTrue();
    assertThat(NodeProcess.catches(Long.parseUnsignedLong(WITHOUT_HANDLER, 16), 12)).isFalse();
    assertThat(NodeProcess.catches(1L << 11, 12)).isTrue();
    assertThat(NodeProcess.catches(1L << 12, 12)).isFalse(); // that is 13, SIGPIPE
  }

  @Test
  void readsANodeProcessAndItsSignalHandler() {
    proc.process(FIRST_PID)
        .status(FakeProc.statusText(FIRST_PID, 1, 1000, 1000, WITH_HANDLER))
        .comm("node")
        .argv("node", "--heapsnapshot-signal=SIGUSR2", "server.js")
        .cgroup("0::/kubepods/pod1/cri-containerd-abc\n");

    NodeProcess node = table.nodeByPid(FIRST_PID).orElseThrow();

    assertThat(node.nsPid()).isEqualTo(1);
    assertThat(node.commandLine()).isEqualTo("node --heapsnapshot-signal=SIGUSR2 server.js");
    assertThat(node.catchesSigusr2()).isTrue();
    assertThat(node.snapshotsOnSigusr2()).isTrue();
    assertThat(table.byPid(FIRST_PID)).isEmpty(); // not a JVM
    assertThat(table.nodes()).containsExactly(node);
  }

  @Test
  void recognisesNodeByItsExecutableWhenTheTitleHidesIt() throws IOException {
    // process.title rewrites argv and comm; /proc/<pid>/exe still names the binary.
    proc.process(FIRST_PID).comm("orders-api").argv("orders-api");
    Files.createSymbolicLink(dir.resolve(FIRST_PID + "/exe"), Path.of("/usr/local/bin/node"));
    proc.process(FIRST_PID + 1).comm("sleep").argv("/bin/sleep", "60");

    assertThat(table.nodes()).extracting(NodeProcess::pid).containsExactly(FIRST_PID);
  }

  @Test
  void javaIsNotNode() {
    proc.process(FIRST_PID); // the fake's default is a JVM

    assertThat(table.nodes()).isEmpty();
    assertThat(table.jvms()).hasSize(1);
  }

  @Test
  void snapshotsGoToTheWorkingDirectoryOrTheDiagnosticDir() {
    Path procRoot = Path.of("/proc");

    assertThat(node(procRoot, List.of("node", "app.js")).snapshotDir())
        .isEqualTo(Path.of("/proc/7/cwd"));
    assertThat(node(procRoot, List.of("node", "--diagnostic-dir=/dumps", "app.js")).snapshotDir())
        .isEqualTo(Path.of("/proc/7/root/dumps"));
    assertThat(node(procRoot, List.of("node", "--diagnostic-dir", "out", "app.js")).snapshotDir())
        .isEqualTo(Path.of("/proc/7/cwd/out"));
  }

  @Test
  void anotherSnapshotSignalIsNotOurs() {
    NodeProcess node =
        node(Path.of("/proc"), List.of("node", "--heapsnapshot-signal=SIGUSR1", "app.js"));

    assertThat(node.snapshotsOnSigusr2()).isFalse();
  }

  static NodeProcess node(Path procRoot, List<String> argv) {
    return new NodeProcess(
        7, 7, 1000, 1000, String.join(" ", argv), 0, "", NodeOptions.of(argv, Map.of()), procRoot);
  }
}
