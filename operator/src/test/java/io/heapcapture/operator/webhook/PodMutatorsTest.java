package io.heapcapture.operator.webhook;

import static io.heapcapture.operator.webhook.InjectionFixtures.CA_PEM;
import static io.heapcapture.operator.webhook.InjectionFixtures.app;
import static io.heapcapture.operator.webhook.InjectionFixtures.plan;
import static io.heapcapture.operator.webhook.InjectionFixtures.pod;
import static io.heapcapture.operator.webhook.InjectionFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each mutator alone, on pods in the shapes it must tell apart. */
class PodMutatorsTest {
  @Nested
  class ShareProcessNamespaceTest {
    @Test
    void setsIt() {
      Pod pod = pod().build();

      new ShareProcessNamespace().mutate(pod, plan(pod));

      assertThat(pod.getSpec().getShareProcessNamespace()).isTrue();
    }
  }

  @Nested
  class DumpVolumeTest {
    @Test
    void addsAnOnDiskEmptyDirWithTheSizeLimitAndMountsItInTheAppOnly() {
      Pod pod = pod().editSpec().addToContainers(app("proxy")).endSpec().build();

      new DumpVolume().mutate(pod, plan(pod));

      Volume volume = volume(pod, "heapcapture-dumps");
      assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("4Gi"));
      assertThat(volume.getEmptyDir().getMedium()).isNull();
      assertThat(mounts(container(pod, "app")))
          .containsExactly(Map.entry("heapcapture-dumps", "/heapcapture/dumps"));
      assertThat(container(pod, "proxy").getVolumeMounts()).isEmpty();
    }

    @Test
    void mountsWhereHeapDumpPathPointsBesideTheAppsOwnMounts() {
      Pod pod =
          pod()
              .editSpec()
              .editFirstContainer()
              .withArgs("-XX:HeapDumpPath=/data/dumps/oom.hprof")
              .addNewVolumeMount()
              .withName("data")
              .withMountPath("/data")
              .endVolumeMount()
              .endContainer()
              .addNewVolume()
              .withName("data")
              .withNewEmptyDir()
              .endEmptyDir()
              .endVolume()
              .endSpec()
              .build();

      new DumpVolume().mutate(pod, plan(pod));

      assertThat(mounts(container(pod, "app")))
          .containsExactly(
              Map.entry("data", "/data"), Map.entry("heapcapture-dumps", "/data/dumps"));
      assertThat(pod.getSpec().getVolumes())
          .extracting(Volume::getName)
          .containsExactly("data", "heapcapture-dumps");
    }

    @Test
    void aSecondRunAddsNothing() {
      Pod pod = pod().build();
      InjectionPlan plan = plan(pod);

      new DumpVolume().mutate(pod, plan);
      new DumpVolume().mutate(pod, plan);

      assertThat(pod.getSpec().getVolumes()).hasSize(1);
      assertThat(container(pod, "app").getVolumeMounts()).hasSize(1);
    }
  }

  @Nested
  class SidecarContainerTest {
    @Test
    void addsANativeSidecarWithWhatTheContractSays() {
      Pod pod = pod().build();

      new SidecarContainer(settings(), () -> CA_PEM).mutate(pod, plan(pod));

      Container sidecar = pod.getSpec().getInitContainers().get(0);
      assertThat(sidecar.getName()).isEqualTo("heapcapture");
      assertThat(sidecar.getImage()).isEqualTo("heapcapture/sidecar:0.1.0");
      assertThat(sidecar.getImagePullPolicy()).isEqualTo("IfNotPresent");
      assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
      assertThat(sidecar.getPorts())
          .singleElement()
          .satisfies(
              port -> {
                assertThat(port.getName()).isEqualTo("heapcapture");
                assertThat(port.getContainerPort()).isEqualTo(8086);
              });
      assertThat(env(sidecar))
          .containsExactly(
              Map.entry("HEAPCAPTURE_LISTEN", "0.0.0.0:8086"),
              Map.entry("HEAPCAPTURE_CLIENT_CA", CA_PEM),
              Map.entry(
                  "HEAPCAPTURE_UPLOAD_ENDPOINTS",
                  "https://s3.eu-west-1.amazonaws.com,https://*.s3.eu-west-1.amazonaws.com,"
                      + "http://10.96.0.20:7070"),
              Map.entry("HEAPCAPTURE_DUMP_DIR", "/heapcapture/dumps"),
              Map.entry("HEAPCAPTURE_TARGET_DUMP_DIR", "/heapcapture/dumps"),
              Map.entry("HEAPCAPTURE_DISK_BUDGET_BYTES", String.valueOf(4L << 30)));
      assertThat(sidecar.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(sidecar.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(sidecar.getReadinessProbe().getHttpGet().getPort())
          .isEqualTo(new IntOrString("heapcapture"));
      assertThat(sidecar.getResources()).isEqualTo(settings().resources());
      assertThat(mounts(sidecar))
          .containsExactly(
              Map.entry("heapcapture-dumps", "/heapcapture/dumps"),
              Map.entry("heapcapture-tmp", "/tmp"));
      assertThat(volume(pod, "heapcapture-tmp").getEmptyDir().getSizeLimit())
          .isEqualTo(new Quantity("64Mi"));
    }

    @Test
    void itsSecurityContextIsRestricted() {
      Pod pod = pod().build();

      new SidecarContainer(settings(), () -> CA_PEM).mutate(pod, plan(pod));

      SecurityContext context = pod.getSpec().getInitContainers().get(0).getSecurityContext();
      assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(context.getCapabilities().getAdd()).isEmpty();
      assertThat(context.getReadOnlyRootFilesystem()).isTrue();
      assertThat(context.getRunAsNonRoot()).isTrue();
      assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(context.getPrivileged()).isNull();
    }

    @Test
    void theTargetDumpDirIsWhereTheAppHasTheVolume() {
      Pod pod =
          pod()
              .editSpec()
              .editFirstContainer()
              .withArgs("-XX:HeapDumpPath=/dumps")
              .endContainer()
              .endSpec()
              .build();

      new SidecarContainer(settings(), () -> CA_PEM).mutate(pod, plan(pod));

      assertThat(env(pod.getSpec().getInitContainers().get(0)))
          .containsEntry("HEAPCAPTURE_DUMP_DIR", "/heapcapture/dumps")
          .containsEntry("HEAPCAPTURE_TARGET_DUMP_DIR", "/dumps");
    }

    @Test
    void goesAfterThePodsOwnInitContainers() {
      Pod pod =
          pod()
              .editSpec()
              .addToInitContainers(
                  new ContainerBuilder().withName("migrate").withImage("m:1").build())
              .addToInitContainers(
                  new ContainerBuilder()
                      .withName("mesh")
                      .withImage("p:1")
                      .withRestartPolicy("Always")
                      .build())
              .endSpec()
              .build();

      new SidecarContainer(settings(), () -> CA_PEM).mutate(pod, plan(pod));

      assertThat(pod.getSpec().getInitContainers())
          .extracting(Container::getName)
          .containsExactly("migrate", "mesh", "heapcapture");
    }

    @Test
    void withoutTheClientCaThereIsNoSidecar() {
      Pod pod = pod().build();

      assertThatThrownBy(() -> new SidecarContainer(settings(), () -> null).mutate(pod, plan(pod)))
          .isInstanceOf(InjectionException.class)
          .hasMessage("the sidecars' client CA is not available yet");
    }

    @Test
    void aSecondRunAddsNothing() {
      Pod pod = pod().build();
      SidecarContainer mutator = new SidecarContainer(settings(), () -> CA_PEM);

      mutator.mutate(pod, plan(pod));
      mutator.mutate(pod, plan(pod));

      assertThat(pod.getSpec().getInitContainers()).hasSize(1);
      assertThat(pod.getSpec().getVolumes()).hasSize(1);
    }
  }

  @Nested
  class SidecarIdentityTest {
    @Test
    void runsAsTheAppsUidAndGid() {
      SecurityContext context =
          injected(pod().build()).getSpec().getInitContainers().get(0).getSecurityContext();

      assertThat(context.getRunAsUser()).isEqualTo(1000L);
      assertThat(context.getRunAsGroup()).isEqualTo(1000L);
      assertThat(context.getRunAsNonRoot()).isTrue();
    }

    @Test
    void aRootAppGetsARootSidecarWithoutRunAsNonRoot() {
      Pod pod =
          pod()
              .editSpec()
              .editFirstContainer()
              .editSecurityContext()
              .withRunAsUser(0L)
              .withRunAsGroup(0L)
              .endSecurityContext()
              .endContainer()
              .endSpec()
              .build();

      Pod injected = injected(pod);

      SecurityContext context = injected.getSpec().getInitContainers().get(0).getSecurityContext();
      assertThat(context.getRunAsUser()).isZero();
      assertThat(context.getRunAsGroup()).isZero();
      assertThat(context.getRunAsNonRoot()).isNull();
      assertThat(injected.getMetadata().getAnnotations()).doesNotContainKey(InjectionKeys.IDENTITY);
    }

    @Test
    void noKnownUidLeavesTheImagesUserAndSaysSo() {
      Pod injected = injected(InjectionFixtures.anonymousPod().build());

      SecurityContext context = injected.getSpec().getInitContainers().get(0).getSecurityContext();
      assertThat(context.getRunAsUser()).isNull();
      assertThat(context.getRunAsGroup()).isNull();
      assertThat(context.getRunAsNonRoot()).isTrue();
      assertThat(injected.getMetadata().getAnnotations())
          .containsEntry("heapcapture.io/identity", "unknown");
    }

    @Test
    void aKnownUidWithoutAGidIsSetAndStillUnknown() {
      Pod pod =
          InjectionFixtures.anonymousPod()
              .editSpec()
              .withNewSecurityContext()
              .withRunAsUser(1001L)
              .endSecurityContext()
              .endSpec()
              .build();

      Pod injected = injected(pod);

      SecurityContext context = injected.getSpec().getInitContainers().get(0).getSecurityContext();
      assertThat(context.getRunAsUser()).isEqualTo(1001L);
      assertThat(context.getRunAsGroup()).isNull();
      assertThat(injected.getMetadata().getAnnotations())
          .containsEntry("heapcapture.io/identity", "unknown");
    }

    private Pod injected(Pod pod) {
      InjectionPlan plan = plan(pod);
      new SidecarContainer(settings(), () -> CA_PEM).mutate(pod, plan);
      new SidecarIdentity().mutate(pod, plan);
      return pod;
    }
  }

  @Nested
  class InjectedAnnotationTest {
    @Test
    void namesTheImageAndKeepsTheOtherAnnotations() {
      Pod pod = pod().editMetadata().addToAnnotations("team", "shop").endMetadata().build();

      new InjectedAnnotation("heapcapture/sidecar:0.1.0").mutate(pod, plan(pod));

      assertThat(pod.getMetadata().getAnnotations())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("team", "shop", "heapcapture.io/injected", "heapcapture/sidecar:0.1.0"));
    }
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<Map.Entry<String, String>> mounts(Container container) {
    return container.getVolumeMounts().stream()
        .map((VolumeMount m) -> Map.entry(m.getName(), m.getMountPath()))
        .toList();
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName, EnvVar::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
