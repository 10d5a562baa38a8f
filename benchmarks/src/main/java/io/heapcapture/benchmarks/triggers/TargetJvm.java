package io.heapcapture.benchmarks.triggers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A {@link SteadyLeak} JVM, with a marker of its own on its command line so that a rule's process
 * pattern picks it and no other JVM on this shared machine.
 */
final class TargetJvm implements AutoCloseable {
  private final Process process;
  private final String marker;

  private TargetJvm(Process process, String marker) {
    this.process = process;
    this.marker = marker;
  }

  /** Starts a JVM of {@code java} with {@code -Xmx<heapMib>m} that keeps {@code kibPerSecond}. */
  static TargetJvm start(Path java, int heapMib, long kibPerSecond) throws IOException {
    String marker = "heapcapture-bench-" + UUID.randomUUID();
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx" + heapMib + "m",
                    "-XX:+UseG1GC",
                    "-Dheapcapture.bench=" + marker,
                    "-cp",
                    ownClasses(),
                    SteadyLeak.class.getName(),
                    Long.toString(kibPerSecond)))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    TargetJvm target = new TargetJvm(process, marker);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      target.close();
      throw new IOException("the target JVM did not start: " + line);
    }
    return target;
  }

  private static String ownClasses() {
    try {
      return Path.of(SteadyLeak.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** A regular expression that matches this JVM's command line only. */
  String pattern() {
    return marker;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
