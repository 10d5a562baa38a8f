package io.heapcapture.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.heapcapture.e2e.cluster.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's important choices, read from what the real {@code helm template} renders: the
 * operator's Deployment and its budget, the restricted security context, the webhook, least
 * privilege in every mode, and values the schema refuses. Runs after the test binaries are built
 * (helm among them), hence an IT.
 */
class ChartTemplateIT {
  private static final String DEFAULTS = "";
  private static final String CERT_MANAGER = "certManager:\n  enabled: true\n";
  private static final String WATCHED = "watchNamespaces: [shop, billing]\n";
  private static final String NO_WEBHOOK = "webhook:\n  enabled: false\n";

  private static Helm helm;
  private static String appVersion;

  @BeforeAll
  static void findHelm() throws IOException {
    helm = Helm.fromTestbed();
    appVersion =
        Files.readAllLines(Helm.chart().resolve("Chart.yaml")).stream()
            .filter(l -> l.startsWith("appVersion:"))
            .map(l -> l.substring("appVersion:".length()).strip().replace("\"", ""))
            .findFirst()
            .orElseThrow();
  }

  static Stream<Named<String>> modes() {
    return Stream.of(
        Named.of("defaults", DEFAULTS),
        Named.of("cert-manager", CERT_MANAGER),
        Named.of("watchNamespaces", WATCHED),
        Named.of("webhook off", NO_WEBHOOK),
        Named.of(
            "one replica", "operator:\n  replicas: 1\n  leaderElection:\n    enabled: false\n"));
  }

  @Test
  void operatorRunsTwoReplicasWithLeaderElection() {
    List<HasMetadata> objects = helm.render(DEFAULTS);
    Deployment deployment = only(objects, Deployment.class);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(value(operator, "HEAPCAPTURE_LEADER_ELECTION")).isEqualTo("true");
    assertThat(value(operator, "HEAPCAPTURE_OWNER_DEPLOYMENT"))
        .as("the Deployment that owns the operator's Secrets")
        .isEqualTo(deployment.getMetadata().getName());
    assertThat(fieldRef(operator, "HEAPCAPTURE_OPERATOR_NAMESPACE"))
        .isEqualTo("metadata.namespace");
    assertThat(fieldRef(operator, "HEAPCAPTURE_POD_NAME")).isEqualTo("metadata.name");
    assertThat(value(operator, "HEAPCAPTURE_NAMESPACES")).isEmpty();
    assertThat(operator.getImage()).isEqualTo("heapcapture/operator:" + appVersion);
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(value(operator, "HEAPCAPTURE_ANALYZER_IMAGE"))
        .isEqualTo("heapcapture/analyzer:" + appVersion);
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(containerPort(operator, "health")).isEqualTo(8081);
    assertThat(value(operator, "HEAPCAPTURE_HEALTH_PORT")).isEqualTo("8081");
    assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity())
        .as("replicas prefer different nodes, and still run on one")
        .satisfies(
            a -> assertThat(a.getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1))
        .satisfies(
            a -> assertThat(a.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty());
  }

  @Test
  void budgetKeepsOneReplicaOfTheOperator() {
    List<HasMetadata> objects = helm.render(DEFAULTS);
    PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
    Deployment deployment = only(objects, Deployment.class);

    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(
            all(
                helm.render("operator:\n  replicas: 1\n  leaderElection:\n    enabled: false\n"),
                PodDisruptionBudget.class))
        .as("a budget of one replica would block every node drain")
        .isEmpty();
  }

  @Test
  void twoReplicasWithoutLeaderElectionAreRefused() {
    Helm.Result result = helm.template("operator:\n  leaderElection:\n    enabled: false\n");

    assertThat(result.succeeded()).as("%s", result).isFalse();
    assertThat(result.stderr()).contains("operator.leaderElection.enabled");
  }

  @Test
  void aBudgetThatBlocksEveryDrainIsRefused() {
    Helm.Result result = helm.template("operator:\n  podDisruptionBudget:\n    minAvailable: 2\n");

    assertThat(result.succeeded()).as("%s", result).isFalse();
    assertThat(result.stderr()).contains("operator.podDisruptionBudget.minAvailable");
  }

  @Test
  void injectionSettingsAreTheContractsJson() throws IOException {
    String values =
        """
        injection:
          image:
            registry: registry.example.com
          dumpVolumeSizeLimit: 8Gi
          allowedEndpoints:
            - https://s3.eu-west-1.amazonaws.com
            - https://*.s3.eu-west-1.amazonaws.com
            - http://10.96.0.20:7070
        """;
    Container operator = operatorContainer(helm.render(values));

    JsonNode settings = new ObjectMapper().readTree(value(operator, "HEAPCAPTURE_INJECTION"));

    assertThat(settings.path("image").asText())
        .isEqualTo("registry.example.com/heapcapture/sidecar:" + appVersion);
    assertThat(settings.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    assertThat(settings.at("/resources/requests/memory").asText()).isEqualTo("96Mi");
    assertThat(settings.at("/resources/limits/memory").asText()).isEqualTo("256Mi");
    assertThat(settings.path("dumpVolumeSizeLimit").asText()).isEqualTo("8Gi");
    assertThat(settings.path("dumpMountPath").asText()).isEqualTo("/heapcapture/dumps");
    assertThat(settings.path("allowedEndpoints"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "https://s3.eu-west-1.amazonaws.com",
            "https://*.s3.eu-west-1.amazonaws.com",
            "http://10.96.0.20:7070");
    assertThat(
            new ObjectMapper()
                .readTree(value(operatorContainer(helm.render(DEFAULTS)), "HEAPCAPTURE_INJECTION"))
                .path("allowedEndpoints")
                .isArray())
        .as("an empty list stays a JSON array")
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void everyPodTemplateIsRestricted(String values) {
    List<PodSpec> pods = podSpecs(helm.render(values));

    assertThat(pods).isNotEmpty();
    for (PodSpec pod : pods) {
      PodSecurityContext podContext =
          Objects.requireNonNullElseGet(pod.getSecurityContext(), PodSecurityContext::new);
      List<Container> containers = new ArrayList<>(pod.getContainers());
      containers.addAll(pod.getInitContainers());
      for (Container container : containers) {
        SecurityContext context =
            Objects.requireNonNullElseGet(container.getSecurityContext(), SecurityContext::new);
        String which = "container " + container.getName();
        assertThat(first(context.getRunAsNonRoot(), podContext.getRunAsNonRoot()))
            .as(which + " runAsNonRoot")
            .isTrue();
        assertThat(first(context.getRunAsUser(), podContext.getRunAsUser()))
            .as(which + " runs as a numeric non-root user")
            .isEqualTo(65532L);
        assertThat(context.getAllowPrivilegeEscalation()).as(which).isFalse();
        assertThat(context.getReadOnlyRootFilesystem()).as(which).isTrue();
        assertThat(context.getPrivileged()).as(which).isNotEqualTo(Boolean.TRUE);
        assertThat(context.getCapabilities().getDrop()).as(which).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).as(which).isEmpty();
        String seccomp =
            Optional.ofNullable(context.getSeccompProfile())
                .or(() -> Optional.ofNullable(podContext.getSeccompProfile()))
                .map(p -> p.getType())
                .orElse(null);
        assertThat(seccomp).as(which + " seccomp profile").isEqualTo("RuntimeDefault");
        assertThat(container.getVolumeMounts())
            .as(which + " has a writable /tmp on a read-only root")
            .anySatisfy(
                m -> {
                  assertThat(m.getMountPath()).isEqualTo("/tmp");
                  assertThat(volume(pod, m.getName()).getEmptyDir()).isNotNull();
                });
      }
      assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
    }
  }

  @Test
  void onlyTheOperatorsPodsGetAnApiToken() {
    List<HasMetadata> objects = helm.render(DEFAULTS);

    assertThat(only(objects, ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
    assertThat(
            only(objects, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAutomountServiceAccountToken())
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void noRuleGrantsExecOrWildcards(String values) {
    List<PolicyRule> rules = allRules(helm.render(values));

    assertThat(rules).isNotEmpty();
    for (PolicyRule rule : rules) {
      assertThat(rule.getVerbs())
          .as("%s", rule)
          .doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources())
          .as("%s", rule)
          .doesNotContain("*", "pods/exec", "pods/attach", "pods/portforward", "nodes/proxy");
      assertThat(rule.getApiGroups()).as("%s", rule).doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).as("%s", rule).isEmpty();
      if (rule.getResources().contains("secrets")) {
        assertThat(rule.getVerbs())
            .as("Secrets are read by name only: %s", rule)
            .doesNotContain("list", "watch");
      }
    }
  }

  @Test
  void byDefaultOneClusterRoleHoldsTheWatchedNamespaceRules() {
    List<HasMetadata> objects = helm.render(DEFAULTS);
    ClusterRole operator = named(objects, ClusterRole.class, "heapcapture-operator");

    assertThat(verbsByResource(operator.getRules())).isEqualTo(expectedWatchedNamespaceRules());
    ClusterRoleBinding binding = named(objects, ClusterRoleBinding.class, "heapcapture-operator");
    assertThat(binding.getRoleRef().getName()).isEqualTo("heapcapture-operator");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(serviceAccount(objects));
              assertThat(s.getNamespace()).isEqualTo(Helm.NAMESPACE);
            });
    assertThat(all(objects, Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsOnly(Helm.NAMESPACE);
  }

  @Test
  void watchedNamespacesGetRolesAndNothingClusterWide() {
    List<HasMetadata> objects = helm.render(WATCHED);

    for (String namespace : List.of("shop", "billing")) {
      Role role =
          all(objects, Role.class).stream()
              .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
              .collect(onlyOne());
      assertThat(verbsByResource(role.getRules())).isEqualTo(expectedWatchedNamespaceRules());
      RoleBinding binding =
          all(objects, RoleBinding.class).stream()
              .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
              .collect(onlyOne());
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(Helm.NAMESPACE);
    }
    for (ClusterRole role : all(objects, ClusterRole.class)) {
      assertThat(role.getRules())
          .as("ClusterRole %s", role.getMetadata().getName())
          .allSatisfy(
              r ->
                  assertThat(r.getResources())
                      .doesNotContain("secrets", "pods", "jobs", "pods/ephemeralcontainers"));
    }
    assertThat(all(objects, ClusterRoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("heapcapture-operator-webhook");
    assertThat(value(operatorContainer(objects), "HEAPCAPTURE_NAMESPACES"))
        .isEqualTo("shop,billing");
  }

  @Test
  void ownNamespaceSecretsAndLeaseAreNamed() {
    Role state = named(helm.render(DEFAULTS), Role.class, "heapcapture-operator-state");

    assertThat(state.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(state.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("secrets");
              assertThat(r.getResourceNames())
                  .containsExactlyInAnyOrder("heapcapture-webhook-tls", "heapcapture-sidecar-ca");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "update");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("secrets");
              assertThat(r.getResourceNames()).isEmpty();
              assertThat(r.getVerbs()).containsExactly("create");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("apps");
              assertThat(r.getResources()).containsExactly("deployments");
              assertThat(r.getResourceNames()).containsExactly("heapcapture");
              assertThat(r.getVerbs()).containsExactly("get");
            })
        // java-operator-sdk checks these before it takes part in the election: create on any
        // Lease, get and update on its own; fabric8's elector takes a Lease over with a patch.
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResourceNames()).isEmpty();
              assertThat(r.getVerbs()).containsExactly("create");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResourceNames()).containsExactly("heapcapture-operator");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "update", "patch");
            });
  }

  @Test
  void webhookInjectsOptedInPodsAndNeverBlocksThem() {
    List<HasMetadata> objects = helm.render(DEFAULTS);
    MutatingWebhookConfiguration configuration = only(objects, MutatingWebhookConfiguration.class);
    Service service = only(objects, Service.class);
    Container operator = operatorContainer(objects);

    assertThat(configuration.getMetadata().getName())
        .isEqualTo(value(operator, "HEAPCAPTURE_WEBHOOK_CONFIGURATION"));
    assertThat(service.getMetadata().getName())
        .isEqualTo(value(operator, "HEAPCAPTURE_WEBHOOK_SERVICE"));
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(containerPort(operator, p.getTargetPort().getStrVal())).isEqualTo(9443);
            });
    assertThat(value(operator, "HEAPCAPTURE_WEBHOOK_PORT")).isEqualTo("9443");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(only(objects, Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(configuration.getWebhooks())
        .extracting(MutatingWebhook::getName)
        .containsExactly("namespace.inject.heapcapture.io", "pod.inject.heapcapture.io");
    for (MutatingWebhook webhook : configuration.getWebhooks()) {
      assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
      assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
      assertThat(webhook.getSideEffects()).isEqualTo("None");
      assertThat(webhook.getClientConfig().getCaBundle())
          .as("left for the operator to patch")
          .isNull();
      assertThat(webhook.getClientConfig().getService().getName())
          .isEqualTo(service.getMetadata().getName());
      assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(Helm.NAMESPACE);
      assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate-pods");
      assertThat(webhook.getRules())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getOperations()).containsExactly("CREATE");
                assertThat(r.getResources()).containsExactly("pods");
                assertThat(r.getApiGroups()).containsExactly("");
              });
      assertThat(selector(webhook.getNamespaceSelector(), "kubernetes.io/metadata.name"))
          .as("the operator's own namespace and kube-system are never injected")
          .isEqualTo("NotIn [kube-system, heapcapture-system]");
    }
    MutatingWebhook byNamespace = configuration.getWebhooks().get(0);
    assertThat(selector(byNamespace.getNamespaceSelector(), "heapcapture.io/inject"))
        .isEqualTo("In [enabled]");
    assertThat(selector(byNamespace.getObjectSelector(), "heapcapture.io/inject"))
        .isEqualTo("NotIn [false]");
    MutatingWebhook byPod = configuration.getWebhooks().get(1);
    assertThat(selector(byPod.getNamespaceSelector(), "heapcapture.io/inject"))
        .isEqualTo("NotIn [enabled]");
    assertThat(byPod.getMatchConditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getExpression())
                    .contains(
                        "object.metadata.labels['heapcapture.io/inject'] == 'true'",
                        "object.metadata.annotations['heapcapture.io/inject'] == 'true'"));
  }

  @Test
  void operatorPatchesOnlyItsOwnWebhookConfiguration() {
    ClusterRole webhook =
        named(helm.render(DEFAULTS), ClusterRole.class, "heapcapture-operator-webhook");

    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("mutatingwebhookconfigurations");
              assertThat(r.getResourceNames()).containsExactly("heapcapture");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            });
  }

  @Test
  void certManagerIssuesTheWebhookCertificate() {
    List<HasMetadata> objects = helm.render(CERT_MANAGER);
    GenericKubernetesResource certificate = generic(objects, "Certificate");
    MutatingWebhookConfiguration configuration = only(objects, MutatingWebhookConfiguration.class);
    Deployment deployment = only(objects, Deployment.class);
    Container operator = operatorContainer(objects);

    Object selfSigned = generic(objects, "Issuer").get("spec", "selfSigned");
    assertThat(selfSigned).isNotNull();
    assertThat(configuration.getMetadata().getAnnotations())
        .containsEntry(
            "cert-manager.io/inject-ca-from",
            Helm.NAMESPACE + "/" + certificate.getMetadata().getName());
    List<String> dnsNames = certificate.get("spec", "dnsNames");
    assertThat(dnsNames)
        .containsExactlyInAnyOrder(
            "heapcapture-webhook",
            "heapcapture-webhook.heapcapture-system",
            "heapcapture-webhook.heapcapture-system.svc",
            "heapcapture-webhook.heapcapture-system.svc.cluster.local");
    String certDir = value(operator, "HEAPCAPTURE_WEBHOOK_CERT_DIR");
    String secretName = certificate.get("spec", "secretName");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo(certDir);
              assertThat(m.getSubPath()).as("a subPath mount never sees a renewal").isNull();
              assertThat(
                      volume(deployment.getSpec().getTemplate().getSpec(), m.getName())
                          .getSecret()
                          .getSecretName())
                  .isEqualTo(secretName);
            });
    assertThat(all(objects, ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .as("cainjector patches caBundle, not the operator")
        .doesNotContain("heapcapture-operator-webhook");
    assertThat(named(objects, Role.class, "heapcapture-operator-state").getRules())
        .allSatisfy(
            r -> assertThat(r.getResourceNames()).doesNotContain("heapcapture-webhook-tls"));
    assertThat(value(operatorContainer(helm.render(DEFAULTS)), "HEAPCAPTURE_WEBHOOK_CERT_DIR"))
        .as("operator mode")
        .isNull();
  }

  @Test
  void aggregatedRolesGiveUsersTheHeapCaptureKinds() {
    List<HasMetadata> objects = helm.render(DEFAULTS);

    Map<String, String> aggregateTo =
        Map.of(
            "heapcapture-admin", "admin", "heapcapture-edit", "edit", "heapcapture-view", "view");
    aggregateTo.forEach(
        (name, role) ->
            assertThat(named(objects, ClusterRole.class, name).getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-" + role, "true"));
    assertThat(verbsByResource(named(objects, ClusterRole.class, "heapcapture-admin").getRules()))
        .containsEntry(
            "heapcapture.io/heapcaptures",
            new TreeSet<>(
                List.of(
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch")));
    assertThat(verbsByResource(named(objects, ClusterRole.class, "heapcapture-edit").getRules()))
        .containsEntry(
            "heapcapture.io/heapcaptures",
            new TreeSet<>(List.of("create", "delete", "get", "list", "patch", "update", "watch")));
    assertThat(verbsByResource(named(objects, ClusterRole.class, "heapcapture-view").getRules()))
        .containsEntry(
            "heapcapture.io/heapcaptures", new TreeSet<>(List.of("get", "list", "watch")));
    for (String name : aggregateTo.keySet()) {
      Map<String, TreeSet<String>> verbs =
          verbsByResource(named(objects, ClusterRole.class, name).getRules());
      assertThat(verbs.get("heapcapture.io/heapcapturepolicies"))
          .as("%s gives the same on policies as on captures", name)
          .isEqualTo(verbs.get("heapcapture.io/heapcaptures"));
    }
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(Named.of("a misspelt key", "operator:\n  replcas: 3\n"), "replcas"),
        Arguments.of(
            Named.of("an unknown top-level key", "webhooks:\n  enabled: false\n"), "webhooks"),
        Arguments.of(
            Named.of("a string for a number", "operator:\n  replicas: two\n"),
            "/operator/replicas"),
        Arguments.of(
            Named.of(
                "an endpoint with a path",
                "injection:\n  allowedEndpoints: [https://s3.example.com/bucket]\n"),
            "/injection/allowedEndpoints/0"),
        Arguments.of(
            Named.of(
                "a pull policy Kubernetes does not know",
                "operator:\n  image:\n    pullPolicy: Sometimes\n"),
            "/operator/image/pullPolicy"),
        Arguments.of(
            Named.of("a webhook timeout over 30 s", "webhook:\n  timeoutSeconds: 60\n"),
            "/webhook/timeoutSeconds"),
        Arguments.of(
            Named.of("a dump volume in memory units", "injection:\n  dumpVolumeSizeLimit: 4G\n"),
            "/injection/dumpVolumeSizeLimit"),
        Arguments.of(
            Named.of(
                "a dump mount path in the sidecar's own /tmp",
                "injection:\n  dumpMountPath: /tmp/dumps\n"),
            "/injection/dumpMountPath"),
        Arguments.of(
            Named.of(
                "an extra env var that would shadow the chart's own",
                "operator:\n  extraEnv:\n    - {name: HEAPCAPTURE_NAMESPACES, value: x}\n"),
            "/operator/extraEnv/0/name"),
        Arguments.of(
            Named.of("a namespace that cannot exist", "watchNamespaces: [Shop_1]\n"),
            "/watchNamespaces/0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void schemaRefusesBadValuesNamingThem(String values, String named) {
    Helm.Result result = helm.template(values);

    assertThat(result.succeeded()).as("%s", result).isFalse();
    assertThat(result.stderr())
        .as("%s", result)
        .contains("values don't meet the specifications")
        .contains(named);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void lintIsClean(String values) {
    Helm.Result result = helm.lint(values);

    assertThat(result.succeeded()).as("%s", result).isTrue();
    assertThat(result.stdout()).as("%s", result).doesNotContain("[WARNING]", "[ERROR]");
  }

  /**
   * The operator's rules in a watched namespace, as docs/reference.md ("Permissions") lists them.
   */
  private static Map<String, TreeSet<String>> expectedWatchedNamespaceRules() {
    Map<String, TreeSet<String>> rules = new TreeMap<>();
    rules.put(
        "heapcapture.io/heapcaptures",
        set("get", "list", "watch", "create", "patch", "update", "delete"));
    rules.put("heapcapture.io/heapcapturepolicies", set("get", "list", "watch", "patch", "update"));
    rules.put("heapcapture.io/heapcapturepolicies/status", set("get", "patch", "update"));
    rules.put("heapcapture.io/heapcapturepolicies/finalizers", set("update"));
    rules.put("heapcapture.io/heapcaptures/status", set("get", "patch", "update"));
    rules.put("heapcapture.io/heapcaptures/finalizers", set("update"));
    rules.put("/pods", set("get", "list", "watch"));
    rules.put("/pods/ephemeralcontainers", set("patch"));
    rules.put("batch/jobs", set("get", "list", "watch", "create", "delete"));
    rules.put("/secrets", set("get", "create", "delete"));
    rules.put("/events", set("create", "patch"));
    rules.put("events.k8s.io/events", set("create", "patch"));
    return rules;
  }

  private static TreeSet<String> set(String... verbs) {
    return new TreeSet<>(List.of(verbs));
  }

  /** {@code group/resource → verbs}, for rules without resource names. */
  private static Map<String, TreeSet<String>> verbsByResource(List<PolicyRule> rules) {
    Map<String, TreeSet<String>> verbs = new TreeMap<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          verbs
              .computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
              .addAll(rule.getVerbs());
        }
      }
    }
    return verbs;
  }

  private static List<PolicyRule> allRules(List<HasMetadata> objects) {
    List<PolicyRule> rules = new ArrayList<>();
    all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
    return rules;
  }

  private static List<PodSpec> podSpecs(List<HasMetadata> objects) {
    List<PodSpec> pods = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof Deployment d) {
        pods.add(d.getSpec().getTemplate().getSpec());
      } else if (object instanceof Job j) {
        pods.add(j.getSpec().getTemplate().getSpec());
      } else if (object instanceof CronJob c) {
        pods.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
      } else if (object instanceof io.fabric8.kubernetes.api.model.Pod p) {
        pods.add(p.getSpec());
      } else if (object instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
        pods.add(s.getSpec().getTemplate().getSpec());
      } else if (object instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet s) {
        pods.add(s.getSpec().getTemplate().getSpec());
      }
    }
    return pods;
  }

  /** {@code "<operator> [values]"} of the selector's expression on {@code key}. */
  private static String selector(
      io.fabric8.kubernetes.api.model.LabelSelector selector, String key) {
    return selector.getMatchExpressions().stream()
        .filter(e -> key.equals(e.getKey()))
        .map(e -> e.getOperator() + " " + e.getValues())
        .collect(onlyOne());
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> name.equals(v.getName())).collect(onlyOne());
  }

  private static Container operatorContainer(List<HasMetadata> objects) {
    return only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String serviceAccount(List<HasMetadata> objects) {
    return only(objects, Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getServiceAccountName();
  }

  private static int containerPort(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .map(p -> p.getContainerPort())
        .collect(onlyOne());
  }

  private static String value(Container container, String name) {
    return env(container, name).map(EnvVar::getValue).orElse(null);
  }

  private static String fieldRef(Container container, String name) {
    return env(container, name).orElseThrow().getValueFrom().getFieldRef().getFieldPath();
  }

  private static Optional<EnvVar> env(Container container, String name) {
    List<EnvVar> matching =
        container.getEnv().stream().filter(e -> name.equals(e.getName())).toList();
    assertThat(matching).as("env %s at most once", name).hasSizeLessThanOrEqualTo(1);
    return matching.stream().findFirst();
  }

  private static <T> T first(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }

  private static GenericKubernetesResource generic(List<HasMetadata> objects, String kind) {
    return objects.stream()
        .filter(o -> o instanceof GenericKubernetesResource && kind.equals(o.getKind()))
        .map(GenericKubernetesResource.class::cast)
        .collect(onlyOne());
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return all(objects, type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .collect(onlyOne());
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    return all(objects, type).stream().collect(onlyOne());
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
    return java.util.stream.Collectors.collectingAndThen(
        java.util.stream.Collectors.toList(),
        list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        });
  }
}
