package io.heapcapture.sidecar.attach;

import static io.heapcapture.sidecar.testing.FakeProc.FIRST_PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol against a fake listener; {@link AttachClientRealJvmTest} does it for real. */
class AttachClientTest {
  static final long NS_PID = 7;

  @TempDir Path proc;
  final ExecutorService threads = Executors.newCachedThreadPool();
  final AttachClient client = new AttachClient(Duration.ofMillis(300));
  ServerSocketChannel server;

  @BeforeEach
  void createRoot() throws IOException {
    Files.createDirectories(proc.resolve(FIRST_PID + "/root/tmp"));
    Files.createDirectories(proc.resolve(FIRST_PID + "/cwd"));
  }

  @AfterEach
  void stop() throws IOException {
    threads.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  JvmProcess jvm(long sigCgt, String... options) {
    return new JvmProcess(
        FIRST_PID,
        NS_PID,
        0,
        0,
        "java Main",
        sigCgt,
        "0::/",
        new JvmOptions(List.of(options)),
        proc);
  }

  /** A listener that answers every request with {@code answer} after {@code delay}. */
  List<byte[]> listen(String answer, Duration delay, AtomicInteger maxConcurrent)
      throws IOException {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(proc.resolve(FIRST_PID + "/root/tmp/.java_pid7")));
    List<byte[]> requests = new CopyOnWriteArrayList<>();
    AtomicInteger active = new AtomicInteger();
    threads.submit(
        () -> {
          while (true) {
            SocketChannel peer = server.accept();
            threads.submit(
                () -> {
                  maxConcurrent.accumulateAndGet(active.incrementAndGet(), Math::max);
                  try (peer) {
                    requests.add(readRequest(peer));
                    Thread.sleep(delay.toMillis());
                    // Done before the answer ends (at close): the client may only move on after
                    // that, and its next request must not be counted as overlapping this one.
                    active.decrementAndGet();
                    peer.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                  }
                  return null;
                });
          }
        });
    return requests;
  }

  // The request ends with the third NUL after the command line: five NULs in all.
  static byte[] readRequest(SocketChannel peer) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    int nuls = 0;
    while (nuls < 5 && peer.read(one) > 0) {
      request.write(one.get(0));
      nuls += one.get(0) == 0 ? 1 : 0;
      one.clear();
    }
    return request.toByteArray();
  }

  @Test
  void sendsProtocolVersionOneJcmdRequestAndSplitsTheAnswer() throws Exception {
    List<byte[]> requests = listen("0\nline one\nline two\n", Duration.ZERO, new AtomicInteger());

    AttachResponse response =
        client.execute(jvm(0), "GC.heap_dump -all /d/x.hprof", Duration.ofSeconds(5));

    assertThat(new String(requests.get(0), StandardCharsets.UTF_8))
        .isEqualTo("1\0jcmd\0GC.heap_dump -all /d/x.hprof\0\0\0");
    assertThat(response).isEqualTo(new AttachResponse(0, "line one\nline two\n"));
    assertThat(response.ok()).isTrue();
  }

  @Test
  void nonZeroCodeIsNotOk() throws Exception {
    listen(
        "-1\njava.lang.IllegalArgumentException: Unknown diagnostic command\n",
        Duration.ZERO,
        new AtomicInteger());

    AttachResponse response = client.execute(jvm(0), "No.such", Duration.ofSeconds(5));

    assertThat(response.code()).isEqualTo(-1);
    assertThat(response.ok()).isFalse();
  }

  @Test
  void silentListenerTimesOut() throws Exception {
    listen("0\n", Duration.ofSeconds(30), new AtomicInteger());
    long start = System.nanoTime();

    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> client.execute(jvm(0), "help", Duration.ofMillis(200)));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_FAILED);
    assertThat(e.getMessage()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void commandsToOneJvmRunOneAtATime() throws Exception {
    AtomicInteger maxConcurrent = new AtomicInteger();
    listen("0\nok\n", Duration.ofMillis(150), maxConcurrent);

    List<Future<AttachResponse>> answers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(threads.submit(() -> client.execute(jvm(0), "help", Duration.ofSeconds(5))));
    }
    for (Future<AttachResponse> answer : answers) {
      assertThat(answer.get().ok()).isTrue();
    }

    assertThat(maxConcurrent).hasValue(1);
  }

  @Test
  void emptyAnswerPointsAtUidAndGid() {
    CaptureException e = catchThrowableOfType(CaptureException.class, () -> AttachClient.parse(""));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_FAILED);
    assertThat(e.getMessage()).contains("uid and gid");
  }

  @Test
  void answerWithoutResultCodeIsAnAttachFailure() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> AttachClient.parse("HTTP/1.1 400 Bad Request\n"));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_FAILED);
  }

  @Test
  void disabledAttachFailsBeforeTouchingTheJvm() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class,
            () ->
                client.execute(
                    jvm(4, "-XX:+DisableAttachMechanism"), "help", Duration.ofSeconds(1)));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_DISABLED);
    assertThat(proc.resolve(FIRST_PID + "/cwd/.attach_pid7")).doesNotExist();
  }

  @Test
  void withoutSocketAProcessThatIgnoresSigquitIsNotSignalled() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class, () -> client.execute(jvm(0), "help", Duration.ofSeconds(1)));

    assertThat(e.reason()).isEqualTo(FailureReason.ATTACH_FAILED);
    assertThat(e.getMessage()).contains("SIGQUIT");
    assertThat(proc.resolve(FIRST_PID + "/cwd/.attach_pid7")).doesNotExist();
  }

  @Test
  void tooLongCommandLineIsRefused() {
    CaptureException e =
        catchThrowableOfType(
            CaptureException.class,
            () -> client.execute(jvm(0), "x".repeat(1025), Duration.ofSeconds(1)));

    assertThat(e.reason()).isEqualTo(FailureReason.BAD_REQUEST);
  }
}
