package io.heapcapture.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, run against one kubeconfig. */
public final class Kubectl {
  /** For commands that talk to the API server once. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** kubectl's own timeout for {@code wait} is ours minus this, so kubectl reports first. */
  private static final Duration WAIT_MARGIN = Duration.ofSeconds(15);

  private final Path binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  /**
   * @param cacheDir kubectl's discovery cache, kept out of {@code ~/.kube}
   */
  public Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** What one kubectl run printed and how it ended. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
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

  /** {@code kubectl apply -f <manifest> -n <namespace>}. */
  public Result apply(Path manifest, String namespace) {
    return run(DEFAULT_TIMEOUT, "apply", "-f", manifest.toString(), "-n", namespace);
  }

  /**
   * {@code kubectl wait --for=<condition> <resource> -n <namespace> --timeout=<timeout>}, e.g.
   * {@code waitFor("heapcapture/x", "condition=Complete", "ns", Duration.ofMinutes(2))}.
   */
  public Result waitFor(String resource, String condition, String namespace, Duration timeout) {
    return run(
        timeout.plus(WAIT_MARGIN),
        "wait",
        "--for=" + condition,
        resource,
        "-n",
        namespace,
        "--timeout=" + timeout.toSeconds() + "s");
  }

  /** {@code kubectl get <resource> <name> -n <namespace> -o json}. */
  public Result getJson(String resource, String name, String namespace) {
    return run(DEFAULT_TIMEOUT, "get", resource, name, "-n", namespace, "-o", "json");
  }

  public Result run(String... args) {
    return run(DEFAULT_TIMEOUT, args);
  }

  /**
   * Runs kubectl with {@code args}; throws if it does not finish within {@code timeout} (a hung
   * kubectl is a broken testbed, not a test result).
   */
  public Result run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    Path out = null;
    Path err = null;
    try {
      Files.createDirectories(cacheDir);
      out = Files.createTempFile(cacheDir, "kubectl-", ".out");
      err = Files.createTempFile(cacheDir, "kubectl-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().remove("KUBECONFIG");
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", command)
                + " did not finish within "
                + timeout
                + "\n  stdout so far: "
                + Files.readString(out, StandardCharsets.UTF_8)
                + "\n  stderr so far: "
                + Files.readString(err, StandardCharsets.UTF_8));
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
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file under target/ is harmless
      }
    }
  }
}
