package io.heapcapture.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSelectorTest {
  static NodeProcess node(long pid, String commandLine, String cgroup) {
    return new NodeProcess(
        pid,
        pid,
        1000,
        1000,
        commandLine,
        1L << 11,
        cgroup,
        NodeOptions.of(List.of(commandLine.split(" ")), Map.of()),
        Path.of("/proc"));
  }

  final NodeProcess api = node(10, "node server.js", "0::/kubepods/pod1/cri-containerd-aaa");
  final NodeProcess worker = node(20, "node worker.js", "0::/kubepods/pod1/cri-containerd-bbb");

  @Test
  void choosesByPatternAndContainerAsForJvms() throws CaptureException {
    assertThat(NodeSelector.choose(List.of(api), null, null)).isEqualTo(api);
    assertThat(NodeSelector.choose(List.of(api, worker), "worker", null)).isEqualTo(worker);
    assertThat(NodeSelector.choose(List.of(api, worker), null, "aaa")).isEqualTo(api);
  }

  @Test
  void noNodeProcessSaysSo() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> NodeSelector.choose(List.of(), null, null));

    assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
    assertThat(e.getMessage()).startsWith("no Node.js process is visible");
  }

  @Test
  void severalNodeProcessesNameTheFieldToSet() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> NodeSelector.choose(List.of(api, worker), "node", null));

    assertThat(e.reason()).isEqualTo(FailureReason.MULTIPLE_JVMS);
    assertThat(e.getMessage())
        .startsWith("2 Node.js processes match: 10 (node server.js), 20 (node worker.js)")
        .endsWith("; set spec.target.process.commandPattern to choose one");
  }

  @Test
  void noMatchNamesThePattern() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> NodeSelector.choose(List.of(api), "billing", null));

    assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "none of the 1 visible Node.js processes has a command line matching the process"
                + " pattern 'billing'");
  }
}
