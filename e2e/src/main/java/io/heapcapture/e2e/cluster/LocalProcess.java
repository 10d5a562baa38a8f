package io.heapcapture.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout and stderr go to a log file (appended, so restarts share one file),
 * stopped on {@link #close()} or at JVM exit.
 */
public final class LocalProcess implements AutoCloseable {
  private static final long GRACE_SECONDS = 10;

  private final String name;
  private final Process process;
  private final Path logFile;

  private LocalProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code builder} with its output appended to {@code logFile}. The builder's command,
   * directory and environment are the caller's.
   */
  public static LocalProcess start(String name, ProcessBuilder builder, Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "==== starting " + name + ": " + String.join(" ", builder.command()) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      LocalProcess started = new LocalProcess(name, builder.start(), logFile);
      ExitCleanup.register(started);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (log: " + logFile + ")", e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** Exit code, or -1 while running. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; children of the process go too. */
  public void stop() {
    ExitCleanup.unregister(this);
    if (!process.isAlive()) {
      return;
    }
    terminate(process, GRACE_SECONDS);
  }

  /**
   * SIGTERM to a process and its children, then SIGKILL to what is left after {@code graceSeconds},
   * as the kubelet stops a container.
   */
  public static void terminate(Process process, long graceSeconds) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(graceSeconds, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + logFile + ")";
  }
}
