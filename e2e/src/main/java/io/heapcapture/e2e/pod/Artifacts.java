package io.heapcapture.e2e.pod;

import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The built jars the stand-in pods and Jobs run: the sidecar, the leaking demo application and the
 * analyzer.
 */
public final class Artifacts {
  private Artifacts() {}

  public static Path sidecarJar() {
    return find("sidecar", "heapcapture-sidecar-", "-all.jar");
  }

  /** The analyzer's shaded jar, which analysis Jobs run. */
  public static Path analyzerJar() {
    return find("analyzer", "heapcapture-analyzer-", "-all.jar");
  }

  public static Path demoAppJar() {
    return find("demo-app", "heapcapture-demo-app-", ".jar");
  }

  /** The java launcher of this JVM: the same JDK runs the pods' processes. */
  public static Path java() {
    return Path.of(ProcessHandle.current().info().command().orElse("java"));
  }

  private static Path find(String module, String prefix, String suffix) {
    Path target = Testbed.root().resolve(module).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
          .filter(
              p -> suffix.equals("-all.jar") || !p.getFileName().toString().endsWith("-all.jar"))
          .findFirst()
          .orElseThrow(() -> missing(module));
    } catch (IOException e) {
      throw new UncheckedIOException(missing(module).getMessage(), e);
    }
  }

  private static IllegalStateException missing(String module) {
    return new IllegalStateException(
        "no built jar in " + module + "/target: run ./mvnw -DskipTests package first");
  }
}
