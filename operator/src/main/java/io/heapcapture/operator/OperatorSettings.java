package io.heapcapture.operator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator process's settings, from its environment; the Helm chart sets them. Each is
 * described in docs/reference.md ("Operator settings").
 *
 * @param namespaces namespaces to watch; empty means all ({@code HEAPCAPTURE_NAMESPACES})
 * @param operatorNamespace where the operator's own Secrets and Lease live ({@code
 *     HEAPCAPTURE_OPERATOR_NAMESPACE})
 * @param podName this replica's name, its leader-election identity ({@code HEAPCAPTURE_POD_NAME})
 * @param leaderElection whether replicas elect one leader ({@code HEAPCAPTURE_LEADER_ELECTION})
 * @param healthPort plain-HTTP port of {@code /healthz} and {@code /readyz}; 0 turns them off
 *     ({@code HEAPCAPTURE_HEALTH_PORT})
 * @param webhookPort HTTPS port of the admission webhook; 0 turns it off ({@code
 *     HEAPCAPTURE_WEBHOOK_PORT})
 * @param webhookService the Service in front of the webhook ({@code HEAPCAPTURE_WEBHOOK_SERVICE})
 * @param webhookConfiguration the MutatingWebhookConfiguration whose caBundle the operator keeps
 *     ({@code HEAPCAPTURE_WEBHOOK_CONFIGURATION})
 * @param webhookCertDir certificates that cert-manager mounts; empty when the operator manages them
 *     ({@code HEAPCAPTURE_WEBHOOK_CERT_DIR})
 * @param injection the JSON of the injection settings ({@code HEAPCAPTURE_INJECTION})
 * @param ownerDeployment the operator's own Deployment, which owns the Secrets it makes so that
 *     deleting the Deployment deletes them ({@code HEAPCAPTURE_OWNER_DEPLOYMENT})
 */
public record OperatorSettings(
    Set<String> namespaces,
    String operatorNamespace,
    String podName,
    boolean leaderElection,
    int healthPort,
    int webhookPort,
    String webhookService,
    String webhookConfiguration,
    Optional<Path> webhookCertDir,
    Optional<String> injection,
    Optional<String> ownerDeployment) {

  public static final String LEASE_NAME = "heapcapture-operator";

  /** Reads the settings; a bad value ends in an {@link IllegalArgumentException} naming it. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String operatorNamespace = value(env, "HEAPCAPTURE_OPERATOR_NAMESPACE").orElse(null);
    boolean leaderElection = flag(env, "HEAPCAPTURE_LEADER_ELECTION");
    if (leaderElection && operatorNamespace == null) {
      throw new IllegalArgumentException(
          "HEAPCAPTURE_LEADER_ELECTION=true needs HEAPCAPTURE_OPERATOR_NAMESPACE (the Lease's home)");
    }
    return new OperatorSettings(
        Arrays.stream(env.getOrDefault("HEAPCAPTURE_NAMESPACES", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        operatorNamespace,
        value(env, "HEAPCAPTURE_POD_NAME").orElseGet(OperatorSettings::hostName),
        leaderElection,
        port(env, "HEAPCAPTURE_HEALTH_PORT", 8081),
        port(env, "HEAPCAPTURE_WEBHOOK_PORT", 9443),
        value(env, "HEAPCAPTURE_WEBHOOK_SERVICE").orElse("heapcapture-webhook"),
        value(env, "HEAPCAPTURE_WEBHOOK_CONFIGURATION").orElse("heapcapture"),
        value(env, "HEAPCAPTURE_WEBHOOK_CERT_DIR").map(Path::of),
        value(env, "HEAPCAPTURE_INJECTION"),
        value(env, "HEAPCAPTURE_OWNER_DEPLOYMENT"));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static boolean flag(Map<String, String> env, String name) {
    String raw = value(env, name).orElse("false");
    return switch (raw.toLowerCase()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got " + raw);
    };
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String raw = value(env, name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(raw);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(
        name + " must be a port number (0 turns it off), got " + raw);
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "heapcapture-operator" : host;
  }
}
