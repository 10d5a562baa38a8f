package io.heapcapture.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmSelectorTest {
  static JvmProcess jvm(long pid, String commandLine, String cgroup) {
    return new JvmProcess(
        pid, pid, 1000, 1000, commandLine, 4, cgroup, new JvmOptions(List.of()), Path.of("/proc"));
  }

  final JvmProcess app =
      jvm(10, "java -jar /app/orders.jar", "0::/kubepods/pod1/cri-containerd-aaa");
  final JvmProcess agent =
      jvm(20, "java -cp agent.jar Agent", "0::/kubepods/pod1/cri-containerd-bbb");

  @Test
  void takesTheOnlyJvmWithoutCriteria() throws CaptureException {
    assertThat(JvmSelector.choose(List.of(app), null, null)).isEqualTo(app);
  }

  @Test
  void patternNeedsAMatchAnywhereInTheCommandLine() throws CaptureException {
    assertThat(JvmSelector.choose(List.of(app, agent), "orders", null)).isEqualTo(app);
    assertThat(JvmSelector.choose(List.of(app, agent), "Agent$", "")).isEqualTo(agent);
  }

  @Test
  void noMatchIsNoJvmFoundNamingThePattern() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> JvmSelector.choose(List.of(app, agent), "billing", null));

    assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
    assertThat(e.getMessage()).contains("'billing'");
  }

  @Test
  void noJvmAtAllIsNoJvmFound() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> JvmSelector.choose(List.of(), null, null));

    assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
    assertThat(e.getMessage()).contains("shareProcessNamespace");
  }

  @Test
  void severalMatchesAreListedWithAHint() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> JvmSelector.choose(List.of(app, agent), "java", null));

    assertThat(e.reason()).isEqualTo(FailureReason.MULTIPLE_JVMS);
    assertThat(e.getMessage())
        .contains("10 (java -jar /app/orders.jar)", "20 (java -cp agent.jar Agent)")
        .contains("process pattern");
  }

  @Test
  void longCommandLinesAndLongListsAreShortened() {
    List<JvmProcess> many =
        List.of(
            jvm(1, "java " + "x".repeat(500), ""),
            jvm(2, "java", ""),
            jvm(3, "java", ""),
            jvm(4, "java", ""),
            jvm(5, "java", ""),
            jvm(6, "java", ""),
            jvm(7, "java", ""));

    CaptureException e =
        catchThrowableOfType(CaptureException.class, () -> JvmSelector.choose(many, null, null));

    assertThat(e.getMessage()).hasSizeLessThan(300).contains("...)", "and 2 more");
  }

  @Test
  void containerIdKeepsThatContainersJvms() throws CaptureException {
    assertThat(JvmSelector.choose(List.of(app, agent), null, "bbb")).isEqualTo(agent);
  }

  @Test
  void containerIdThatNoCgroupShowsIsIgnored() throws CaptureException {
    JvmProcess namespaced = jvm(30, "java -jar app.jar", "0::/");

    assertThat(JvmSelector.choose(List.of(namespaced), null, "ccc")).isEqualTo(namespaced);
  }

  @Test
  void invalidPatternIsABadRequest() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> JvmSelector.choose(List.of(app), "orders(", null));

    assertThat(e.reason()).isEqualTo(FailureReason.BAD_REQUEST);
  }
}
