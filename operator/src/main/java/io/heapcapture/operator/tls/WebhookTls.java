package io.heapcapture.operator.tls;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
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
   * {@code certDir} present means cert-manager mode ({@link MountedWebhookCertificate}); otherwise
   * the operator manages the certificate ({@link WebhookCertificates}) in a Secret of {@code
   * secrets}, for the webhook's {@code service}, and keeps the {@code caBundle} of the
   * MutatingWebhookConfiguration {@code configuration} current. Returns with a certificate in
   * place; call {@link #start()} to follow renewals.
   */
  static WebhookTls of(
      KubernetesClient client,
      OwnedSecrets secrets,
      Optional<Path> certDir,
      String service,
      String configuration,
      Clock clock) {
    if (certDir.isPresent()) {
      return new MountedWebhookCertificate(certDir.get(), clock);
    }
    WebhookCertificates certificates =
        new WebhookCertificates(client, secrets, service, configuration, clock);
    certificates.refresh();
    return certificates;
  }
}
