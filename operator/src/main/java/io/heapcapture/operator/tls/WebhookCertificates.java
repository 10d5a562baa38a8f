package io.heapcapture.operator.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's certificate when the operator manages it: the Secret {@value #SECRET_NAME} in the
 * operator's namespace (created by the first replica, rotated by {@link WebhookRotation}), the
 * {@code caBundle} of every webhook in the MutatingWebhookConfiguration, and the serving
 * certificate the webhook's HTTPS server presents. {@link #refresh()} brings all three in line; it
 * runs at start and then every {@link #REFRESH_PERIOD}, so a rotation by another replica, or a
 * {@code helm upgrade} that reset the {@code caBundle}, is followed within that period.
 */
public final class WebhookCertificates implements WebhookTls {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookCertificates.class);

  /** The Secret (type {@code kubernetes.io/tls}, plus {@code ca.crt} and {@code ca.key}). */
  public static final String SECRET_NAME = "heapcapture-webhook-tls";

  static final Duration REFRESH_PERIOD = Duration.ofMinutes(1);
  private static final String TYPE = "kubernetes.io/tls";
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final OwnedSecrets secrets;
  private final String configuration;
  private final WebhookRotation rotation;
  private final SSLContext context;
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "webhook-certificates");
            thread.setDaemon(true);
            return thread;
          });
  private volatile IssuedCertificate serving;
  private volatile String caBundle;

  /**
   * {@code service}: the webhook's Service (the certificate names it in all four forms); {@code
   * configuration}: the MutatingWebhookConfiguration whose {@code caBundle} to keep current.
   */
  public WebhookCertificates(
      KubernetesClient client,
      OwnedSecrets secrets,
      String service,
      String configuration,
      Clock clock) {
    String namespace = secrets.namespace();
    this.client = client;
    this.secrets = secrets;
    this.configuration = configuration;
    this.rotation = new WebhookRotation(dnsNames(service, namespace), clock);
    this.context = ServerContexts.following(() -> serving);
  }

  /** The names of the webhook's Service, as the API server may call it. */
  public static List<String> dnsNames(String service, String namespace) {
    return List.of(
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  /** Creates or rotates the Secret as due, takes its serving certificate, patches caBundle. */
  public synchronized void refresh() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      OwnedSecrets.Stored stored =
          secrets.getOrCreate(SECRET_NAME, TYPE, () -> rotation.next(Map.of()).orElseThrow());
      Optional<Map<String, String>> next = rotation.next(stored.data());
      if (next.isEmpty()) {
        use(stored.data());
        return;
      }
      if (secrets.replace(SECRET_NAME, TYPE, stored, next.get())) {
        LOG.info(
            "rotated the webhook certificate in Secret {}/{}", secrets.namespace(), SECRET_NAME);
        use(next.get());
        return;
      }
      // Another replica wrote the Secret since we read it: read theirs.
    }
    throw new IllegalStateException(
        "Secret " + SECRET_NAME + " kept changing under us; will try again");
  }

  @Override
  public SSLContext sslContext() {
    return context;
  }

  /** The serving certificate presented now; null before the first {@link #refresh()}. */
  public IssuedCertificate servingCertificate() {
    return serving;
  }

  /** The CA bundle (PEM) the API server is given; null before the first {@link #refresh()}. */
  public String caBundle() {
    return caBundle;
  }

  @Override
  public void start() {
    long period = REFRESH_PERIOD.toSeconds();
    refresher.scheduleWithFixedDelay(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            LOG.warn("could not refresh the webhook certificate: {}", e.toString());
          }
        },
        period,
        period,
        TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }

  private void use(Map<String, String> data) {
    IssuedCertificate current =
        WebhookRotation.servingIn(data)
            .orElseThrow(() -> new IllegalStateException("Secret " + SECRET_NAME + " is unusable"));
    if (serving == null || !serving.certificate().equals(current.certificate())) {
      LOG.info("serving the webhook with {}", current.describe());
    }
    serving = current;
    caBundle = data.get(WebhookRotation.CA_CERT);
    patchCaBundle(caBundle);
  }

  private void patchCaBundle(String bundlePem) {
    String encoded =
        Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.US_ASCII));
    var configurations = client.admissionRegistration().v1().mutatingWebhookConfigurations();
    MutatingWebhookConfiguration current = configurations.withName(configuration).get();
    if (current == null) {
      LOG.debug("no MutatingWebhookConfiguration {} to patch", configuration);
      return;
    }
    List<MutatingWebhook> webhooks =
        current.getWebhooks() == null ? List.of() : current.getWebhooks();
    if (webhooks.stream().allMatch(w -> encoded.equals(caBundleOf(w)))) {
      return;
    }
    try {
      configurations
          .withName(configuration)
          .edit(
              c -> {
                c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
                return c;
              });
      LOG.info("patched caBundle of {} webhook(s) in {}", webhooks.size(), configuration);
    } catch (KubernetesClientException e) {
      LOG.warn("could not patch caBundle of {}: {}", configuration, e.getMessage());
    }
  }

  private static String caBundleOf(MutatingWebhook webhook) {
    return webhook.getClientConfig() == null ? null : webhook.getClientConfig().getCaBundle();
  }
}
