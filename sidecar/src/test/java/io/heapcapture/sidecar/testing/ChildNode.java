package io.heapcapture.sidecar.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Node.js child process running one of the scripts in {@code src/test/node} (whose
 * node_modules the build installs from the committed lock file). The script prints a line starting
 * with "ready" once it serves; Node installs its signal handlers before the script runs.
 */
public final class ChildNode implements AutoCloseable {
  /** The folder of the test scripts; surefire runs in the module's folder. */
  public static final Path SCRIPTS = Path.of("src/test/node").toAbsolutePath();

  private final Process process;
  private final String marker;
  private final String readyLine;

  private ChildNode(Process process, String marker, String readyLine) {
    this.process = process;
    this.marker = marker;
    this.readyLine = readyLine;
  }

  /**
   * Starts {@code node <nodeOptions> <script> <marker>} in {@code workingDir}, with {@code
   * environment} added (NODE_OPTIONS is cleared first), and waits until it is ready.
   */
  public static ChildNode start(
      Path workingDir, List<String> nodeOptions, Map<String, String> environment, String script)
      throws IOException {
    // A unique argument lets tests find exactly this child among all processes on the machine.
    String marker = "child-" + UUID.randomUUID();
    List<String> command = new ArrayList<>();
    command.add("node");
    command.addAll(nodeOptions);
    command.add(SCRIPTS.resolve(script).toString());
    command.add(marker);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().remove("NODE_OPTIONS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new ChildNode(process, marker, awaitReady(process));
  }

  /** The child's pid. */
  public long pid() {
    return process.pid();
  }

  /** A string that appears in this child's command line and in no other process's. */
  public String marker() {
    return marker;
  }

  /** The line the script printed when it was ready, such as "ready 41234". */
  public String readyLine() {
    return readyLine;
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static String awaitReady(Process process) throws IOException {
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return stdout.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    try {
      String line = firstLine.get(30, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("ready")) {
        throw new IOException("node did not start; first line: " + line);
      }
      return line;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e instanceof IOException io ? io : new IOException("node did not start", e);
    }
  }
}
