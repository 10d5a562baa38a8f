package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Settings and pods for the injection tests. */
final class InjectionFixtures {
  static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

  static final String CONTRACT_JSON =
      """
      {
        "image": "heapcapture/sidecar:0.1.0",
        "imagePullPolicy": "IfNotPresent",
        "resources": {"requests": {"cpu": "10m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
        "dumpVolumeSizeLimit": "4Gi",
        "dumpMountPath": "/heapcapture/dumps",
        "allowedEndpoints": ["https://s3.eu-west-1.amazonaws.com",
            "https://*.s3.eu-west-1.amazonaws.com", "http://10.96.0.20:7070"]
      }
      """;

  private InjectionFixtures() {}

  static InjectionSettings settings() {
    return InjectionSettings.parse(CONTRACT_JSON);
  }

  /** A pod "shop-0" with one container "app" running as 1000:1000, nothing else. */
  static PodBuilder pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("shop-0")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addToContainers(app("app"))
        .endSpec();
  }

  /** A pod whose containers say nothing about who they run as. */
  static PodBuilder anonymousPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("shop-0")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("shop/app:1")
        .endContainer()
        .endSpec();
  }

  static Container app(String name) {
    return new ContainerBuilder()
        .withName(name)
        .withImage("shop/" + name + ":1")
        .withNewSecurityContext()
        .withRunAsUser(1000L)
        .withRunAsGroup(1000L)
        .endSecurityContext()
        .build();
  }

  static InjectionPlan plan(Pod pod) {
    return InjectionPlan.of(pod, settings());
  }
}
