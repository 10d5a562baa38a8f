package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.e2e.cluster.ControlPlane;
import io.heapcapture.operator.sidecar.SidecarTrust;
import io.heapcapture.operator.tls.IssuedCertificate;
import io.heapcapture.operator.tls.OwnedSecrets;
import io.heapcapture.operator.tls.Pem;
import io.heapcapture.operator.tls.SecretsOwner;
import io.heapcapture.operator.tls.WebhookCertificates;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Secrets the operator keeps in its own namespace, against a real API server: created once
 * however many replicas start together, read back by later ones, and (the webhook's) rotated with
 * its caBundle patched into the MutatingWebhookConfiguration.
 */
class OperatorSecretsIT {
  private static final String SERVICE = "heapcapture-webhook";
  private static final String CONFIGURATION = "heapcapture-it";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static ControlPlane controlPlane;

  @BeforeAll
  static void start() {
    controlPlane = ControlPlane.start();
  }

  @AfterAll
  static void stop() {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void replicasStartingTogetherShareOneSidecarCa() throws Exception {
    String namespace = newNamespace();
    ExecutorService replicas = Executors.newFixedThreadPool(3);
    try {
      Callable<SidecarTrust> load = () -> SidecarTrust.load(secrets(namespace), Clock.systemUTC());
      List<Future<SidecarTrust>> started = replicas.invokeAll(List.of(load, load, load));

      String ca = started.get(0).get().clientCaPem();
      for (Future<SidecarTrust> replica : started) {
        assertThat(replica.get().clientCaPem()).isEqualTo(ca);
      }
      assertThat(SidecarTrust.load(secrets(namespace), Clock.systemUTC()).clientCaPem())
          .as("a replica started later")
          .isEqualTo(ca);
      Secret secret = secret(namespace, SidecarTrust.SECRET_NAME);
      assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key");
      assertThat(decode(secret, "ca.crt")).isEqualTo(ca);
      IssuedCertificate client = started.get(1).get().clientCertificate();
      trustOf(Pem.certificates(ca))
          .checkClientTrusted(new X509Certificate[] {client.certificate()}, "EC");
    } finally {
      replicas.shutdownNow();
    }
  }

  @Test
  void theWebhookSecretIsCreatedOnceAndTheCaBundlePatchedIntoEveryWebhook() throws Exception {
    String namespace = newNamespace();
    createWebhookConfiguration();
    WebhookCertificates first =
        new WebhookCertificates(
            client(), secrets(namespace), SERVICE, CONFIGURATION, Clock.systemUTC());
    WebhookCertificates second =
        new WebhookCertificates(
            client(), secrets(namespace), SERVICE, CONFIGURATION, Clock.systemUTC());

    first.refresh();
    second.refresh();

    assertThat(second.servingCertificate().certificate())
        .isEqualTo(first.servingCertificate().certificate());
    Secret secret = secret(namespace, WebhookCertificates.SECRET_NAME);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt");
    assertThat(caBundles()).hasSize(2).allSatisfy(b -> assertThat(b).isEqualTo(first.caBundle()));
    trustOf(Pem.certificates(first.caBundle()))
        .checkServerTrusted(
            new X509Certificate[] {first.servingCertificate().certificate()}, "ECDHE_ECDSA");
    assertThat(
            first.servingCertificate().certificate().getSubjectAlternativeNames().stream()
                .map(n -> (String) n.get(1)))
        .contains(SERVICE + "." + namespace + ".svc");
  }

  @Test
  void aRotationRenewsTheServingCertificateAndKeepsBothCasInTheBundle() throws Exception {
    String namespace = newNamespace();
    createWebhookConfiguration();
    MovableClock clock = new MovableClock();
    WebhookCertificates replica =
        new WebhookCertificates(client(), secrets(namespace), SERVICE, CONFIGURATION, clock);
    replica.refresh();
    IssuedCertificate first = replica.servingCertificate();
    String firstBundle = replica.caBundle();

    clock.advance(Duration.ofDays(250));
    replica.refresh();
    IssuedCertificate renewed = replica.servingCertificate();
    assertThat(renewed.certificate()).isNotEqualTo(first.certificate());
    assertThat(replica.caBundle()).isEqualTo(firstBundle);

    clock.advance(Duration.ofDays(1000));
    WebhookCertificates otherReplica =
        new WebhookCertificates(client(), secrets(namespace), SERVICE, CONFIGURATION, clock);
    otherReplica.refresh();
    replica.refresh();

    List<X509Certificate> bundle = Pem.certificates(replica.caBundle());
    assertThat(bundle).hasSize(2);
    assertThat(bundle.get(1)).isEqualTo(Pem.certificates(firstBundle).get(0));
    assertThat(replica.servingCertificate().certificate())
        .isEqualTo(otherReplica.servingCertificate().certificate());
    assertThat(caBundles()).allSatisfy(b -> assertThat(b).isEqualTo(replica.caBundle()));
    replica.servingCertificate().certificate().verify(bundle.get(0).getPublicKey());
  }

  @Test
  void withoutAWebhookConfigurationTheSecretIsStillMade() {
    String namespace = newNamespace();
    WebhookCertificates certificates =
        new WebhookCertificates(client(), secrets(namespace), SERVICE, "absent", Clock.systemUTC());

    certificates.refresh();

    assertThat(secret(namespace, WebhookCertificates.SECRET_NAME)).isNotNull();
  }

  @Test
  void theOperatorsDeploymentOwnsItsSecretsSoThatDeletingItDeletesThem() {
    String namespace = newNamespace();
    Deployment deployment = createDeployment(namespace, "heapcapture");
    OwnedSecrets owned =
        new OwnedSecrets(
            client(), namespace, SecretsOwner.deployment(client(), namespace, "heapcapture"));

    SidecarTrust.load(owned, Clock.systemUTC());
    WebhookCertificates certificates =
        new WebhookCertificates(client(), owned, SERVICE, "absent", Clock.systemUTC());
    certificates.refresh();

    for (String name : List.of(SidecarTrust.SECRET_NAME, WebhookCertificates.SECRET_NAME)) {
      assertThat(secret(namespace, name).getMetadata().getOwnerReferences())
          .as(name)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getKind()).isEqualTo("Deployment");
                assertThat(r.getUid()).isEqualTo(deployment.getMetadata().getUid());
                assertThat(r.getBlockOwnerDeletion()).isFalse();
              });
    }
  }

  @Test
  void aSecretMadeBeforeTheOperatorHadAnOwnerIsAdopted() {
    String namespace = newNamespace();
    String ca = SidecarTrust.load(secrets(namespace), Clock.systemUTC()).clientCaPem();
    assertThat(secret(namespace, SidecarTrust.SECRET_NAME).getMetadata().getOwnerReferences())
        .isEmpty();
    Deployment deployment = createDeployment(namespace, "heapcapture");

    SidecarTrust upgraded =
        SidecarTrust.load(
            new OwnedSecrets(
                client(), namespace, SecretsOwner.deployment(client(), namespace, "heapcapture")),
            Clock.systemUTC());

    assertThat(upgraded.clientCaPem()).as("the same CA, kept").isEqualTo(ca);
    assertThat(secret(namespace, SidecarTrust.SECRET_NAME).getMetadata().getOwnerReferences())
        .extracting(r -> r.getUid())
        .containsExactly(deployment.getMetadata().getUid());
  }

  @Test
  void withoutItsDeploymentTheOperatorStillMakesItsSecrets() {
    String namespace = newNamespace();

    SidecarTrust.load(
        new OwnedSecrets(
            client(), namespace, SecretsOwner.deployment(client(), namespace, "absent")),
        Clock.systemUTC());

    assertThat(secret(namespace, SidecarTrust.SECRET_NAME).getMetadata().getOwnerReferences())
        .isEmpty();
  }

  private static OwnedSecrets secrets(String namespace) {
    return new OwnedSecrets(client(), namespace, Optional.empty());
  }

  private static Deployment createDeployment(String namespace, String name) {
    Map<String, String> labels = Map.of("app", name);
    return client()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("operator")
                .withImage("heapcapture/operator:test")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  private static KubernetesClient client() {
    return controlPlane.client();
  }

  private static String newNamespace() {
    String namespace = "operator-" + NAMESPACES.incrementAndGet();
    client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return namespace;
  }

  private static void createWebhookConfiguration() {
    client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .delete();
    client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(CONFIGURATION)
                .endMetadata()
                .withWebhooks(webhook("pods.heapcapture.io"), webhook("more.heapcapture.io"))
                .build())
        .create();
  }

  private static MutatingWebhook webhook(String name) {
    return new MutatingWebhookBuilder()
        .withName(name)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withFailurePolicy("Ignore")
        .withNewClientConfig()
        .withNewService()
        .withName(SERVICE)
        .withNamespace("heapcapture-system")
        .withPath("/mutate-pods")
        .endService()
        .endClientConfig()
        .build();
  }

  private static List<String> caBundles() {
    return client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .get()
        .getWebhooks()
        .stream()
        .map(
            w ->
                new String(
                    Base64.getDecoder().decode(w.getClientConfig().getCaBundle()),
                    StandardCharsets.US_ASCII))
        .toList();
  }

  private static Secret secret(String namespace, String name) {
    return client().secrets().inNamespace(namespace).withName(name).get();
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static X509TrustManager trustOf(List<X509Certificate> authorities) throws Exception {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    for (int i = 0; i < authorities.size(); i++) {
      anchors.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  /**
   * A clock the test moves (the JDK's trust checks keep the real time: this test verifies
   * signatures).
   */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
