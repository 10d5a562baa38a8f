package io.heapcapture.operator.tls;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Secrets the operator keeps in its own namespace. Several replicas may start at once: the
 * first create wins, and a replica whose create meets a 409 reads the winner's Secret.
 */
public final class OwnedSecrets {
  static final Map<String, String> LABELS =
      Map.of("app.kubernetes.io/managed-by", "heapcapture-operator");

  private final KubernetesClient client;
  private final String namespace;
  private final Optional<OwnerReference> owner;

  /** {@code owner}: set on every Secret made or replaced here ({@link SecretsOwner}). */
  public OwnedSecrets(KubernetesClient client, String namespace, Optional<OwnerReference> owner) {
    this.client = client;
    this.namespace = namespace;
    this.owner = owner;
  }

  /** A Secret's data as we read it, with the version a later {@link #replace} must find. */
  public record Stored(Map<String, String> data, String resourceVersion) {}

  /** The Secret, or empty when there is no such Secret. */
  public Optional<Stored> read(String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
        .map(s -> new Stored(decoded(s), s.getMetadata().getResourceVersion()));
  }

  /**
   * The stored Secret, or {@code fresh} data stored under that name when none is there yet. A
   * Secret made before the operator had an owner (an upgrade) is given it here.
   */
  public Stored getOrCreate(String name, String type, Supplier<Map<String, String>> fresh) {
    Secret found = client.secrets().inNamespace(namespace).withName(name).get();
    if (found != null) {
      Stored existing = new Stored(decoded(found), found.getMetadata().getResourceVersion());
      if (owner.isPresent() && !ownedBy(found, owner.get())) {
        // A lost race only means another replica adopted it first; the data is the same.
        replace(name, found.getType(), existing, existing.data());
      }
      return existing;
    }
    Map<String, String> data = fresh.get();
    try {
      Secret created =
          client.secrets().inNamespace(namespace).resource(secret(name, type, data, null)).create();
      return new Stored(data, created.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return read(name)
          .orElseThrow(() -> new IllegalStateException("Secret " + name + " vanished after a 409"));
    }
  }

  /**
   * Replaces the data of a Secret, only if nobody changed it since {@code previous} was read; false
   * when another replica was faster (read it again).
   */
  public boolean replace(String name, String type, Stored previous, Map<String, String> data) {
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(secret(name, type, data, previous.resourceVersion()))
          .update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  public String namespace() {
    return namespace;
  }

  private Secret secret(String name, String type, Map<String, String> data, String version) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .withResourceVersion(version)
        .withOwnerReferences(owner.map(List::of).orElse(List.of()))
        .endMetadata()
        .withType(type)
        .withData(encoded)
        .build();
  }

  private static boolean ownedBy(Secret secret, OwnerReference owner) {
    return secret.getMetadata().getOwnerReferences() != null
        && secret.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> owner.getUid().equals(r.getUid()));
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }
}
