package io.heapcapture.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.e2e.cluster.ControlPlane;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRD upgrade path that docs/reference.md ("Upgrading") gives, through the real API server: a
 * HeapCapture stored under an older CRD, installed as {@code helm install} installs it, survives
 * {@code kubectl apply --server-side --force-conflicts -f charts/heapcapture/crds/} intact, and the
 * new schema then applies to it.
 */
class CrdUpgradeIT {
  private static final String CRD = "heapcaptures.heapcapture.io";
  private static final String NAMESPACE = "shop";
  private static final String CAPTURE = "before-upgrade";

  private static ControlPlane cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void startControlPlane() {
    cluster = ControlPlane.start();
    kubectl = cluster.kubectl();
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stopControlPlane() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void storedCaptureSurvivesTheDocumentedCrdUpgrade() throws IOException {
    installOlderCrdAsHelmDoes();
    assertThat(specProperties())
        .as("the older CRD has no spec.analysis")
        .doesNotContain("analysis");
    succeeded(kubectl.apply(resource("crd-upgrade/stored-capture.yaml"), NAMESPACE));
    succeeded(
        kubectl.run(
            "patch",
            "heapcapture",
            CAPTURE,
            "-n",
            NAMESPACE,
            "--subresource=status",
            "--type=merge",
            "--patch-file=" + resource("crd-upgrade/stored-status.json")));
    JsonNode before = stored();
    assertThat(before.at("/status/targets/0/objectUri").asText()).endsWith(".hprof.zst");

    // Why the documented command has --force-conflicts: helm's create owns .spec.versions.
    Kubectl.Result withoutForce = kubectl.run("apply", "--server-side", "-f", crdDir());
    assertThat(withoutForce.succeeded()).as("%s", withoutForce).isFalse();
    assertThat(withoutForce.stderr()).contains("conflict with \"helm\"");
    assertThat(stored()).as("a refused upgrade changes nothing").isEqualTo(before);

    Kubectl.Result upgrade =
        kubectl.run("apply", "--server-side", "--force-conflicts", "-f", crdDir());

    succeeded(upgrade);
    waitEstablished();
    assertThat(specProperties()).as("the chart's CRD is served now").contains("analysis");
    JsonNode after = stored();
    // A field the new CRD adds with a default reads back with it: the API server defaults what
    // it reads from etcd. Everything that was stored is unchanged.
    assertThat(after.at("/spec/target/mode").asText()).isEqualTo("Auto");
    ((ObjectNode) after.path("spec").path("target")).remove("mode");
    assertThat(after.path("spec")).isEqualTo(before.path("spec"));
    assertThat(after.path("status")).isEqualTo(before.path("status"));
    assertThat(after.at("/metadata/uid")).isEqualTo(before.at("/metadata/uid"));
    assertThat(after.at("/metadata/generation")).isEqualTo(before.at("/metadata/generation"));
    HeapCapture typed =
        cluster
            .client()
            .resources(HeapCapture.class)
            .inNamespace(NAMESPACE)
            .withName(CAPTURE)
            .get();
    assertThat(typed.getStatus().getTargets().get(0).getRawBytes()).isEqualTo(734003200L);
    assertThat(typed.getSpec().getStorage().getCredentialsSecret().getName())
        .isEqualTo("s3-credentials");
    assertThat(
            cluster
                .client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(CRD)
                .get()
                .getStatus()
                .getStoredVersions())
        .containsExactly("v1alpha1");

    // The new schema applies to the old object: its defaults fill a field the old one lacked.
    succeeded(
        kubectl.run(
            "patch",
            "heapcapture",
            CAPTURE,
            "-n",
            NAMESPACE,
            "--type=merge",
            "--patch={\"spec\":{\"analysis\":{}}}"));
    JsonNode analysed = stored();
    assertThat(analysed.at("/spec/analysis/baseline").asText()).isEqualTo("PreviousCapture");
    assertThat(analysed.at("/spec/analysis/enabled").asBoolean()).isTrue();
    assertThat(analysed.at("/spec/target").get("selector"))
        .isEqualTo(before.at("/spec/target").get("selector"));
    assertThat(analysed.at("/spec/target/container"))
        .isEqualTo(before.at("/spec/target/container"));
  }

  /**
   * Replaces the control plane's CRD with the older one, created the way {@code helm install}
   * creates {@code crds/}: a plain create by the field manager "helm", so the upgrade meets the
   * same field ownership as on a real cluster.
   */
  private static void installOlderCrdAsHelmDoes() {
    var crds = cluster.client().apiextensions().v1().customResourceDefinitions();
    crds.withName(CRD).delete();
    crds.withName(CRD).waitUntilCondition(crd -> crd == null, 60, TimeUnit.SECONDS);
    succeeded(
        kubectl.run(
            "create",
            "--field-manager=helm",
            "-f",
            resource("crd-upgrade/heapcaptures.heapcapture.io-v1-d5706d0.yml").toString()));
    waitEstablished();
  }

  private static String crdDir() {
    return Testbed.root().resolve("charts").resolve("heapcapture").resolve("crds").toString();
  }

  private static void waitEstablished() {
    succeeded(
        kubectl.run(
            Duration.ofSeconds(90),
            "wait",
            "--for=condition=Established",
            "crd/" + CRD,
            "--timeout=60s"));
  }

  private static String specProperties() {
    CustomResourceDefinition crd =
        cluster.client().apiextensions().v1().customResourceDefinitions().withName(CRD).get();
    return crd.getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec")
        .getProperties()
        .keySet()
        .toString();
  }

  private static JsonNode stored() throws IOException {
    Kubectl.Result result = kubectl.getJson("heapcapture", CAPTURE, NAMESPACE);
    succeeded(result);
    return new ObjectMapper().readTree(result.stdout());
  }

  private static void succeeded(Kubectl.Result result) {
    assertThat(result.succeeded()).as("%s", result).isTrue();
  }

  private static Path resource(String name) {
    URL url = CrdUpgradeIT.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
