package io.heapcapture.operator.webhook;

import static io.heapcapture.operator.webhook.InjectionFixtures.CA_PEM;
import static io.heapcapture.operator.webhook.InjectionFixtures.pod;
import static io.heapcapture.operator.webhook.InjectionFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SidecarInjectorTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final SidecarInjector injector =
      new SidecarInjector(settings(), new InjectionPolicy("heapcapture-system"), () -> CA_PEM);

  @Test
  void thePatchAppliedToThePodAsSentGivesTheInjectedPod() {
    Pod pod = pod().build();

    AdmissionResponse response = injector.admit(creation("shop", pod));

    assertThat(response.getUid()).isEqualTo("uid-1");
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");
    assertThat(response.getWarnings()).isNullOrEmpty();
    Pod injected = applied(pod, response);
    assertThat(injected.getSpec().getShareProcessNamespace()).isTrue();
    assertThat(injected.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("heapcapture");
    assertThat(injected.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getName() + "@" + m.getMountPath())
        .containsExactly("heapcapture-dumps@/heapcapture/dumps");
    assertThat(injected.getMetadata().getAnnotations())
        .containsEntry("heapcapture.io/injected", "heapcapture/sidecar:0.1.0");
    assertThat(injector.failures()).isZero();
  }

  @Test
  void thePatchOnlyAddsToWhatThePodHas() {
    Pod pod =
        pod()
            .editMetadata()
            .addToAnnotations("team", "shop")
            .endMetadata()
            .editSpec()
            .addToInitContainers(
                new ContainerBuilder().withName("migrate").withImage("m:1").build())
            .endSpec()
            .build();

    JsonNode patch = patchOf(injector.admit(creation("shop", pod)));

    assertThat(patch)
        .allSatisfy(op -> assertThat(op.get("op").asText()).isEqualTo("add"))
        .extracting(op -> op.get("path").asText())
        .contains(
            "/metadata/annotations/heapcapture.io~1injected",
            "/spec/initContainers/1",
            "/spec/shareProcessNamespace");
    assertThat(applied(pod, injector.admit(creation("shop", pod))).getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("migrate", "heapcapture");
  }

  @Test
  void aSecondAdmissionOfTheInjectedPodChangesNothing() {
    Pod pod = pod().build();
    Pod injected = applied(pod, injector.admit(creation("shop", pod)));

    AdmissionResponse again = injector.admit(creation("shop", injected));

    assertThat(again.getAllowed()).isTrue();
    assertThat(again.getPatch()).isNull();
    assertThat(again.getWarnings()).isNullOrEmpty();
  }

  @Test
  void theWarningsOfThePlanReachTheUser() {
    Pod pod = InjectionFixtures.anonymousPod().build();

    AdmissionResponse response = injector.admit(creation("shop", pod));

    assertThat(response.getPatch()).isNotNull();
    assertThat(response.getWarnings())
        .singleElement()
        .asString()
        .startsWith("heapcapture: the pod does not say which uid and gid");
    assertThat(applied(pod, response).getMetadata().getAnnotations())
        .containsEntry("heapcapture.io/identity", "unknown");
  }

  @Test
  void kubeSystemIsAdmittedUntouchedWithAWarning() {
    AdmissionResponse response = injector.admit(creation("kube-system", pod().build()));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getWarnings())
        .containsExactly("heapcapture: not injected: namespace kube-system is never injected");
    assertThat(injector.failures()).isZero();
  }

  @Test
  void anOptedOutPodIsAdmittedSilently() {
    Pod pod = pod().editMetadata().addToLabels(InjectionKeys.INJECT, "false").endMetadata().build();

    AdmissionResponse response = injector.admit(creation("shop", pod));

    assertThat(response.getPatch()).isNull();
    assertThat(response.getWarnings()).isNullOrEmpty();
  }

  @Test
  void aPodThatCannotBeInjectedIsAdmittedWithAWarningAndCounted() {
    Pod pod =
        pod().editMetadata().addToAnnotations(InjectionKeys.CONTAINER, "api").endMetadata().build();

    AdmissionResponse response = injector.admit(creation("shop", pod));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getPatchType()).isNull();
    assertThat(response.getWarnings())
        .containsExactly(
            "heapcapture: sidecar not injected: heapcapture.io/container names container 'api',"
                + " which the pod does not have");
    assertThat(injector.failures()).isEqualTo(1);
  }

  @Test
  void anUnexpectedErrorIsAdmittedWithAWarningToo() {
    Supplier<String> brokenCa =
        () -> {
          throw new IllegalStateException("CA Secret unreadable");
        };
    SidecarInjector broken = new SidecarInjector(settings(), new InjectionPolicy(null), brokenCa);

    AdmissionResponse response = broken.admit(creation("shop", pod().build()));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getWarnings())
        .containsExactly(
            "heapcapture: sidecar not injected: java.lang.IllegalStateException: CA Secret"
                + " unreadable");
    assertThat(broken.failures()).isEqualTo(1);
  }

  @Test
  void onlyPodCreationsAreMutated() {
    AdmissionRequest update = creation("shop", pod().build());
    update.setOperation("UPDATE");
    AdmissionRequest ephemeral = creation("shop", pod().build());
    ephemeral.setSubResource("ephemeralcontainers");

    assertThat(injector.admit(update).getPatch()).isNull();
    assertThat(injector.admit(ephemeral).getPatch()).isNull();
    assertThat(injector.admit(update).getAllowed()).isTrue();
  }

  /** A request as the API server sends it: parsed from JSON, the pod as a plain object. */
  static AdmissionRequest creation(String namespace, Pod pod) {
    String json =
        """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "uid-1", "kind": {"group": "", "version": "v1", "kind": "Pod"},
           "resource": {"group": "", "version": "v1", "resource": "pods"},
           "namespace": "%s", "operation": "CREATE", "object": %s}}
        """
            .formatted(namespace, JSON.asJson(pod));
    return JSON.unmarshal(json, AdmissionReview.class).getRequest();
  }

  static JsonNode patchOf(AdmissionResponse response) {
    byte[] patch = Base64.getDecoder().decode(response.getPatch());
    return JSON.unmarshal(new String(patch, StandardCharsets.UTF_8), JsonNode.class);
  }

  static Pod applied(Pod pod, AdmissionResponse response) {
    JsonNode sent = JSON.convertValue(pod, JsonNode.class);
    return JSON.convertValue(JsonPatch.apply(patchOf(response), sent), Pod.class);
  }
}
