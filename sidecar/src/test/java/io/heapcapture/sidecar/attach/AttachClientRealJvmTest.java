package io.heapcapture.sidecar.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.ProcessTable;
import io.heapcapture.sidecar.testing.ChildJvm;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attaching to real child JVMs, through both ways a listener comes to exist. */
class AttachClientRealJvmTest {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final List<ChildJvm> children = new ArrayList<>();
  final ProcessTable table = new ProcessTable();
  final AttachClient client = new AttachClient();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (ChildJvm child : children) {
      child.close();
    }
  }

  JvmProcess start(List<String> options, Map<String, String> environment) throws IOException {
    ChildJvm child = ChildJvm.start(options, environment);
    children.add(child);
    return table.byPid(child.pid()).orElseThrow();
  }

  JvmProcess start(String... options) throws IOException {
    return start(List.of(options), Map.of());
  }

  static Path socket(JvmProcess jvm) {
    return jvm.root().resolve("tmp/.java_pid" + jvm.nsPid());
  }

  @Test
  void startsTheListenerWithTriggerFileAndSigquit() throws Exception {
    JvmProcess jvm = start();
    assertThat(socket(jvm)).doesNotExist();

    AttachResponse response = client.execute(jvm, "help GC.heap_dump", TIMEOUT);

    assertThat(response.ok()).isTrue();
    assertThat(response.output()).contains("Syntax : GC.heap_dump", "-all");
    assertThat(socket(jvm)).exists();
    assertThat(jvm.cwd().resolve(".attach_pid" + jvm.nsPid())).doesNotExist();
    assertThat(jvm.root().resolve("tmp/.attach_pid" + jvm.nsPid())).doesNotExist();
    // A second command reuses the listener.
    assertThat(client.execute(jvm, "VM.version", TIMEOUT).output()).contains("JDK");
    assertThat(children.get(0).isAlive()).isTrue();
  }

  @Test
  void usesTheSocketOfAListenerStartedAtStartUp() throws Exception {
    JvmProcess jvm = start("-XX:+StartAttachListener");
    assertThat(jvm.startsAttachListener()).isTrue();
    assertThat(socket(jvm)).exists();

    AttachResponse response = client.execute(jvm, "VM.uptime", TIMEOUT);

    assertThat(response.ok()).isTrue();
    assertThat(response.output()).containsPattern("\\d+\\.\\d+ s");
  }

  @Test
  void replacesAStaleSocketThatNobodyListensOn() throws Exception {
    JvmProcess jvm = start();
    try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stale.bind(UnixDomainSocketAddress.of(socket(jvm)));
    }
    assertThat(socket(jvm)).exists();

    AttachResponse response = client.execute(jvm, "VM.version", TIMEOUT);

    assertThat(response.ok()).isTrue();
  }

  @Test
  void disabledAttachMechanismIsReportedAsSuch() throws Exception {
    JvmProcess jvm = start("-XX:+DisableAttachMechanism");

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> client.execute(jvm, "VM.version", TIMEOUT));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_DISABLED);
    assertThat(e.getMessage()).contains("-XX:+DisableAttachMechanism");
  }

  @Test
  void disabledAttachMechanismIsFoundInJavaToolOptions() throws Exception {
    JvmProcess jvm = start(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-XX:+DisableAttachMechanism"));

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> client.execute(jvm, "VM.version", TIMEOUT));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_DISABLED);
  }

  @Test
  void jvmThatDoesNotHandleSigquitListensFromStartUp() throws Exception {
    JvmProcess jvm = start("-Xrs");
    assertThat(jvm.catchesSigquit()).isFalse();
    assertThat(socket(jvm)).exists();

    AttachResponse response = client.execute(jvm, "VM.version", TIMEOUT);

    assertThat(response.ok()).isTrue();
    assertThat(children.get(0).isAlive()).isTrue();
  }

  @Test
  void giveUpWhenTheListenerDoesNotAppear() throws Exception {
    // The JVM catches SIGQUIT but has no attach listener to start: it only prints a thread dump.
    JvmProcess real = start("-XX:+DisableAttachMechanism");
    JvmProcess unaware =
        new JvmProcess(
            real.pid(),
            real.nsPid(),
            real.uid(),
            real.gid(),
            real.commandLine(),
            real.sigCgt(),
            real.cgroup(),
            new JvmOptions(List.of()),
            real.procRoot());
    AttachClient impatient = new AttachClient(Duration.ofMillis(500));

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> impatient.execute(unaware, "VM.version", TIMEOUT));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_FAILED);
    assertThat(e.getMessage()).contains("did not open its attach socket");
    assertThat(Files.exists(real.cwd().resolve(".attach_pid" + real.nsPid()))).isFalse();
  }
}
