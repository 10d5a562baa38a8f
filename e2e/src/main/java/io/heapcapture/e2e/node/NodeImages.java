package io.heapcapture.e2e.node;

import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The image tars a node imports when nobody names others. */
public final class NodeImages {
  /** System property: comma-separated image tars, or folders of them, instead of the defaults. */
  public static final String PROPERTY = "heapcapture.node.images";

  private static final List<String> JIB_MODULES =
      List.of("operator", "sidecar", "analyzer", "demo-app", "leak-corpus");

  private NodeImages() {}

  /**
   * The tars of {@code -Dheapcapture.node.images}, else the base images of {@code
   * dev/build-images.sh} ({@code <cache>/images/*.tar}, the pause image among them) and the
   * project's images that Jib built ({@code <module>/target/jib-image.tar}).
   */
  public static List<Path> defaultTars() {
    String configured = System.getProperty(PROPERTY);
    List<Path> tars = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      for (String entry : configured.split(",")) {
        if (!entry.isBlank()) {
          tars.addAll(tarsIn(Path.of(entry.strip())));
        }
      }
      return tars;
    }
    tars.addAll(tarsIn(Testbed.cacheDir().resolve("images")));
    for (String module : JIB_MODULES) {
      Path jib = Testbed.root().resolve(module).resolve("target").resolve("jib-image.tar");
      if (Files.isRegularFile(jib)) {
        tars.add(jib);
      }
    }
    return tars;
  }

  private static List<Path> tarsIn(Path path) {
    if (!Files.isDirectory(path)) {
      return Files.isRegularFile(path) ? List.of(path) : List.of();
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
