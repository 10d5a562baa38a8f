package io.heapcapture.corpus;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one case of the corpus as its own process and returns its two dumps.
 *
 * <p>A JVM case runs on the JDK it names (17, 21 or 25) with the given classpath; a Node case runs
 * {@code node} from the PATH in {@code leak-corpus/node/}. The process's stdout and stderr go to
 * {@code run.log} in the case's directory; a failure (exit code, timeout, no {@code done}, a
 * missing dump) throws with that log in the message.
 */
public final class CorpusRunner {
  /**
   * Where the runs's files are: the two dumps and the log; {@code note} says e.g. a JDK fallback.
   */
  public record Run(
      CorpusCase corpusCase, Path dir, Path baseline, Path later, Path log, String note) {
    /** Deletes the dumps and the log. */
    public void delete() {
      try (var files = Files.walk(dir)) {
        files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(CorpusRunner::delete);
      } catch (IOException e) {
        // best effort
      }
    }
  }

  private static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private final String classpath;
  private final Path corpusDir;
  private final Duration timeout;

  /**
   * @param classpath the module's runtime classpath, for JVM cases
   * @param corpusDir the {@code leak-corpus} folder (Node scripts lie in its {@code node/})
   * @param timeout how long one case may run
   */
  public CorpusRunner(String classpath, Path corpusDir, Duration timeout) {
    // absolute, since a JVM case runs in its own directory
    this.classpath =
        java.util.Arrays.stream(classpath.split(File.pathSeparator))
            .filter(e -> !e.isBlank())
            .map(e -> Path.of(e).toAbsolutePath().toString())
            .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    this.corpusDir = corpusDir;
    this.timeout = timeout;
  }

  /**
   * A runner for the current JVM: the programs' classpath from {@code corpus.classpath}, else
   * {@code surefire.test.class.path} or {@code java.class.path}, the folder from {@code corpus.dir}
   * or the working directory, the timeout from {@code corpus.timeoutSeconds} (default 120).
   */
  public static CorpusRunner fromSystemProperties() {
    String cp = System.getProperty("corpus.classpath");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("surefire.test.class.path");
    }
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return new CorpusRunner(
        cp, corpusDir(), Duration.ofSeconds(Long.getLong("corpus.timeoutSeconds", 120)));
  }

  /**
   * The {@code leak-corpus} folder: {@code corpus.dir}, else the working directory or its child.
   */
  public static Path corpusDir() {
    String dir = System.getProperty("corpus.dir");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir).toAbsolutePath();
    }
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    if (cwd.getFileName() != null && cwd.getFileName().toString().equals("leak-corpus")) {
      return cwd;
    }
    return cwd.resolve("leak-corpus");
  }

  /** The {@code java} launcher of a JDK, and a note when it falls back to 17. */
  record Java(Path launcher, String note) {}

  static Java javaFor(int jdk) {
    switch (jdk) {
      case 17:
        return new Java(JDK17.resolve("bin/java"), "");
      case 25:
        return new Java(JDK25.resolve("bin/java"), "");
      case 21:
        {
          String cache = System.getenv("HEAPCAPTURE_CACHE");
          Path base =
              cache != null && !cache.isBlank()
                  ? Path.of(cache)
                  : Path.of(System.getProperty("user.home"), ".cache", "heapcapture");
          Path home = base.resolve("jdk21");
          for (Path candidate : List.of(home.resolve("bin/java"))) {
            if (Files.isExecutable(candidate)) {
              return new Java(candidate, "");
            }
          }
          try (var children = Files.list(home)) {
            var nested =
                children.map(p -> p.resolve("bin/java")).filter(Files::isExecutable).findFirst();
            if (nested.isPresent()) {
              return new Java(nested.get(), "");
            }
          } catch (IOException e) {
            // not installed
          }
          return new Java(
              JDK17.resolve("bin/java"),
              "JDK 21 is not installed in " + home + " (dev/install-jdk21.sh): ran on JDK 17");
        }
      default:
        throw new IllegalArgumentException("no JDK " + jdk + " in the corpus");
    }
  }

  /**
   * Runs the case in a fresh temporary directory. On failure the directory is deleted and the
   * exception carries the log.
   */
  public Run run(CorpusCase c) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("corpus-" + c.name() + "-");
    try {
      return run(c, dir);
    } catch (IOException | InterruptedException | RuntimeException e) {
      new Run(c, dir, dir, dir, dir, "").delete();
      throw e;
    }
  }

  private Run run(CorpusCase c, Path dir) throws IOException, InterruptedException {
    Path baseline;
    Path later;
    Path log = dir.resolve("run.log");
    List<String> command = new ArrayList<>();
    String note = "";
    File workDir;
    if (c.runtime() == CorpusCase.Runtime.JVM) {
      baseline = dir.resolve("baseline.hprof");
      later = dir.resolve("later.hprof");
      Java java = javaFor(c.jdk());
      note = java.note();
      command.add(java.launcher().toString());
      command.addAll(c.jvmOptions());
      command.add("-cp");
      command.add(classpath);
      command.add(c.entryPoint());
      workDir = dir.toFile();
    } else {
      baseline = dir.resolve("baseline.heapsnapshot");
      later = dir.resolve("later.heapsnapshot");
      command.add("node");
      command.add(c.entryPoint());
      workDir = corpusDir.resolve("node").toFile();
    }
    command.add(baseline.toString());
    command.add(later.toString());
    if (!note.isEmpty()) {
      Files.writeString(log, "[corpus] " + note + "\n");
    }
    Process process =
        new ProcessBuilder(command)
            .directory(workDir)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    // if the harness itself is stopped (Ctrl-C, a build's timeout), the program and its files go
    // with it
    Thread reaper =
        new Thread(
            () -> {
              process.descendants().forEach(ProcessHandle::destroyForcibly);
              process.destroyForcibly();
              try {
                process.waitFor(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              new Run(c, dir, dir, dir, dir, "").delete();
            },
            "corpus-reaper-" + c.name());
    Runtime.getRuntime().addShutdownHook(reaper);
    boolean ended;
    try {
      ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs
      }
    }
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw failure(c, "did not end within " + timeout.toSeconds() + " s", command, log);
    }
    int exit = process.exitValue();
    String output = read(log);
    if (exit != 0) {
      throw failure(c, "exited with " + exit, command, log);
    }
    if (!output.lines().anyMatch(l -> l.strip().equals("done"))) {
      throw failure(c, "did not print done", command, log);
    }
    for (Path dump : List.of(baseline, later)) {
      if (!Files.isRegularFile(dump) || Files.size(dump) == 0) {
        throw failure(c, "wrote no " + dump.getFileName(), command, log);
      }
    }
    return new Run(c, dir, baseline, later, log, note);
  }

  private static IOException failure(CorpusCase c, String what, List<String> command, Path log) {
    return new IOException(
        "case "
            + c.name()
            + " "
            + what
            + "\ncommand: "
            + String.join(" ", command).replaceAll(" -cp \\S+", " -cp <the module's classpath>")
            + "\n--- "
            + log
            + " ---\n"
            + tail(read(log), 20_000));
  }

  private static String tail(String s, int max) {
    return s.length() <= max ? s : "…" + s.substring(s.length() - max);
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort
    }
  }
}
