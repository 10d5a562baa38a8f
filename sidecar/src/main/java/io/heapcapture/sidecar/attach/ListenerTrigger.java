package io.heapcapture.sidecar.attach;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.process.JvmProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Makes a running JVM open its attach socket: trigger file, SIGQUIT, wait for the socket. */
final class ListenerTrigger {
  private static final long FIRST_POLL_MILLIS = 20;
  private static final long MAX_POLL_MILLIS = 500;

  private final Duration listenerWait;

  ListenerTrigger(Duration listenerWait) {
    this.listenerWait = listenerWait;
  }

  // The JVM starts its listener on SIGQUIT only when it finds the trigger file; without the file
  // it prints a thread dump instead. (A JVM with -Xrs handles no SIGQUIT, but opens its listener
  // at start-up instead, so it never gets here.)
  void startListener(JvmProcess jvm, Path socket) throws CaptureException {
    if (!jvm.catchesSigquit()) {
      throw new CaptureException(
          FailureReason.ATTACH_FAILED,
          "JVM "
              + jvm.pid()
              + " has no attach socket and does not handle SIGQUIT (still starting, or its"
              + " socket file was deleted); signalling it would kill it or do nothing");
    }
    Path trigger = createTrigger(jvm);
    try {
      sendSigquit(jvm.pid());
      awaitSocket(jvm, socket);
    } finally {
      AttachClient.deleteQuietly(trigger);
    }
  }

  private static Path createTrigger(JvmProcess jvm) throws CaptureException {
    String name = ".attach_pid" + jvm.nsPid();
    IOException first = null;
    // The JVM looks in its working directory first, then in /tmp.
    for (Path dir : new Path[] {jvm.cwd(), jvm.root().resolve("tmp")}) {
      Path trigger = dir.resolve(name);
      try {
        Files.deleteIfExists(trigger); // the JVM accepts only a file owned by its own euid
        return Files.createFile(trigger);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    throw new CaptureException(
        FailureReason.ATTACH_FAILED,
        "cannot create the attach trigger file of JVM "
            + jvm.pid()
            + " in its working directory or /tmp: "
            + first.getMessage(),
        first);
  }

  // Java 17 cannot send SIGQUIT itself (ProcessHandle only terminates or kills).
  private static void sendSigquit(long pid) throws CaptureException {
    try {
      Process kill =
          new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new CaptureException(FailureReason.ATTACH_FAILED, "kill -QUIT " + pid + " hung");
      }
      if (kill.exitValue() != 0) {
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new CaptureException(
            FailureReason.ATTACH_FAILED,
            "kill -QUIT " + pid + " failed: " + output.strip().lines().findFirst().orElse(""));
      }
    } catch (IOException e) {
      throw new CaptureException(
          FailureReason.ATTACH_FAILED,
          "cannot run the kill program to signal JVM " + pid + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      throw AttachClient.interrupted(e);
    }
  }

  private void awaitSocket(JvmProcess jvm, Path socket) throws CaptureException {
    long deadline = System.nanoTime() + listenerWait.toNanos();
    long pause = FIRST_POLL_MILLIS;
    while (!Files.exists(socket)) {
      if (!Files.exists(jvm.root().getParent())) {
        throw new CaptureException(
            FailureReason.ATTACH_FAILED, "JVM " + jvm.pid() + " exited while attaching");
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new CaptureException(
            FailureReason.ATTACH_FAILED,
            "JVM "
                + jvm.pid()
                + " did not open its attach socket within "
                + listenerWait.toMillis()
                + " ms of SIGQUIT; is it a HotSpot JVM?");
      }
      try {
        Thread.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        throw AttachClient.interrupted(e);
      }
      pause = Math.min(pause * 2, MAX_POLL_MILLIS);
    }
  }
}
