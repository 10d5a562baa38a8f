package io.heapcapture.sidecar.process;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sends a signal through a {@code kill} program: Java 17 cannot send arbitrary signals
 * (ProcessHandle only terminates or kills). The sidecar image ships a static one, since its base
 * has no shell and no procps.
 */
public final class KillProgram {
  /** Where the sidecar image has its static {@code kill} (dev/images/cmd/kill). */
  public static final Path IMAGE_PATH = Path.of("/usr/bin/kill");

  private static final long TIMEOUT_SECONDS = 5;

  private final String program;

  /** The program at {@code program}: a path, or a name looked up on PATH. */
  public KillProgram(String program) {
    this.program = program;
  }

  /** The image's program; {@code kill} from PATH where there is none (a developer's machine). */
  public static KillProgram standard() {
    return new KillProgram(Files.isExecutable(IMAGE_PATH) ? IMAGE_PATH.toString() : "kill");
  }

  /** Sends {@code signal} (a name without SIG, such as USR2) to {@code pid}. */
  public void send(String signal, long pid, FailureReason onFailure) throws CaptureException {
    String what = "kill -" + signal + " " + pid;
    try {
      Process kill =
          new ProcessBuilder(program, "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new CaptureException(onFailure, what + " hung");
      }
      if (kill.exitValue() != 0) {
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new CaptureException(
            onFailure, what + " failed: " + output.strip().lines().findFirst().orElse(""));
      }
    } catch (IOException e) {
      throw new CaptureException(
          onFailure,
          "cannot run " + program + " to signal process " + pid + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CaptureException(FailureReason.INTERNAL, "interrupted while signalling " + pid, e);
    }
  }
}
