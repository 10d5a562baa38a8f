package io.heapcapture.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InjectionPolicyTest {
  private final InjectionPolicy policy = new InjectionPolicy("heapcapture-system");

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, namespace, change to the plain pod, inject?, tell the user?
        row("plain pod in an opted-in namespace", "shop", p -> p, true, false),
        row(
            "pod annotation true",
            "shop",
            p -> p.editMetadata().addToAnnotations(inject("true")).endMetadata(),
            true,
            false),
        row(
            "pod label true",
            "shop",
            p -> p.editMetadata().addToLabels(inject("true")).endMetadata(),
            true,
            false),
        row("kube-system", "kube-system", p -> p, false, true),
        row("the operator's namespace", "heapcapture-system", p -> p, false, true),
        row(
            "kube-system even when the pod asks",
            "kube-system",
            p -> p.editMetadata().addToLabels(inject("true")).endMetadata(),
            false,
            true),
        row(
            "pod label false",
            "shop",
            p -> p.editMetadata().addToLabels(inject("false")).endMetadata(),
            false,
            false),
        row(
            "pod annotation false",
            "shop",
            p -> p.editMetadata().addToAnnotations(inject("false")).endMetadata(),
            false,
            false),
        row(
            "label false beats annotation true",
            "shop",
            p ->
                p.editMetadata()
                    .addToLabels(inject("false"))
                    .addToAnnotations(inject("true"))
                    .endMetadata(),
            false,
            false),
        row(
            "already annotated as injected",
            "shop",
            p ->
                p.editMetadata()
                    .addToAnnotations(InjectionKeys.INJECTED, "heapcapture/sidecar:0.0.9")
                    .endMetadata(),
            false,
            false),
        row(
            "already has the sidecar",
            "shop",
            p ->
                p.editSpec()
                    .addToInitContainers(new ContainerBuilder().withName("heapcapture").build())
                    .endSpec(),
            false,
            false),
        row(
            "has a container named like the sidecar",
            "shop",
            p ->
                p.editSpec()
                    .addToContainers(new ContainerBuilder().withName("heapcapture").build())
                    .endSpec(),
            false,
            false),
        row("uses hostPID", "shop", p -> p.editSpec().withHostPID(true).endSpec(), false, true),
        row(
            "says shareProcessNamespace false",
            "shop",
            p -> p.editSpec().withShareProcessNamespace(false).endSpec(),
            false,
            true),
        row(
            "already shares its process namespace",
            "shop",
            p -> p.editSpec().withShareProcessNamespace(true).endSpec(),
            true,
            false),
        row("has no containers", "shop", p -> p.editSpec().withContainers().endSpec(), false, true),
        row("no namespace in the request", null, p -> p, false, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String namespace, UnaryOperator<PodBuilder> change, boolean inject, boolean tell) {
    Pod pod = change.apply(InjectionFixtures.pod()).build();

    InjectionPolicy.Verdict verdict = policy.decide(namespace, pod);

    assertThat(verdict.inject()).as(verdict.reason()).isEqualTo(inject);
    assertThat(verdict.tellUser()).isEqualTo(tell);
    assertThat(verdict.reason().isEmpty()).isEqualTo(inject);
  }

  @Test
  void withoutAnOperatorNamespaceOnlyKubeSystemIsExcluded() {
    assertThat(new InjectionPolicy(null).excludedNamespaces()).containsExactly("kube-system");
    assertThat(policy.excludedNamespaces())
        .containsExactlyInAnyOrder("kube-system", "heapcapture-system");
  }

  private static Arguments row(
      String name,
      String namespace,
      UnaryOperator<PodBuilder> change,
      boolean inject,
      boolean tell) {
    return Arguments.of(Named.of(name, namespace), change, inject, tell);
  }

  private static Map<String, String> inject(String value) {
    return Map.of(InjectionKeys.INJECT, value);
  }
}
