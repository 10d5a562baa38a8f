package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.heapcapture.sidecar.api.SidecarApi;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a pod that reached the webhook gets the sidecar. The webhook configuration sends only
 * pods of opted-in namespaces and pods that opt in themselves; this decides the rest: a pod's own
 * {@code "false"} opts it out, the operator's namespace and kube-system are never touched, and a
 * pod that already has the sidecar is left alone (so a second admission changes nothing).
 */
public final class InjectionPolicy {
  /** The operator's own namespace is added to these; no pod there is ever injected. */
  public static final Set<String> ALWAYS_EXCLUDED = Set.of("kube-system");

  private final Set<String> excludedNamespaces;

  /** {@code operatorNamespace} may be null outside a cluster (tests, local runs). */
  public InjectionPolicy(String operatorNamespace) {
    Set<String> excluded = new LinkedHashSet<>(ALWAYS_EXCLUDED);
    if (operatorNamespace != null && !operatorNamespace.isBlank()) {
      excluded.add(operatorNamespace);
    }
    this.excludedNamespaces = Set.copyOf(excluded);
  }

  /** The namespaces never injected: kube-system and the operator's. */
  public Set<String> excludedNamespaces() {
    return excludedNamespaces;
  }

  /**
   * The verdict for {@code pod}, being created in {@code namespace}.
   *
   * @param namespace the request's namespace (a new pod's metadata may not carry one yet)
   */
  public Verdict decide(String namespace, Pod pod) {
    if (namespace == null || namespace.isEmpty()) {
      // A pod is always created in a namespace; without one, this is not a request to act on.
      return Verdict.skip("the request names no namespace", true);
    }
    if (excludedNamespaces.contains(namespace)) {
      return Verdict.skip("namespace " + namespace + " is never injected", true);
    }
    Optional<String> optOut = optedOut(pod.getMetadata());
    if (optOut.isPresent()) {
      return Verdict.skip(optOut.get(), false);
    }
    if (alreadyInjected(pod)) {
      return Verdict.skip("already injected", false);
    }
    PodSpec spec = pod.getSpec();
    if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
      return Verdict.skip("the pod has no containers", true);
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      // The API server refuses shareProcessNamespace together with hostPID.
      return Verdict.skip("the pod uses hostPID, which cannot share its process namespace", true);
    }
    if (Boolean.FALSE.equals(spec.getShareProcessNamespace())) {
      // An explicit false is the owner's choice (their app may rely on being PID 1): respect it.
      return Verdict.skip("the pod sets shareProcessNamespace: false", true);
    }
    return Verdict.INJECT;
  }

  /** A pod that carries the injected annotation, or any container named like the sidecar. */
  public static boolean alreadyInjected(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    if (meta != null
        && meta.getAnnotations() != null
        && meta.getAnnotations().containsKey(InjectionKeys.INJECTED)) {
      return true;
    }
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return false;
    }
    return Stream.of(spec.getContainers(), spec.getInitContainers())
        .filter(list -> list != null)
        .flatMap(List::stream)
        .map(Container::getName)
        .anyMatch(SidecarApi.CONTAINER_NAME::equals);
  }

  private static Optional<String> optedOut(ObjectMeta meta) {
    if (meta == null) {
      return Optional.empty();
    }
    if (isFalse(meta.getLabels())) {
      return Optional.of("the pod label " + InjectionKeys.INJECT + " is \"false\"");
    }
    if (isFalse(meta.getAnnotations())) {
      return Optional.of("the pod annotation " + InjectionKeys.INJECT + " is \"false\"");
    }
    return Optional.empty();
  }

  private static boolean isFalse(Map<String, String> values) {
    return values != null && "false".equals(values.get(InjectionKeys.INJECT));
  }

  /**
   * Inject or not, and why not.
   *
   * @param inject whether the mutators run
   * @param reason why not; empty when injecting
   * @param tellUser whether the reason is worth a warning to whoever creates the pod (an opt-out is
   *     not)
   */
  public record Verdict(boolean inject, String reason, boolean tellUser) {
    static final Verdict INJECT = new Verdict(true, "", false);

    static Verdict skip(String reason, boolean tellUser) {
      return new Verdict(false, reason, tellUser);
    }
  }
}
