package io.heapcapture.sidecar.process;

import static io.heapcapture.sidecar.testing.FakeProc.FIRST_PID;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.sidecar.testing.FakeProc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {
  @TempDir Path dir;
  FakeProc proc;
  ProcessTable table;

  @BeforeEach
  void setUp() {
    proc = new FakeProc(dir);
    table = new ProcessTable(dir);
  }

  @Test
  void readsIdentityFromStatusCmdlineAndCgroup() {
    proc.process(FIRST_PID)
        .status(FakeProc.statusText(FIRST_PID, 7, 1001, 2002, "2000000101005ccd"))
        .argv("/opt/jdk/bin/java", "-Xmx1g", "-jar", "app.jar")
        .cgroup("0::/kubepods/pod1/cri-containerd-abc123\n");

    JvmProcess jvm = table.byPid(FIRST_PID).orElseThrow();

    assertThat(jvm.pid()).isEqualTo(FIRST_PID);
    assertThat(jvm.nsPid()).isEqualTo(7);
    assertThat(jvm.uid()).isEqualTo(1001);
    assertThat(jvm.gid()).isEqualTo(2002);
    assertThat(jvm.sigCgt()).isEqualTo(0x2000000101005ccdL);
    assertThat(jvm.commandLine()).isEqualTo("/opt/jdk/bin/java -Xmx1g -jar app.jar");
    assertThat(jvm.cgroup()).isEqualTo("0::/kubepods/pod1/cri-containerd-abc123");
    assertThat(jvm.root()).isEqualTo(dir.resolve(FIRST_PID + "/root"));
    assertThat(jvm.cwd()).isEqualTo(dir.resolve(FIRST_PID + "/cwd"));
  }

  @Test
  void nsPidIsThePidWhenThereIsNoNestedNamespace() {
    proc.process(FIRST_PID).status(FakeProc.statusText(FIRST_PID, FIRST_PID, 1, 1, "4"));
    proc.process(FIRST_PID + 1)
        .status(
            FakeProc.statusText(FIRST_PID + 1, FIRST_PID + 1, 1, 1, "4")
                .replaceAll("NSpid:.*\n", ""));

    assertThat(table.byPid(FIRST_PID).orElseThrow().nsPid()).isEqualTo(FIRST_PID);
    assertThat(table.byPid(FIRST_PID + 1).orElseThrow().nsPid()).isEqualTo(FIRST_PID + 1);
  }

  @Test
  void sigquitIsBitThreeOfSigCgt() {
    proc.process(FIRST_PID).status(FakeProc.statusText(FIRST_PID, 1, 1, 1, "0000000000000004"));
    proc.process(FIRST_PID + 1)
        .status(FakeProc.statusText(FIRST_PID + 1, 1, 1, 1, "fffffffffffffffb"));

    assertThat(table.byPid(FIRST_PID).orElseThrow().catchesSigquit()).isTrue();
    assertThat(table.byPid(FIRST_PID + 1).orElseThrow().catchesSigquit()).isFalse();
  }

  @Test
  void recognisesJvmsByCommArgv0OrPerfData() {
    proc.process(FIRST_PID).comm("java").argv("./launcher");
    proc.process(FIRST_PID + 1).comm("main").argv("/usr/lib/jvm/bin/java", "Main");
    proc.process(FIRST_PID + 2)
        .comm("appserver")
        .argv("/opt/app/bin/appserver")
        .status(FakeProc.statusText(FIRST_PID + 2, 42, 1, 1, "4"))
        .file("root/tmp/hsperfdata_app/42", "");
    proc.process(FIRST_PID + 3).comm("nginx").argv("nginx: master process");
    proc.process(FIRST_PID + 4)
        .comm("python")
        .argv("python3")
        .file("root/tmp/hsperfdata_app/99", ""); // another process's perf data

    assertThat(table.jvms())
        .extracting(JvmProcess::pid)
        .containsExactly(FIRST_PID, FIRST_PID + 1, FIRST_PID + 2);
  }

  @Test
  void skipsKernelThreadsVanishedProcessesAndOtherEntries() throws IOException {
    proc.process(FIRST_PID);
    proc.process(FIRST_PID + 1).file("cmdline", ""); // kernel thread: empty cmdline
    proc.process(FIRST_PID + 2).delete("status"); // exited between two reads
    Files.createDirectories(dir.resolve("sys"));
    Files.writeString(dir.resolve("uptime"), "1 1");

    assertThat(table.jvms()).extracting(JvmProcess::pid).containsExactly(FIRST_PID);
    assertThat(table.byPid(FIRST_PID + 9)).isEmpty();
  }

  @Test
  void readsAttachFlagsFromEnvironmentAndCommandLine() {
    proc.process(FIRST_PID)
        .environ("HOME=/", "JAVA_TOOL_OPTIONS=-Xmx1g -XX:+DisableAttachMechanism");
    proc.process(FIRST_PID + 1)
        .environ("JAVA_TOOL_OPTIONS=-XX:+DisableAttachMechanism")
        .argv("java", "-XX:-DisableAttachMechanism", "-XX:+StartAttachListener", "Main");
    proc.process(FIRST_PID + 2)
        .environ("_JAVA_OPTIONS=-XX:+DisableAttachMechanism")
        .argv("java", "-XX:-DisableAttachMechanism", "Main");

    assertThat(table.byPid(FIRST_PID).orElseThrow().attachDisabled()).isTrue();
    JvmProcess overridden = table.byPid(FIRST_PID + 1).orElseThrow();
    assertThat(overridden.attachDisabled()).isFalse();
    assertThat(overridden.startsAttachListener()).isTrue();
    assertThat(table.byPid(FIRST_PID + 2).orElseThrow().attachDisabled()).isTrue();
  }

  @Test
  void unreadableEnvironmentMeansNoEnvironmentOptions() {
    proc.process(FIRST_PID).delete("environ");

    JvmProcess jvm = table.byPid(FIRST_PID).orElseThrow();

    assertThat(jvm.attachDisabled()).isFalse();
    assertThat(jvm.options().tokens()).containsExactly("-jar", "app.jar");
  }
}
