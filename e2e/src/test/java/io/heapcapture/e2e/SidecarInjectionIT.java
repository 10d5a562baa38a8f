package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.e2e.cluster.ControlPlane;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.operator.webhook.AdmissionWebhook;
import io.heapcapture.operator.webhook.InjectionPolicy;
import io.heapcapture.operator.webhook.InjectionSettings;
import io.heapcapture.operator.webhook.SidecarInjector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook, running in this JVM over HTTPS, called by a real kube-apiserver through the
 * MutatingWebhookConfiguration in {@code webhook/mutating-webhook-configuration.yaml}. Pods are API
 * objects only (no kubelet): what is checked is what the API server stores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SidecarInjectionIT {
  private static final Logger log = LoggerFactory.getLogger(SidecarInjectionIT.class);
  private static final String OPERATOR_NAMESPACE = "heapcapture-system";
  private static final String OPTED_IN = "shop";
  private static final String PLAIN = "plain";
  private static final String RESTRICTED = "restricted-shop";
  private static final String CLIENT_CA =
      "-----BEGIN CERTIFICATE-----\nMIIBsidecarclientca\n-----END CERTIFICATE-----\n";
  private static final String SETTINGS =
      """
      {"image": "heapcapture/sidecar:0.1.0", "imagePullPolicy": "IfNotPresent",
       "resources": {"requests": {"cpu": "10m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
       "dumpVolumeSizeLimit": "4Gi", "dumpMountPath": "/heapcapture/dumps",
       "allowedEndpoints": ["http://127.0.0.1:7070"]}
      """;

  @TempDir static Path dir;
  private static ControlPlane cluster;
  private static KubernetesClient client;
  private static AdmissionWebhook webhook;
  // What the webhook answered, by namespace/name: which pods the configuration sends at all.
  private static final Map<String, AdmissionResponse> answered = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = ControlPlane.start();
    client = cluster.client();
    WebhookCertificate certificate = WebhookCertificate.create(dir);
    SidecarInjector injector =
        new SidecarInjector(
            InjectionSettings.parse(SETTINGS),
            new InjectionPolicy(OPERATOR_NAMESPACE),
            () -> CLIENT_CA);
    webhook =
        new AdmissionWebhook(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            certificate.serverContext(),
            request -> {
              AdmissionResponse response = injector.admit(request);
              answered.put(request.getNamespace() + "/" + request.getName(), response);
              return response;
            });
    webhook.start();
    namespace(OPTED_IN, Map.of("heapcapture.io/inject", "enabled"));
    namespace(PLAIN, Map.of());
    namespace(
        RESTRICTED,
        Map.of(
            "heapcapture.io/inject",
            "enabled",
            "pod-security.kubernetes.io/enforce",
            "restricted"));
    // Even labelled, these two are never injected.
    namespace(OPERATOR_NAMESPACE, Map.of("heapcapture.io/inject", "enabled"));
    client
        .namespaces()
        .withName("kube-system")
        .edit(
            n ->
                new NamespaceBuilder(n)
                    .editMetadata()
                    .addToLabels("heapcapture.io/inject", "enabled")
                    .endMetadata()
                    .build());
    registerWebhook(
        "https://127.0.0.1:" + webhook.port() + AdmissionWebhook.PATH, certificate.caBundle());
  }

  @AfterAll
  static void stop() {
    if (webhook != null) {
      webhook.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aPodOfAnOptedInNamespaceGetsTheNativeSidecar() {
    Pod stored = create(OPTED_IN, pod("shop-0").build());

    assertInjected(stored);
    Container app = stored.getSpec().getContainers().get(0);
    assertThat(app.getVolumeMounts())
        .extracting(m -> m.getName() + "@" + m.getMountPath())
        .containsExactly("heapcapture-dumps@/heapcapture/dumps");
    Container sidecar = stored.getSpec().getInitContainers().get(0);
    assertThat(sidecar.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(sidecar.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
    assertThat(sidecar.getEnv())
        .anySatisfy(
            e ->
                assertThat(e.getName() + "=" + e.getValue())
                    .isEqualTo("HEAPCAPTURE_CLIENT_CA=" + CLIENT_CA));
  }

  @Test
  @Order(2)
  void theAppGetsTheVolumeWhereHeapDumpPathPoints() {
    Pod pod =
        pod("shop-dumps")
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("JAVA_TOOL_OPTIONS")
            .withValue("-XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/var/dumps/app.hprof")
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    Pod stored = create(OPTED_IN, pod);

    assertThat(stored.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getName() + "@" + m.getMountPath())
        .containsExactly("heapcapture-dumps@/var/dumps");
    assertThat(stored.getSpec().getInitContainers().get(0).getEnv())
        .anySatisfy(
            e ->
                assertThat(e.getName() + "=" + e.getValue())
                    .isEqualTo("HEAPCAPTURE_TARGET_DUMP_DIR=/var/dumps"));
  }

  @Test
  @Order(3)
  void aSecondAdmissionOfAnInjectedPodChangesNothing() {
    Pod first = client.pods().inNamespace(OPTED_IN).withName("shop-0").get();
    Pod copy =
        new PodBuilder()
            .withNewMetadata()
            .withName("shop-0-copy")
            .withLabels(first.getMetadata().getLabels())
            .withAnnotations(first.getMetadata().getAnnotations())
            .endMetadata()
            .withSpec(first.getSpec())
            .build();

    Pod stored = create(OPTED_IN, copy);

    assertThat(answered.get(OPTED_IN + "/shop-0-copy"))
        .as("the webhook was asked, and answered without a patch")
        .isNotNull()
        .satisfies(r -> assertThat(r.getPatch()).isNull());
    assertThat(stored.getSpec()).isEqualTo(first.getSpec());
    assertThat(stored.getMetadata().getAnnotations())
        .isEqualTo(first.getMetadata().getAnnotations());
  }

  @Test
  @Order(4)
  void aPodThatOptsInIsInjectedInANamespaceThatDoesNot() {
    Pod byLabel =
        create(
            PLAIN,
            pod("by-label")
                .editMetadata()
                .addToLabels("heapcapture.io/inject", "true")
                .endMetadata()
                .build());
    Pod byAnnotation =
        create(
            PLAIN,
            pod("by-annotation")
                .editMetadata()
                .addToAnnotations("heapcapture.io/inject", "true")
                .endMetadata()
                .build());
    Pod neither = create(PLAIN, pod("neither").build());

    assertInjected(byLabel);
    assertInjected(byAnnotation);
    assertUntouched(neither);
    assertThat(answered)
        .as("matchConditions keep other pods away")
        .doesNotContainKey(PLAIN + "/neither");
  }

  @Test
  @Order(5)
  void aPodThatOptsOutIsUntouched() {
    assertUntouched(
        create(
            OPTED_IN,
            pod("out-by-label")
                .editMetadata()
                .addToLabels("heapcapture.io/inject", "false")
                .endMetadata()
                .build()));
    assertUntouched(
        create(
            OPTED_IN,
            pod("out-by-annotation")
                .editMetadata()
                .addToAnnotations("heapcapture.io/inject", "false")
                .endMetadata()
                .build()));
    assertThat(answered)
        .as("the objectSelector keeps the label's opt-out away")
        .doesNotContainKey(OPTED_IN + "/out-by-label");
    assertThat(answered.get(OPTED_IN + "/out-by-annotation"))
        .isNotNull()
        .satisfies(r -> assertThat(r.getPatch()).isNull());
  }

  @Test
  @Order(6)
  void kubeSystemAndTheOperatorsNamespaceAreNeverTouched() {
    Pod optingIn =
        pod("asks")
            .editMetadata()
            .addToLabels("heapcapture.io/inject", "true")
            .endMetadata()
            .build();

    assertUntouched(create("kube-system", optingIn));
    assertUntouched(create(OPERATOR_NAMESPACE, optingIn));
    assertThat(answered)
        .as("the namespaceSelectors keep both away")
        .doesNotContainKeys("kube-system/asks", OPERATOR_NAMESPACE + "/asks");
  }

  @Test
  @Order(7)
  void aRestrictedPodStaysAdmittedWithTheSidecar() {
    Pod stored = create(RESTRICTED, restricted(pod("restricted-0")).build());

    assertInjected(stored);
    // The app's own settings are per container, so the sidecar passes on its own: without its
    // seccomp profile (and marked injected, so the webhook leaves it be) the same pod is refused.
    Pod weakened =
        new PodBuilder(stored)
            .withNewMetadata()
            .withName("weakened")
            .withAnnotations(stored.getMetadata().getAnnotations())
            .endMetadata()
            .build();
    weakened.getSpec().getInitContainers().get(0).getSecurityContext().setSeccompProfile(null);
    assertThatThrownBy(() -> create(RESTRICTED, weakened))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"")
        .hasMessageContaining(
            "container \"heapcapture\" must set securityContext.seccompProfile.type");
  }

  @Test
  @Order(8)
  void aRestrictedPodWithoutAUidIsInjectedAsUnknownAndWarned() throws IOException {
    Pod pod =
        restricted(
                new PodBuilder(pod("anonymous").build())
                    .editSpec()
                    .editFirstContainer()
                    .withSecurityContext(null)
                    .endContainer()
                    .endSpec())
            .build();
    Path manifest = dir.resolve("anonymous.yaml");
    Files.writeString(manifest, client.getKubernetesSerialization().asYaml(pod));

    Kubectl.Result result = cluster.kubectl().apply(manifest, RESTRICTED);

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.stderr())
        .contains(
            "Warning: heapcapture: the pod does not say which uid and gid container app runs as");
    Pod stored = client.pods().inNamespace(RESTRICTED).withName("anonymous").get();
    assertInjected(stored);
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry("heapcapture.io/identity", "unknown");
    assertThat(stored.getSpec().getInitContainers().get(0).getSecurityContext().getRunAsUser())
        .isNull();
  }

  @Test
  @Order(9)
  void withTheWebhookStoppedPodsAreStillAdmitted() {
    webhook.close();

    long started = System.nanoTime();
    Pod stored = create(OPTED_IN, pod("while-stopped").build());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    log.info("pod created in {} ms with the webhook stopped", took.toMillis());
    assertUntouched(stored);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @Order(10)
  void withTheWebhookHungPodsAreAdmittedAfterItsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // never answers, not even the TLS handshake
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      pointWebhookAt("https://127.0.0.1:" + silent.getLocalPort() + AdmissionWebhook.PATH);

      long started = System.nanoTime();
      Pod stored = create(OPTED_IN, pod("while-hung").build());
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      log.info("pod created in {} ms with the webhook hung", took.toMillis());
      assertUntouched(stored);
      assertThat(took).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(15));
    }
  }

  private static void assertInjected(Pod stored) {
    assertThat(stored.getSpec().getShareProcessNamespace()).isTrue();
    assertThat(stored.getSpec().getInitContainers())
        .filteredOn(c -> c.getName().equals("heapcapture"))
        .singleElement()
        .satisfies(
            sidecar -> {
              assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
              assertThat(sidecar.getImage()).isEqualTo("heapcapture/sidecar:0.1.0");
              assertThat(sidecar.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
              assertThat(sidecar.getVolumeMounts())
                  .extracting(m -> m.getName() + "@" + m.getMountPath())
                  .containsExactly("heapcapture-dumps@/heapcapture/dumps", "heapcapture-tmp@/tmp");
            });
    assertThat(stored.getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("heapcapture-dumps"))
        .singleElement()
        .extracting(Volume::getEmptyDir)
        .satisfies(
            emptyDir -> {
              assertThat(emptyDir.getSizeLimit()).isEqualTo(new Quantity("4Gi"));
              assertThat(emptyDir.getMedium()).isNullOrEmpty();
            });
    assertThat(stored.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getName())
        .contains("heapcapture-dumps");
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry("heapcapture.io/injected", "heapcapture/sidecar:0.1.0");
  }

  private static void assertUntouched(Pod stored) {
    assertThat(stored.getSpec().getInitContainers()).isEmpty();
    assertThat(stored.getSpec().getShareProcessNamespace()).isNull();
    assertThat(stored.getSpec().getVolumes()).isEmpty();
    assertThat(stored.getMetadata().getAnnotations()).doesNotContainKey("heapcapture.io/injected");
  }

  private static Pod create(String namespace, Pod pod) {
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** One container "app" that runs as 1000:1000. */
  private static PodBuilder pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "shop")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("shop/app:1")
        .withNewSecurityContext()
        .withRunAsUser(1000L)
        .withRunAsGroup(1000L)
        .endSecurityContext()
        .endContainer()
        .endSpec();
  }

  /**
   * What the restricted Pod Security Standard asks of the app, set on its container only, so that
   * nothing of the pod's own security context helps the sidecar pass.
   */
  private static PodBuilder restricted(PodBuilder pod) {
    return pod.editSpec()
        .editFirstContainer()
        .editOrNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec();
  }

  private static void namespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static void registerWebhook(String url, String caBundle) throws IOException {
    String yaml;
    try (InputStream in =
        SidecarInjectionIT.class.getResourceAsStream(
            "/webhook/mutating-webhook-configuration.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    yaml =
        yaml.replace("${WEBHOOK_URL}", url)
            .replace("${CA_BUNDLE}", caBundle)
            .replace("${OPERATOR_NAMESPACE}", OPERATOR_NAMESPACE);
    MutatingWebhookConfiguration configuration =
        client
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    client.resource(configuration).create();
    log.info("registered the webhook configuration:\n{}", yaml);
    // The API server picks up webhook configurations from its informer: wait until it calls ours.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (int i = 0; ; i++) {
      Pod probe = create(OPTED_IN, pod("probe-" + i).build());
      client.resource(probe).delete();
      if (probe.getMetadata().getAnnotations().containsKey("heapcapture.io/injected")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the API server never called the webhook");
      }
      sleep(Duration.ofMillis(200));
    }
  }

  private static void pointWebhookAt(String url) {
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("heapcapture")
        .edit(
            c -> {
              c.getWebhooks().forEach(w -> w.getClientConfig().setUrl(url));
              return c;
            });
    // The API server's informer needs a moment to see the new URL.
    sleep(Duration.ofSeconds(2));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
