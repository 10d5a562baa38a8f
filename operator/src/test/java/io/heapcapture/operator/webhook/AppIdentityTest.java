package io.heapcapture.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.heapcapture.operator.pod.AppIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppIdentityTest {
  @Test
  void theContainerSaysFirst() {
    Pod pod =
        new PodBuilder(InjectionFixtures.pod().build())
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(2000L)
            .withRunAsGroup(2000L)
            .endSecurityContext()
            .endSpec()
            .build();

    assertThat(identity(pod)).isEqualTo(ids(1000L, 1000L));
  }

  @Test
  void thenThePod() {
    Pod pod =
        InjectionFixtures.anonymousPod()
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(2000L)
            .withRunAsGroup(3000L)
            .endSecurityContext()
            .endSpec()
            .editMetadata()
            .addToAnnotations(InjectionKeys.RUN_AS_USER, "4000")
            .endMetadata()
            .build();

    assertThat(identity(pod)).isEqualTo(ids(2000L, 3000L));
  }

  @Test
  void thenTheAnnotations() {
    Pod pod =
        InjectionFixtures.anonymousPod()
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(2000L)
            .endSecurityContext()
            .endSpec()
            .editMetadata()
            .addToAnnotations(InjectionKeys.RUN_AS_USER, "4000")
            .addToAnnotations(InjectionKeys.RUN_AS_GROUP, " 4001 ")
            .endMetadata()
            .build();

    assertThat(identity(pod)).isEqualTo(ids(2000L, 4001L));
  }

  @Test
  void anAnnotationThatIsNoIdIsIgnoredWithAWarning() {
    Pod pod =
        InjectionFixtures.anonymousPod()
            .editMetadata()
            .addToAnnotations(InjectionKeys.RUN_AS_USER, "app")
            .addToAnnotations(InjectionKeys.RUN_AS_GROUP, "-1")
            .endMetadata()
            .build();
    List<String> warnings = new ArrayList<>();

    AppIdentity identity = AppIdentity.of(pod, pod.getSpec().getContainers().get(0), warnings);

    assertThat(identity.known()).isFalse();
    assertThat(warnings)
        .containsExactly(
            "heapcapture.io/run-as-user: 'app' is not a numeric id; ignored",
            "heapcapture.io/run-as-group: '-1' is not a numeric id; ignored");
  }

  @Test
  void noIdsWhenNothingSays() {
    assertThat(identity(InjectionFixtures.anonymousPod().build()))
        .isEqualTo(new AppIdentity(Optional.empty(), Optional.empty()));
  }

  private static AppIdentity identity(Pod pod) {
    List<String> warnings = new ArrayList<>();
    AppIdentity identity = AppIdentity.of(pod, pod.getSpec().getContainers().get(0), warnings);
    assertThat(warnings).isEmpty();
    return identity;
  }

  private static AppIdentity ids(Long uid, Long gid) {
    return new AppIdentity(Optional.of(uid), Optional.of(gid));
  }
}
