package io.heapcapture.analyzer.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JVM running a main class of the test classes, driven with the JDK's own {@code jcmd} (by
 * default the one next to the java binary running the tests; else that of the given Java home).
 * Started when its main prints a line {@code ready}.
 */
public final class ChildJvm implements AutoCloseable {
  /** The java binary running the tests. */
  public static final Path JAVA = Path.of(ProcessHandle.current().info().command().orElseThrow());

  private final Process process;
  private final Path log;
  private final Path jcmd;

  private ChildJvm(Process process, Path log, Path jcmd) {
    this.process = process;
    this.log = log;
    this.jcmd = jcmd;
  }

  /** Starts {@code main} with these JVM options and arguments, and waits until it is ready. */
  public static ChildJvm start(Class<?> main, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return start(JAVA, main, jvmOptions, args);
  }

  /** The java command of a JDK or JRE home ({@code <home>/bin/java}). */
  public static Path javaOf(Path javaHome) {
    return javaHome.resolve("bin").resolve("java");
  }

  /** The command line that runs {@code main} of the test classes with this java. */
  public static List<String> command(
      Path java, Class<?> main, List<String> jvmOptions, String... args) {
    Path classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classes.toString(), main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts {@code main} with the given java binary (whose {@code jcmd} sibling then drives it), and
   * waits until it is ready.
   */
  public static ChildJvm start(Path java, Class<?> main, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = command(java, main, jvmOptions, args);
    Path log = Files.createTempFile("child-jvm", ".log");
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    ChildJvm jvm = new ChildJvm(process, log, java.resolveSibling("jcmd"));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.equals(SyntheticHeap.READY)) {
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    try {
      if (!ready.get(120, TimeUnit.SECONDS)) {
        throw new IOException("the child JVM ended before it was ready: " + jvm.log());
      }
    } catch (Exception e) {
      jvm.close();
      throw new IOException("the child JVM did not get ready: " + jvm.log(), e);
    }
    return jvm;
  }

  public long pid() {
    return process.pid();
  }

  /** Runs {@code jcmd <pid> <command...>} and returns its output. */
  public String jcmd(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return e.toString();
              }
            });
    if (!jcmd.waitFor(180, TimeUnit.SECONDS)) {
      jcmd.destroyForcibly();
      throw new IOException("jcmd " + command[0] + " did not finish");
    }
    String text = output.join();
    if (jcmd.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + text);
    }
    return text;
  }

  /** Takes a heap dump of live objects (after a full GC) with {@code jcmd GC.heap_dump}. */
  public Path heapDump(Path file, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("GC.heap_dump"));
    command.addAll(List.of(options));
    command.add(file.toAbsolutePath().toString());
    String output = jcmd(command.toArray(String[]::new));
    if (!output.contains("Heap dump file created")) { // errors come back with exit code 0
      throw new IOException("heap dump failed: " + output);
    }
    return file;
  }

  /** What the JVM wrote to stderr so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temporary file
    }
  }
}
