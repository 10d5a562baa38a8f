package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.e2e.cluster.ControlPlane;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad HeapCapture and HeapCapturePolicy manifests, applied with the real kubectl to the real API
 * server, are refused by the CRDs' schema and CEL rules with a message naming the field; good ones
 * are accepted. Each file under {@code invalid/} and {@code invalid-policy/} starts with {@code #
 * refused at <field path>: <what is wrong>}.
 */
class InvalidCaptureIT {
  private static final Logger log = LoggerFactory.getLogger(InvalidCaptureIT.class);
  private static final String NAMESPACE = "invalid-input";
  private static final Pattern REFUSED_AT = Pattern.compile("^# refused at (\\S+): (.+)$");

  private static ControlPlane cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void startControlPlane() {
    cluster = ControlPlane.start();
    kubectl = cluster.kubectl();
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stopControlPlane() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<Named<Path>> invalidManifests() throws IOException {
    return manifestsIn("invalid");
  }

  static List<Named<Path>> invalidPolicies() throws IOException {
    return manifestsIn("invalid-policy");
  }

  static List<String> policyExamples() {
    return List.of(
        "heapcapturepolicy-two-snapshots.yaml",
        "heapcapturepolicy-nightly.yaml",
        "heapcapturepolicy-threshold-oom.yaml");
  }

  static List<Named<Path>> validManifests() throws IOException {
    return manifestsIn("valid");
  }

  @Test
  void manyWaysToBeWrongAreCovered() throws IOException {
    assertThat(invalidManifests()).hasSizeGreaterThanOrEqualTo(24);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void refusedWithTheFieldNamed(Path manifest) throws IOException {
    Matcher expected = expectation(manifest);
    String field = expected.group(1);
    String wrong = manifest.getFileName() + ": " + expected.group(2);

    Kubectl.Result result = kubectl.apply(manifest, NAMESPACE);

    assertThat(result.exitCode()).as("%s; should be refused\n%s", wrong, result).isNotZero();
    assertThat(result.stderr())
        .as("%s; stderr should name %s itself, not only a field in it", wrong, field)
        .containsPattern(naming(field));
    log.info("{}: {}", manifest.getFileName(), result.stderr().strip());
    assertThat(
            cluster.client().resources(HeapCapture.class).inNamespace(NAMESPACE).list().getItems())
        .as("HeapCaptures stored after refusing %s", manifest.getFileName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPolicies")
  void policyRefusedWithTheFieldNamed(Path manifest) throws IOException {
    Matcher expected = expectation(manifest);
    String field = expected.group(1);
    String wrong = manifest.getFileName() + ": " + expected.group(2);

    Kubectl.Result result = kubectl.apply(manifest, NAMESPACE);

    assertThat(result.exitCode()).as("%s; should be refused\n%s", wrong, result).isNotZero();
    assertThat(result.stderr())
        .as("%s; stderr should name %s itself, not only a field in it", wrong, field)
        .containsPattern(naming(field));
    log.info("{}: {}", manifest.getFileName(), result.stderr().strip());
    assertThat(
            cluster
                .client()
                .resources(HeapCapturePolicy.class)
                .inNamespace(NAMESPACE)
                .list()
                .getItems())
        .as("HeapCapturePolicies stored after refusing %s", manifest.getFileName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyExamples")
  void policyExampleIsAccepted(String example) {
    assertAccepted(Testbed.root().resolve("examples").resolve(example), "examples");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validManifests")
  void validManifestIsAccepted(Path manifest) {
    assertAccepted(manifest, "accepted-" + NAMESPACE);
  }

  @Test
  void exampleIsAccepted() {
    assertAccepted(
        Testbed.root().resolve("examples").resolve("heapcapture-on-demand.yaml"), "examples");
  }

  @Test
  void schemaFillsInDefaults() throws IOException {
    String namespace = "defaults";
    assertAccepted(resource("valid/selector-minimal.yaml"), namespace);

    Kubectl.Result result = kubectl.getJson("heapcapture", "selector-minimal", namespace);

    assertThat(result.succeeded()).as("%s", result).isTrue();
    JsonNode spec = new ObjectMapper().readTree(result.stdout()).path("spec");
    assertThat(spec.at("/limits/maxConcurrent").asInt()).isEqualTo(1);
    assertThat(spec.at("/limits/maxTargets").asInt()).isEqualTo(10);
    assertThat(spec.at("/limits/timeoutSeconds").asInt()).isEqualTo(1800);
    assertThat(spec.at("/storage/region").asText()).isEqualTo("us-east-1");
    assertThat(spec.at("/storage/pathStyle").asBoolean(true)).isFalse();
  }

  /** Applies into a namespace of its own, so refused cases never see accepted objects. */
  private static void assertAccepted(Path manifest, String namespace) {
    if (cluster.client().namespaces().withName(namespace).get() == null) {
      cluster
          .client()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    Kubectl.Result result = kubectl.apply(manifest, namespace);
    assertThat(result.exitCode()).as("kubectl apply of a valid manifest\n%s", result).isZero();
  }

  /** {@code field} as a whole path: {@code spec} matches "spec: Required" but not "spec.target". */
  private static Pattern naming(String field) {
    return Pattern.compile("(?<![\\w.\\[\\]])" + Pattern.quote(field) + "(?![\\w.\\[])");
  }

  private static Matcher expectation(Path manifest) throws IOException {
    String firstLine = Files.readAllLines(manifest).get(0);
    Matcher matcher = REFUSED_AT.matcher(firstLine);
    assertThat(matcher.matches())
        .as("%s must start with '# refused at <field path>: <what is wrong>'", manifest)
        .isTrue();
    return matcher;
  }

  /** The manifests in a test-resource folder, named by file for the test report. */
  private static List<Named<Path>> manifestsIn(String folder) throws IOException {
    try (Stream<Path> files = Files.list(resource(folder))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(f -> Named.of(f.getFileName().toString(), f))
          .toList();
    }
  }

  private static Path resource(String name) {
    URL url = InvalidCaptureIT.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
