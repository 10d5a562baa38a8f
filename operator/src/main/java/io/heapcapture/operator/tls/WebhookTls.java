package io.heapcapture.operator.tls;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The admission webhook's TLS, for its HTTPS server: a context whose certificate follows renewals
 * by itself, whichever way the certificate is managed.
 */
public interface WebhookTls extends AutoCloseable {
  /** Server-side TLS with the current serving certificate; the same object for the whole run. */
  SSLContext sslContext();

  /** Starts following renewals in the background. */
  void start();

  @Override
  void close();

  /**
   * From the operator's environment: {@code HEAPCAPTURE_WEBHOOK_CERT_DIR} set means cert-manager
   * mode ({@link MountedWebhookCertificate}); otherwise the operator manages the certificate
   * ({@link WebhookCertificates}) from {@code HEAPCAPTURE_OPERATOR_NAMESPACE}, {@code
   * HEAPCAPTURE_WEBHOOK_SERVICE} and {@code HEAPCAPTURE_WEBHOOK_CONFIGURATION}. Returns with a
   * certificate in place; call {@link #start()} to follow renewals.
   */
  static WebhookTls fromEnvironment(KubernetesClient client, Map<String, String> env, Clock clock) {
    String certDir = env.get("HEAPCAPTURE_WEBHOOK_CERT_DIR");
    if (certDir != null && !certDir.isBlank()) {
      return new MountedWebhookCertificate(Path.of(certDir), clock);
    }
    String namespace = env.get("HEAPCAPTURE_OPERATOR_NAMESPACE");
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException(
          "HEAPCAPTURE_OPERATOR_NAMESPACE must be set for the webhook's certificate");
    }
    WebhookCertificates certificates =
        new WebhookCertificates(
            client,
            namespace,
            env.getOrDefault("HEAPCAPTURE_WEBHOOK_SERVICE", "heapcapture-webhook"),
            env.getOrDefault("HEAPCAPTURE_WEBHOOK_CONFIGURATION", "heapcapture"),
            clock);
    certificates.refresh();
    return certificates;
  }
}
