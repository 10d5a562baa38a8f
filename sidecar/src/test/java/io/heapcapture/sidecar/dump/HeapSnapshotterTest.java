package io.heapcapture.sidecar.dump;

import static io.heapcapture.sidecar.testing.FakeProc.FIRST_PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.process.KillProgram;
import io.heapcapture.sidecar.process.NodeProcess;
import io.heapcapture.sidecar.process.ProcessTable;
import io.heapcapture.sidecar.testing.FakeProc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusals before the signal, on a fake {@code /proc}. The kill program does not exist: a test
 * that got as far as signalling would fail with "cannot run".
 */
class HeapSnapshotterTest {
  static final String WITH_HANDLER = "0000000100004e02";
  static final String WITHOUT_HANDLER = "0000000100004602";

  @TempDir Path procRoot;
  @TempDir Path dumps;
  FakeProc proc;
  final HeapSnapshotter snapshotter =
      new HeapSnapshotter(
          new KillProgram("/nonexistent/kill"), Duration.ofSeconds(1), Duration.ofSeconds(1));

  @BeforeEach
  void setUp() {
    proc = new FakeProc(procRoot);
  }

  @Test
  void refusesAProcessThatDoesNotHandleSigusr2() {
    NodeProcess node = node(WITHOUT_HANDLER, "node", "--heapsnapshot-signal=SIGUSR2", "app.js");

    CaptureException e = refusal(node);

    assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
    assertThat(e.getMessage())
        .isEqualTo(
            "process "
                + FIRST_PID
                + " does not handle SIGUSR2 (start node with --heapsnapshot-signal=SIGUSR2);"
                + " signalling it would kill it");
  }

  @Test
  void refusesAProcessThatHandlesSigusr2ForItsOwnPurpose() {
    NodeProcess node = node(WITH_HANDLER, "node", "app.js");

    assertThat(refusal(node).getMessage())
        .contains("neither its command line nor NODE_OPTIONS has --heapsnapshot-signal=SIGUSR2");
  }

  @Test
  void refusesWhenNodeCouldNotCreateTheFile() {
    // Node's handler throws when it cannot create the snapshot, and the process exits.
    NodeProcess node =
        node(
            WITH_HANDLER,
            "node",
            "--heapsnapshot-signal=SIGUSR2",
            "--diagnostic-dir=/missing",
            "app.js");

    assertThat(refusal(node).getMessage())
        .contains("cannot write a heap snapshot into --diagnostic-dir /missing")
        .contains("start node with --diagnostic-dir=<the dump volume>");
  }

  @Test
  void refusesWhenTheFolderHasLessRoomThanTheProcessesMemory() {
    NodeProcess node =
        nodeWithStatus(
            "VmRSS:\t  9999999999 kB\n",
            WITH_HANDLER,
            "node",
            "--heapsnapshot-signal=SIGUSR2",
            "app.js");

    CaptureException e = refusal(node);

    assertThat(e.reason()).isEqualTo(FailureReason.INSUFFICIENT_DISK);
    assertThat(e.getMessage()).contains("its working directory of process " + FIRST_PID);
  }

  @Test
  void passesTheChecksAndThenSignals() {
    NodeProcess node = node(WITH_HANDLER, "node", "--heapsnapshot-signal=SIGUSR2", "app.js");

    assertThat(refusal(node).getMessage()).startsWith("cannot run /nonexistent/kill");
  }

  @Test
  void neverOverwritesAnExistingCaptureFile() throws Exception {
    NodeProcess node = node(WITH_HANDLER, "node", "--heapsnapshot-signal=SIGUSR2", "app.js");
    Files.writeString(dumps.resolve("c1.hprof"), "an OOM dump waiting for upload");

    assertThat(refusal(node).getMessage()).contains("exists already");
    assertThat(dumps.resolve("c1.hprof")).hasContent("an OOM dump waiting for upload");
  }

  @Test
  void readsTheResidentSize() {
    NodeProcess node = nodeWithStatus("VmRSS:\t   51200 kB\n", "0", "node", "app.js");

    assertThat(HeapSnapshotter.residentBytes(node)).hasValue(51200 * 1024);
  }

  private NodeProcess node(String sigCgt, String... argv) {
    return nodeWithStatus("", sigCgt, argv);
  }

  private NodeProcess nodeWithStatus(String moreStatus, String sigCgt, String... argv) {
    proc.process(FIRST_PID)
        .comm("node")
        .argv(argv)
        .status(FakeProc.statusText(FIRST_PID, FIRST_PID, 1000, 1000, sigCgt) + moreStatus);
    return new ProcessTable(procRoot).nodeByPid(FIRST_PID).orElseThrow();
  }

  private CaptureException refusal(NodeProcess node) {
    return catchThrowableOfType(
        CaptureException.class,
        () -> snapshotter.snapshot(node, node.snapshotDir(), dumps.resolve("c1.hprof")));
  }
}
