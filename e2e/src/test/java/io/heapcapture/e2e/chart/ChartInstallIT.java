package io.heapcapture.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.e2e.cluster.ControlPlane;
import io.heapcapture.e2e.cluster.Helm;
import io.heapcapture.e2e.cluster.Kubectl;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart installed with the real helm into the real API server, which has no kubelet: no pod
 * runs, but every object must be accepted as rendered (the webhook's CEL match conditions, the RBAC
 * rules), the RBAC authorizer answers for the operator's ServiceAccount as docs/reference.md says,
 * and {@code helm upgrade} keeps the caBundle the operator patched in. The install on a real node,
 * with running pods, is another test's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallIT {
  private static final String OPERATOR =
      "system:serviceaccount:" + Helm.NAMESPACE + ":" + Helm.RELEASE;
  private static final String WATCHED = "shop";

  private static ControlPlane cluster;
  private static Helm helm;
  private static Helm.Result install;

  @BeforeAll
  static void install() {
    cluster = ControlPlane.start();
    for (String namespace : List.of(Helm.NAMESPACE, WATCHED)) {
      cluster
          .client()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    helm = Helm.fromTestbed();
    install = helm.onCluster(cluster.kubeconfig(), "install", "");
  }

  @AfterAll
  static void stopControlPlane() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void installIsAcceptedAndWarnsAboutMissingEndpoints() {
    assertThat(install.succeeded()).as("%s", install).isTrue();
    assertThat(install.stdout())
        .contains("WARNING: injection.allowedEndpoints is empty")
        .contains("kubectl label namespace <namespace> heapcapture.io/inject=enabled")
        .contains("kubectl -n <namespace> get hcap");
    MutatingWebhookConfiguration configuration = webhookConfiguration();
    assertThat(configuration.getWebhooks())
        .extracting(MutatingWebhook::getName)
        .containsExactly("namespace.inject.heapcapture.io", "pod.inject.heapcapture.io");
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace(Helm.NAMESPACE)
                .withName(Helm.RELEASE)
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
  }

  /** What the RBAC authorizer answers for the operator's ServiceAccount, in the default mode. */
  @ParameterizedTest(name = "{0} {1} {2} -n {3}: {4}")
  @Order(2)
  @CsvSource({
    "watch, heapcaptures.heapcapture.io, '', shop, yes",
    "patch, heapcaptures.heapcapture.io, status, shop, yes",
    "delete, heapcaptures.heapcapture.io, '', shop, yes",
    "create, heapcaptures.heapcapture.io, '', shop, yes",
    "watch, heapcapturepolicies.heapcapture.io, '', shop, yes",
    "patch, heapcapturepolicies.heapcapture.io, status, shop, yes",
    "create, heapcapturepolicies.heapcapture.io, '', shop, no",
    "delete, heapcapturepolicies.heapcapture.io, '', shop, no",
    "get, deployments.apps/heapcapture, '', heapcapture-system, yes",
    "get, deployments.apps/other, '', heapcapture-system, no",
    "list, pods, '', shop, yes",
    "create, pods, exec, shop, no",
    "get, pods, exec, shop, no",
    "patch, pods, ephemeralcontainers, shop, yes",
    "delete, pods, '', shop, no",
    "create, jobs.batch, '', shop, yes",
    "get, secrets, '', shop, yes",
    "list, secrets, '', shop, no",
    "update, secrets, '', shop, no",
    "get, secrets/heapcapture-sidecar-ca, '', heapcapture-system, yes",
    "update, secrets/heapcapture-webhook-tls, '', heapcapture-system, yes",
    "update, secrets/someone-elses, '', heapcapture-system, no",
    "create, leases.coordination.k8s.io, '', heapcapture-system, yes",
    "update, leases.coordination.k8s.io/heapcapture-operator, '', heapcapture-system, yes",
    "patch, leases.coordination.k8s.io/heapcapture-operator, '', heapcapture-system, yes",
    "update, leases.coordination.k8s.io/kube-scheduler, '', heapcapture-system, no",
    "create, leases.coordination.k8s.io, '', shop, no",
    "patch, mutatingwebhookconfigurations.admissionregistration.k8s.io/heapcapture, '', '', yes",
    "patch, mutatingwebhookconfigurations.admissionregistration.k8s.io/another, '', '', no",
    "list, customresourcedefinitions.apiextensions.k8s.io, '', '', no",
    "create, events, '', shop, yes",
    "create, events.events.k8s.io, '', shop, yes",
  })
  void operatorMayDoWhatItNeedsAndNoMore(
      String verb, String resource, String subresource, String namespace, String answer) {
    List<String> args =
        new java.util.ArrayList<>(List.of("auth", "can-i", verb, resource, "--as=" + OPERATOR));
    if (!subresource.isEmpty()) {
      args.add("--subresource=" + subresource);
    }
    args.add(namespace.isEmpty() ? "--all-namespaces=false" : "--namespace=" + namespace);
    Kubectl.Result result = cluster.kubectl().run(args.toArray(String[]::new));

    assertThat(result.stdout().strip()).as("%s", result).isEqualTo(answer);
  }

  @Test
  @Order(3)
  void upgradeKeepsThePatchedCaBundle() {
    String bundle =
        Base64.getEncoder()
            .encodeToString(
                "-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n"
                    .getBytes(StandardCharsets.UTF_8));
    // What the operator does once it has made its CA.
    Kubectl.Result patch =
        cluster
            .kubectl()
            .run(
                "patch",
                "mutatingwebhookconfiguration",
                Helm.RELEASE,
                "--type=json",
                "--patch=[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\""
                    + bundle
                    + "\"},{\"op\":\"add\",\"path\":\"/webhooks/1/clientConfig/caBundle\",\"value\":\""
                    + bundle
                    + "\"}]");
    assertThat(patch.succeeded()).as("%s", patch).isTrue();

    Helm.Result upgrade =
        helm.onCluster(
            cluster.kubeconfig(),
            "upgrade",
            "injection:\n  allowedEndpoints: [https://s3.eu-west-1.amazonaws.com]\n");
    assertThat(upgrade.succeeded()).as("%s", upgrade).isTrue();
    assertThat(upgrade.stdout()).doesNotContain("WARNING");
    assertThat(webhookConfiguration().getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(bundle));

    // --force replaces the object instead of patching it: only the lookup keeps caBundle then.
    Helm.Result forced = helm.onCluster(cluster.kubeconfig(), "upgrade", "", "--force");
    assertThat(forced.succeeded()).as("%s", forced).isTrue();
    assertThat(webhookConfiguration().getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(bundle));
  }

  @Test
  @Order(4)
  void watchedNamespacesConfineTheOperator() {
    Helm.Result upgrade =
        helm.onCluster(cluster.kubeconfig(), "upgrade", "watchNamespaces: [" + WATCHED + "]\n");
    assertThat(upgrade.succeeded()).as("%s", upgrade).isTrue();

    assertThat(canI("get", "secrets", WATCHED)).isEqualTo("yes");
    assertThat(canI("get", "secrets", "elsewhere")).isEqualTo("no");
    assertThat(canI("list", "pods", "elsewhere")).isEqualTo("no");
    assertThat(canI("watch", "heapcaptures.heapcapture.io", WATCHED)).isEqualTo("yes");
    assertThat(canI("update", "leases.coordination.k8s.io/heapcapture-operator", Helm.NAMESPACE))
        .isEqualTo("yes");
  }

  private static String canI(String verb, String resource, String namespace) {
    Kubectl.Result result =
        cluster
            .kubectl()
            .run("auth", "can-i", verb, resource, "--as=" + OPERATOR, "--namespace=" + namespace);
    return result.stdout().strip();
  }

  @Test
  @Order(5)
  void uninstallLeavesOnlyTheCrd() {
    Helm.Result uninstall =
        helm.run(
            "uninstall",
            Helm.RELEASE,
            "--namespace",
            Helm.NAMESPACE,
            "--kubeconfig",
            cluster.kubeconfig().toString());

    assertThat(uninstall.succeeded()).as("%s", uninstall).isTrue();
    KubernetesClient client = cluster.client();
    assertThat(webhookConfiguration()).isNull();
    assertThat(
            client
                .rbac()
                .clusterRoles()
                .withLabel("app.kubernetes.io/instance", Helm.RELEASE)
                .list()
                .getItems())
        .isEmpty();
    assertThat(client.apps().deployments().inNamespace(Helm.NAMESPACE).list().getItems()).isEmpty();
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("heapcaptures.heapcapture.io")
                .get())
        .as("Helm never deletes crds/: the captures stay")
        .isNotNull();
  }

  private static MutatingWebhookConfiguration webhookConfiguration() {
    return cluster
        .client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(Helm.RELEASE)
        .get();
  }
}
