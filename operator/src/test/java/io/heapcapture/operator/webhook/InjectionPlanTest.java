package io.heapcapture.operator.webhook;

import static io.heapcapture.operator.webhook.InjectionFixtures.app;
import static io.heapcapture.operator.webhook.InjectionFixtures.plan;
import static io.heapcapture.operator.webhook.InjectionFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.heapcapture.operator.pod.AppIdentity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InjectionPlanTest {
  @Test
  void theFirstContainerIsTheAppByDefault() {
    Pod pod = pod().editSpec().addToContainers(app("proxy")).endSpec().build();

    assertThat(plan(pod).appContainer()).isEqualTo("app");
  }

  @Test
  void theAnnotationChoosesTheApp() {
    Pod pod =
        pod()
            .editMetadata()
            .addToAnnotations(InjectionKeys.CONTAINER, "backend")
            .endMetadata()
            .editSpec()
            .addToContainers(
                new ContainerBuilder(app("backend"))
                    .addNewEnv()
                    .withName("JAVA_TOOL_OPTIONS")
                    .withValue("-XX:HeapDumpPath=/backend/dumps")
                    .endEnv()
                    .build())
            .endSpec()
            .build();

    InjectionPlan plan = plan(pod);

    assertThat(plan.appContainer()).isEqualTo("backend");
    assertThat(plan.dumpDirectory()).isEqualTo("/backend/dumps");
  }

  @Test
  void anAnnotationNamingNoContainerStopsTheInjection() {
    Pod pod =
        pod().editMetadata().addToAnnotations(InjectionKeys.CONTAINER, "api").endMetadata().build();

    assertThatThrownBy(() -> plan(pod))
        .isInstanceOf(InjectionException.class)
        .hasMessage("heapcapture.io/container names container 'api', which the pod does not have");
  }

  @Test
  void aHeapDumpPathFileMountsItsDirectory() {
    Pod pod =
        withOptions("-XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/var/log/app/heap.hprof");

    assertThat(plan(pod).dumpDirectory()).isEqualTo("/var/log/app");
    assertThat(plan(pod).warnings()).isEmpty();
  }

  @Test
  void aHeapDumpPathDirectoryIsMountedAsIs() {
    assertThat(plan(withOptions("-XX:HeapDumpPath=/var/dumps")).dumpDirectory())
        .isEqualTo("/var/dumps");
  }

  @Test
  void aMountAlreadyAtTheDumpPathKeepsTheAppsVolumeAndUsesTheDefault() {
    Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder(withOptions("-XX:HeapDumpPath=/dumps"))
            .editSpec()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("app-dumps")
            .withMountPath("/dumps")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("app-dumps")
            .withNewPersistentVolumeClaim("dumps", false)
            .endVolume()
            .endSpec()
            .build();

    InjectionPlan plan = plan(pod);

    assertThat(plan.dumpDirectory()).isEqualTo("/heapcapture/dumps");
    assertThat(plan.warnings())
        .singleElement()
        .asString()
        .contains("already mounts volume app-dumps at /dumps, where -XX:HeapDumpPath points")
        .contains("the dump volume is mounted at /heapcapture/dumps");
  }

  @Test
  void aMountAlreadyAtTheDefaultPathStopsTheInjection() {
    Pod pod =
        pod()
            .editSpec()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("other")
            .withMountPath("/heapcapture/dumps")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();

    assertThatThrownBy(() -> plan(pod))
        .isInstanceOf(InjectionException.class)
        .hasMessage("container app already mounts volume other at /heapcapture/dumps");
  }

  @Test
  void theVolumeSizeComesFromTheAnnotationOrTheSettings() {
    Pod sized =
        pod()
            .editMetadata()
            .addToAnnotations(InjectionKeys.DUMP_VOLUME_SIZE, "20Gi")
            .endMetadata()
            .build();
    Pod badlySized =
        pod()
            .editMetadata()
            .addToAnnotations(InjectionKeys.DUMP_VOLUME_SIZE, "20GB")
            .endMetadata()
            .build();

    assertThat(plan(sized).volumeSizeLimit()).isEqualTo(new Quantity("20Gi"));
    assertThat(plan(pod().build()).volumeSizeLimit()).isEqualTo(new Quantity("4Gi"));
    assertThat(plan(badlySized).volumeSizeLimit()).isEqualTo(new Quantity("4Gi"));
    assertThat(plan(badlySized).warnings())
        .containsExactly(
            "heapcapture.io/dump-volume-size: '20GB' is not a size such as 4Gi; the default 4Gi"
                + " applies");
  }

  @Test
  void anUnknownIdentityIsExplainedInAWarning() {
    InjectionPlan plan = plan(InjectionFixtures.anonymousPod().build());

    assertThat(plan.identity()).isEqualTo(new AppIdentity(Optional.empty(), Optional.empty()));
    assertThat(plan.warnings())
        .singleElement()
        .asString()
        .startsWith("the pod does not say which uid and gid container app runs as")
        .endsWith(
            "captures work only if the app runs as the sidecar, uid 65532 (the image's), gid from the image");
  }

  private static Pod withOptions(String options) {
    return pod()
        .editSpec()
        .editFirstContainer()
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue(options)
        .endEnv()
        .endContainer()
        .endSpec()
        .build();
  }
}
