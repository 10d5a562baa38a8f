package io.heapcapture.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a child JVM until it prints {@code ready}, dumps its
 * heap with the JDK's own {@code jcmd GC.heap_dump} (live objects, after a full GC) and stops it.
 */
final class DumpedJvm {
  private static final Path JAVA = Path.of(ProcessHandle.current().info().command().orElseThrow());

  private DumpedJvm() {}

  static Path dump(Class<?> main, Path file, String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>(List.of(JAVA.toString()));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
      if (!"ready".equals(line)) {
        throw new IOException(main.getName() + " did not get ready: " + line);
      }
      Process jcmd =
          new ProcessBuilder(
                  JAVA.resolveSibling("jcmd").toString(),
                  Long.toString(jvm.pid()),
                  "GC.heap_dump",
                  file.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!jcmd.waitFor(120, TimeUnit.SECONDS) || !output.contains("Heap dump file created")) {
        throw new IOException("heap dump failed: " + output); // errors come with exit code 0
      }
      return file;
    } finally {
      jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      return e.toString();
    }
  }
}
