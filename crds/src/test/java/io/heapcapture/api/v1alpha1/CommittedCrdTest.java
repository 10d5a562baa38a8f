package io.heapcapture.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Helm installs the CRDs from {@code charts/heapcapture/crds/}, committed copies of the files that
 * the build generates from this module's classes. This test keeps the copies from drifting.
 */
class CommittedCrdTest {
  private static final Path CHART_CRDS = Path.of("charts", "heapcapture", "crds");

  @ParameterizedTest
  @ValueSource(
      strings = {"heapcaptures.heapcapture.io-v1.yml", "heapcapturepolicies.heapcapture.io-v1.yml"})
  void committedCrdIsTheGeneratedOne(String fileName) throws IOException {
    List<String> generated = lines(generated("META-INF/fabric8/" + fileName));
    Path committed = repositoryRoot().resolve(CHART_CRDS).resolve(fileName);
    if (!Files.exists(committed)) {
      fail(committed + " is missing; run dev/update-crd.sh");
    }
    List<String> actual = lines(Files.readString(committed, StandardCharsets.UTF_8));

    int firstDifference = firstDifference(generated, actual);
    if (firstDifference >= 0) {
      fail(
          String.format(
              "the committed CRD differs from the one generated from the Java model; run"
                  + " dev/update-crd.sh%n  file: %s%n  first difference at line %d:%n"
                  + "    generated: %s%n    committed: %s",
              committed,
              firstDifference + 1,
              lineOrEnd(generated, firstDifference),
              lineOrEnd(actual, firstDifference)));
    }
    assertThat(actual).isEqualTo(generated);
  }

  private static String generated(String resource) throws IOException {
    try (InputStream in = CommittedCrdTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        fail(resource + " is not on the classpath: the crd-generator plugin did not run");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Surefire runs in the module folder; walk up to the folder that holds the chart. */
  private static Path repositoryRoot() {
    String configured = System.getProperty("heapcapture.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("charts"))) {
        return dir;
      }
    }
    return fail("no folder with charts/ above " + Path.of("").toAbsolutePath());
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int common = Math.min(a.size(), b.size());
    for (int i = 0; i < common; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return a.size() == b.size() ? -1 : common;
  }

  private static String lineOrEnd(List<String> lines, int index) {
    return index < lines.size() ? lines.get(index) : "<end of file>";
  }
}
