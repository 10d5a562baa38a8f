package io.heapcapture.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the testbed finds its inputs (the repository, the binaries that {@code
 * dev/build-test-binaries.sh} built) and where it writes its outputs (logs and data under {@code
 * e2e/target/testbed/}).
 */
public final class Testbed {
  /** System property with the repository root; the e2e pom sets it. */
  public static final String ROOT_PROPERTY = "heapcapture.root";

  /** System property, or environment variable, with the cache dir of the build script. */
  public static final String CACHE_PROPERTY = "heapcapture.cache";

  public static final String CACHE_ENV = "HEAPCAPTURE_CACHE";

  private static final DateTimeFormatter RUN_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private Testbed() {}

  /** The repository root: the folder that holds {@code charts/}. */
  public static Path root() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path root = Path.of(configured).toAbsolutePath().normalize();
      if (!Files.isDirectory(root.resolve("charts"))) {
        throw new IllegalStateException(
            "-D" + ROOT_PROPERTY + "=" + configured + " is not the repository root: no charts/");
      }
      return root;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("charts")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root (a folder with charts/ and pom.xml) above "
            + start
            + "; set -D"
            + ROOT_PROPERTY);
  }

  /** The cache dir of {@code dev/build-test-binaries.sh}, resolved the way the script does. */
  public static Path cacheDir() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty(CACHE_ENV);
    }
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(CACHE_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("heapcapture");
  }

  /** {@code <cache>/bin}: {@code k8s/<version>-linux-amd64/} and {@code tools/}. */
  public static Path binDir() {
    return cacheDir().resolve("bin");
  }

  /** An executable from {@code <cache>/bin/tools}, or a message saying how to build it. */
  public static Path tool(String name) {
    Path tool = binDir().resolve("tools").resolve(name);
    requireExecutable(tool, name);
    return tool;
  }

  static void requireExecutable(Path binary, String part) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: run dev/build-test-binaries.sh " + part + " (takes minutes once)");
    }
  }

  /** A new folder for one run of one part, e.g. {@code e2e/target/testbed/s3-20250101-...}. */
  public static Path newRunDir(String part) {
    String name = part + "-" + LocalDateTime.now().format(RUN_STAMP) + "-" + RUNS.incrementAndGet();
    Path dir = root().resolve("e2e").resolve("target").resolve("testbed").resolve(name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
