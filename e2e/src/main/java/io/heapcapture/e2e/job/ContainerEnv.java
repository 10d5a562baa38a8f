package io.heapcapture.e2e.job;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it: {@code value} (with {@code $(VAR)} references
 * to the variables before it expanded), {@code valueFrom.secretKeyRef} and {@code
 * valueFrom.configMapKeyRef} from the pod's namespace, {@code optional} honoured.
 */
final class ContainerEnv {
  private ContainerEnv() {}

  static Map<String, String> resolve(KubernetesClient client, String namespace, Container container)
      throws ContainerConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
      throw new ContainerConfigException("envFrom is not supported by the JobRunner");
    }
    if (container.getEnv() == null) {
      return env;
    }
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() == null) {
        String value = var.getValue() == null ? "" : var.getValue();
        env.put(var.getName(), VariableExpansion.expand(value, env::get));
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        String value = secretValue(client, namespace, var.getValueFrom().getSecretKeyRef());
        if (value != null) {
          env.put(var.getName(), value);
        }
      } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
        String value = configMapValue(client, namespace, var.getValueFrom().getConfigMapKeyRef());
        if (value != null) {
          env.put(var.getName(), value);
        }
      } else {
        throw new ContainerConfigException(
            "env "
                + var.getName()
                + ": only value, secretKeyRef and configMapKeyRef are supported");
      }
    }
    return env;
  }

  /** The value, or null when it is missing and optional. */
  private static String secretValue(
      KubernetesClient client, String namespace, SecretKeySelector ref)
      throws ContainerConfigException {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    if (secret == null) {
      return missing(optional, "secret \"" + ref.getName() + "\" not found");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(ref.getKey());
    if (encoded == null) {
      return missing(
          optional,
          "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private static String configMapValue(
      KubernetesClient client, String namespace, ConfigMapKeySelector ref)
      throws ContainerConfigException {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    if (map == null) {
      return missing(optional, "configmap \"" + ref.getName() + "\" not found");
    }
    String value = map.getData() == null ? null : map.getData().get(ref.getKey());
    if (value == null) {
      return missing(
          optional,
          "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
    }
    return value;
  }

  private static String missing(boolean optional, String message) throws ContainerConfigException {
    if (optional) {
      return null;
    }
    throw new ContainerConfigException(message);
  }
}
