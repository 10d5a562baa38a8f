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

/** A real {@link IdleJvm} child process, started with chosen JVM options, for attach tests. */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final String marker;

  private ChildJvm(Process process, String marker) {
    this.process = process;
    this.marker = marker;
  }

  /** Starts a child with {@code jvmOptions} and waits until it says it is ready. */
  public static ChildJvm start(List<String> jvmOptions) throws IOException {
    return start(jvmOptions, Map.of());
  }

  /** As {@link #start(List)}, with extra environment variables. */
  public static ChildJvm start(List<String> jvmOptions, Map<String, String> environment)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classes = classesDirectory();
    // A unique argument lets tests find exactly this child among all JVMs on the machine.
    String marker = "child-" + UUID.randomUUID();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx64m");
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classes, IdleJvm.class.getName(), marker));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().keySet().removeIf(ChildJvm::isJvmOptionVariable);
    builder.environment().putAll(environment);
    ChildJvm child = new ChildJvm(builder.start(), marker);
    child.awaitReady();
    return child;
  }

  /** The child's pid. */
  public long pid() {
    return process.pid();
  }

  /** A string that appears in this child's command line and in no other process's. */
  public String marker() {
    return marker;
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

  private void awaitReady() throws IOException {
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
      String line = firstLine.get(20, TimeUnit.SECONDS);
      if (!IdleJvm.READY.equals(line)) {
        throw new IOException("child JVM did not start; first line: " + line);
      }
    } catch (Exception e) {
      process.destroyForcibly();
      throw e instanceof IOException io ? io : new IOException("child JVM did not start", e);
    }
  }

  private static boolean isJvmOptionVariable(String name) {
    return name.equals("JAVA_TOOL_OPTIONS")
        || name.equals("JDK_JAVA_OPTIONS")
        || name.equals("_JAVA_OPTIONS");
  }

  private static String classesDirectory() {
    try {
      return Path.of(IdleJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (Exception e) {
      throw new IllegalStateException("cannot locate the test classes", e);
    }
  }
}
