package io.heapcapture.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an Event about one of our objects once: its name is derived from the object's uid and a
 * key (what happened, to which target), so a pass that repeats on a stale status, or after an
 * operator restart, does not announce the same thing twice.
 */
public final class OnceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(OnceEvents.class);
  private static final String COMPONENT = "heapcapture-operator";
  private static final int MAX_MESSAGE = 1000;

  private final KubernetesClient client;
  private final Clock clock;

  public OnceEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Creates the Event unless one with the same object and key exists. */
  public void emit(HasMetadata about, String key, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = about.getMetadata().getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName(about, key))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(about.getApiVersion())
                    .withKind(about.getKind())
                    .withName(about.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(about.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(Objects.requireNonNullElse(reason, "Unknown"))
            .withMessage(
                message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) { // a conflict: announced before
        LOG.warn(
            "could not record event {} for {} {}: {}",
            reason,
            about.getKind(),
            about.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  /** {@code <name>.<16 hex digits of sha256(uid/key)>}, within the length of an object name. */
  public static String eventName(HasMetadata about, String key) {
    String name = about.getMetadata().getName();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((about.getMetadata().getUid() + "/" + key).getBytes(StandardCharsets.UTF_8));
      return name + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
