package io.heapcapture.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@code /proc} of this machine, where a child JVM runs among unrelated processes. */
class ProcessTableRealJvmTest {
  final ProcessTable table = new ProcessTable();
  ChildJvm child;

  @BeforeEach
  void startChild() throws Exception {
    child = ChildJvm.start(List.of("-XX:+StartAttachListener"));
  }

  @AfterEach
  void stopChild() throws InterruptedException {
    child.close();
  }

  @Test
  void readsARealJvm() {
    JvmProcess jvm = table.byPid(child.pid()).orElseThrow();

    assertThat(jvm.nsPid()).isEqualTo(child.pid()); // no nested pid namespace here
    assertThat(jvm.commandLine()).contains("IdleJvm", child.marker());
    assertThat(jvm.catchesSigquit()).isTrue();
    assertThat(jvm.startsAttachListener()).isTrue();
    assertThat(jvm.attachDisabled()).isFalse();
    assertThat(jvm.root().resolve("tmp")).isDirectory();
  }

  @Test
  void listsJvmsButNotItself() {
    List<Long> pids = table.jvms().stream().map(JvmProcess::pid).toList();

    assertThat(pids).contains(child.pid()).doesNotContain(ProcessHandle.current().pid());
  }

  @Test
  void selectsTheChildByPattern() throws CaptureException {
    JvmSelector selector = new JvmSelector(table);

    assertThat(selector.select(child.marker(), null).pid()).isEqualTo(child.pid());
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> selector.select("no-such-" + child.marker(), null));
    assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
  }

  @Test
  void doesNotTakeOtherProcessesForJvms() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(table.byPid(sleep.pid())).isEmpty();
      assertThat(table.jvms()).extracting(JvmProcess::pid).doesNotContain(sleep.pid());
    } finally {
      sleep.destroyForcibly().waitFor();
    }
  }
}
