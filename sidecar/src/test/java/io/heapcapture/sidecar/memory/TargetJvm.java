package io.heapcapture.sidecar.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link HeapTarget} child process on a chosen JDK, with chosen options, driven over stdin. */
final class TargetJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  private TargetJvm(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts {@code java} (prefixed by {@code wrapper}, e.g. setpriv) and waits until it is up. */
  static TargetJvm start(List<String> wrapper, Path java, List<String> options) throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.add(java.toString());
    command.addAll(options);
    command.addAll(List.of("-cp", testClasses(), HeapTarget.class.getName()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().keySet().removeIf(name -> name.endsWith("JAVA_OPTIONS"));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    TargetJvm jvm = new TargetJvm(builder.start());
    jvm.expect(HeapTarget.READY);
    return jvm;
  }

  /** The JVM's pid as this test sees it, also when a wrapper forked it (unshare --fork). */
  long pid() {
    return process
        .descendants()
        .filter(child -> child.info().command().orElse("").endsWith("/java"))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(process.pid());
  }

  /** Keeps {@code mib} more MiB reachable, then collects. */
  void grow(int mib) throws IOException {
    command("grow " + mib);
  }

  /** Runs a full collection. */
  void gc() throws IOException {
    command("gc");
  }

  @Override
  public void close() throws InterruptedException {
    // End of input lets the JVM exit on its own and delete its hsperfdata file: killed, it leaves
    // the file behind (and one named 1, from a pid namespace, no later JVM ever cleans up).
    try {
      in.close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void command(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
    expect(HeapTarget.DONE);
  }

  private void expect(String expected) throws IOException {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    try {
      String got = line.get(30, TimeUnit.SECONDS);
      if (!expected.equals(got)) {
        throw new IOException("expected " + expected + " from the target JVM, got " + got);
      }
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("target JVM did not answer " + expected, e);
    }
  }

  private static String testClasses() {
    try {
      return Path.of(HeapTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (Exception e) {
      throw new IllegalStateException("cannot locate the test classes", e);
    }
  }
}
