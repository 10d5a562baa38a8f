package io.heapcapture.e2e;

import com.github.luben.zstd.ZstdOutputStream;
import io.heapcapture.e2e.pod.Artifacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real, small heap dump: the demo app in a child JVM with a small heap, dumped with {@code jcmd
 * GC.heap_dump} and compressed with zstd, as the sidecar stores dumps.
 */
final class SmallDump {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private SmallDump() {}

  /** Writes {@code <dir>/<name>} (zstd-compressed HPROF) and returns it. */
  static Path zstd(Path dir, String name) throws IOException, InterruptedException {
    Path hprof = dir.resolve("raw-" + System.nanoTime() + ".hprof");
    Path appLog = dir.resolve("demo-app.log");
    Process app =
        new ProcessBuilder(
                Artifacts.java().toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-jar",
                Artifacts.demoAppJar().toString(),
                "64")
            .redirectErrorStream(true)
            .redirectOutput(appLog.toFile())
            .start();
    try {
      awaitReady(app, appLog);
      Path jcmd = Artifacts.java().resolveSibling("jcmd");
      Process dump =
          new ProcessBuilder(
                  jcmd.toString(), Long.toString(app.pid()), "GC.heap_dump", hprof.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(dump.getInputStream().readAllBytes());
      if (!dump.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          || dump.exitValue() != 0
          || !output.contains("Heap dump file created")) {
        throw new IllegalStateException("jcmd GC.heap_dump failed: " + output);
      }
    } finally {
      app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Path compressed = dir.resolve(name);
    try (InputStream in = Files.newInputStream(hprof);
        OutputStream out = new ZstdOutputStream(Files.newOutputStream(compressed))) {
      in.transferTo(out);
    }
    Files.delete(hprof);
    return compressed;
  }

  private static void awaitReady(Process app, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(log).contains("leaky-demo ready")) {
        return;
      }
      if (!app.isAlive()) {
        throw new IllegalStateException("demo app exited: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("demo app not ready within " + TIMEOUT);
  }
}
