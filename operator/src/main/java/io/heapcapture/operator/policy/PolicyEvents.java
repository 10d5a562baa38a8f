package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on a policy: a capture it created, and a target container the kernel OOM-killed. Each is
 * named after what happened, so a repeated pass does not announce it twice; best effort.
 */
public class PolicyEvents {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyEvents.class);
  private static final String COMPONENT = "heapcapture-operator";

  private final KubernetesClient client;
  private final Clock clock;

  public PolicyEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A HeapCapture created by a trigger. */
  public void created(HeapCapturePolicy policy, String capture, String trigger) {
    emit(
        policy,
        "created/" + capture,
        "Normal",
        "CaptureCreated",
        "trigger " + trigger + " created HeapCapture " + capture);
  }

  /**
   * A container killed for exceeding its memory limit, with the hint that a container-memory
   * threshold dumps the heap before the kernel strikes.
   */
  public void oomKilled(HeapCapturePolicy policy, OomKills.Kill kill) {
    boolean watched =
        policy.getSpec().getTriggers().stream()
            .anyMatch(
                t ->
                    t.getThreshold() != null
                        && t.getThreshold().getContainerMemoryPercent() != null);
    String hint =
        watched
            ? "the containerMemoryPercent threshold did not fire in time: lower it, or shorten its"
                + " 'for'"
            : "a threshold trigger with containerMemoryPercent (e.g. 90) would have dumped the heap"
                + " before the kill";
    emit(
        policy,
        "oom/" + kill.pod() + "/" + kill.container() + "/" + kill.finishedAt(),
        "Warning",
        "OOMKilled",
        "container "
            + kill.container()
            + " of pod "
            + kill.pod()
            + " was OOMKilled at "
            + kill.finishedAt()
            + "; "
            + hint);
  }

  private void emit(
      HeapCapturePolicy policy, String key, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName(policy, key))
            .withNamespace(policy.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(policy.getMetadata().getName())
                    .withNamespace(policy.getMetadata().getNamespace())
                    .withUid(policy.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(policy.getMetadata().getNamespace())
          .resource(event)
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        LOG.warn(
            "could not record event {} for policy {}: {}",
            reason,
            policy.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  static String eventName(HeapCapturePolicy policy, String key) {
    String name = policy.getMetadata().getName();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((policy.getMetadata().getUid() + "/" + key).getBytes(StandardCharsets.UTF_8));
      return name + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
