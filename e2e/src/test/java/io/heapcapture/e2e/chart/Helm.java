package io.heapcapture.e2e.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real helm binary of the testbed, run on the repository's chart. */
final class Helm {
  /** Where the chart is installed in these tests; the webhook rules name it. */
  static final String NAMESPACE = "heapcapture-system";

  static final String RELEASE = "heapcapture";

  /**
   * The API server version the chart is rendered for: {@code helm template} otherwise assumes
   * v1.20, below the chart's kubeVersion. The testbed's own kube-apiserver is this version.
   */
  static final String KUBE_VERSION = "1.35.4";

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final Path workDir;

  private Helm(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  static Helm fromTestbed() {
    return new Helm(Testbed.tool("helm"), Testbed.newRunDir("helm"));
  }

  static Path chart() {
    return Testbed.root().resolve("charts").resolve("heapcapture");
  }

  /** What one helm run printed and how it ended. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + "\n  exit code: "
          + exitCode
          + "\n  stdout: "
          + stdout.strip()
          + "\n  stderr: "
          + stderr.strip();
    }
  }

  /** {@code helm template} with these values (YAML), parsed; fails the caller if helm fails. */
  List<HasMetadata> render(String valuesYaml) {
    Result result = template(valuesYaml);
    if (!result.succeeded()) {
      throw new AssertionError("helm template failed\n" + result);
    }
    return parse(result.stdout());
  }

  Result template(String valuesYaml) {
    return run(
        "template",
        RELEASE,
        chart().toString(),
        "--namespace",
        NAMESPACE,
        "--kube-version",
        KUBE_VERSION,
        "--values",
        valuesFile(valuesYaml).toString());
  }

  /**
   * {@code helm <command> heapcapture <chart> --namespace heapcapture-system --values <values>
   * <extra>} against the cluster of {@code kubeconfig} (install, upgrade).
   */
  Result onCluster(Path kubeconfig, String command, String valuesYaml, String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            command,
            RELEASE,
            chart().toString(),
            "--namespace",
            NAMESPACE,
            "--kubeconfig",
            kubeconfig.toString(),
            "--values",
            valuesFile(valuesYaml).toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  Result lint(String valuesYaml) {
    return run(
        "lint",
        "--strict",
        chart().toString(),
        "--namespace",
        NAMESPACE,
        "--kube-version",
        KUBE_VERSION,
        "--values",
        valuesFile(valuesYaml).toString());
  }

  /** Every document of a multi-document YAML stream, typed where fabric8 knows the kind. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      objects.add(
          Serialization.unmarshal(
              new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8))));
    }
    return objects;
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "helm-", ".out");
      Path err = Files.createTempFile(workDir, "helm-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // helm's caches and config stay in this run's folder, away from the user's.
      builder.environment().put("HELM_CACHE_HOME", workDir.resolve("cache").toString());
      builder.environment().put("HELM_CONFIG_HOME", workDir.resolve("config").toString());
      builder.environment().put("HELM_DATA_HOME", workDir.resolve("data").toString());
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish in " + TIMEOUT);
      }
      return new Result(
          List.copyOf(command),
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private Path valuesFile(String valuesYaml) {
    try {
      Path file = Files.createTempFile(workDir, "values-", ".yaml");
      return Files.writeString(file, valuesYaml.isBlank() ? "{}\n" : valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
