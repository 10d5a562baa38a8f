package io.heapcapture.e2e.node;

import static io.heapcapture.e2e.node.TestPods.testbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node's API server enforces Pod Security admission: in a namespace labelled {@code restricted}
 * a pod with a restricted security context is admitted and runs, and one without is refused. (A
 * second test class on the same node, in a namespace of its own.)
 */
class RestrictedNamespaceIT {
  @RegisterExtension
  static final RealNode NODE =
      new RealNode("node-restricted", Map.of("pod-security.kubernetes.io/enforce", "restricted"));

  @Test
  void aPodWithARestrictedSecurityContextIsAdmittedAndRuns() {
    Pod pod =
        pod(
            "restricted",
            new ContainerBuilder(testbox("app"))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(65532L)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .addToDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .build());

    NODE.client().pods().inNamespace(NODE.namespace()).resource(pod).create();

    assertThat(
            TestPods.running(NODE.client(), NODE.namespace(), "restricted").getStatus().getPhase())
        .isEqualTo("Running");
  }

  @Test
  void aPodWithoutARestrictedSecurityContextIsRefused() {
    Pod pod = pod("unrestricted", testbox("app"));

    assertThatThrownBy(
            () -> NODE.client().pods().inNamespace(NODE.namespace()).resource(pod).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
            });
  }

  private static Pod pod(String name, Container container) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(1L)
        .addToContainers(container)
        .endSpec()
        .build();
  }
}
