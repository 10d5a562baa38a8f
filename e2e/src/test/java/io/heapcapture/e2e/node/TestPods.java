package io.heapcapture.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Pods of the testbox image, and waiting on what they do. */
final class TestPods {
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private TestPods() {}

  /** A container running {@code testbox <args>}; the image is imported, never pulled. */
  static Container testbox(String name, String... args) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(TestboxImage.NAME)
        .withImagePullPolicy("Never")
        .withArgs(args)
        .build();
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250));
  }

  static Pod running(KubernetesClient client, String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(
            p -> p != null && "Running".equals(p.getStatus().getPhase()),
            TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Waits until {@code container}'s log contains {@code text}; returns the log. */
  static String awaitLog(
      KubernetesClient client, String namespace, String pod, String container, String text) {
    String[] log = {""};
    await()
        .alias(pod + "/" + container + " logs \"" + text + "\"")
        .until(
            () -> {
              try {
                log[0] =
                    client
                        .pods()
                        .inNamespace(namespace)
                        .withName(pod)
                        .inContainer(container)
                        .getLog();
              } catch (RuntimeException notYet) {
                return false;
              }
              return log[0] != null && log[0].contains(text);
            });
    return log[0];
  }

  /** The state in which {@code container} ended, once it has. */
  static ContainerStateTerminated awaitTerminated(
      KubernetesClient client, String namespace, String pod, String container) {
    ContainerStateTerminated[] terminated = {null};
    await()
        .alias(pod + "/" + container + " terminated")
        .until(
            () -> {
              Pod current = client.pods().inNamespace(namespace).withName(pod).get();
              Optional<ContainerStatus> status =
                  Optional.ofNullable(current)
                      .map(p -> p.getStatus().getContainerStatuses())
                      .orElse(List.of())
                      .stream()
                      .filter(s -> s.getName().equals(container))
                      .findFirst();
              terminated[0] = status.map(s -> s.getState().getTerminated()).orElse(null);
              return terminated[0] != null;
            });
    return terminated[0];
  }

  /** GET {@code url} from the test JVM, i.e. from the host; empty while it fails. */
  static Optional<String> httpGet(String url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
