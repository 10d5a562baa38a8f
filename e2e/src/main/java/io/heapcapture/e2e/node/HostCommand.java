package io.heapcapture.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short command on the host (ip, iptables, umount, openssl, ctr), run to its end. */
final class HostCommand {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private HostCommand() {}

  /** What a command printed and how it ended. */
  record Result(List<String> command, int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }

    /** The output, or an exception naming the command and what it printed. */
    String orThrow() {
      if (!succeeded()) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed with exit code "
                + exitCode
                + ": "
                + output.strip());
      }
      return output;
    }
  }

  /** Runs {@code command} with stdout and stderr merged; {@code stdin} may be null. */
  static Result run(String stdin, List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("heapcapture-node-", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      if (stdin == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      }
      Process process = builder.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", command) + " hung for " + TIMEOUT);
      }
      return new Result(
          List.copyOf(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left in /tmp is harmless
        }
      }
    }
  }

  static Result run(String... command) {
    return run(null, List.of(command));
  }
}
