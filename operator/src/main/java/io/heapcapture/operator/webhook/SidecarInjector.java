package io.heapcapture.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the admission of one pod: runs the {@link PodMutator}s on a copy and returns the
 * difference as a JSON patch. It never refuses a pod: whatever goes wrong, the pod is admitted as
 * it came, with a warning for whoever created it, a log line and a count.
 */
public final class SidecarInjector {
  /** Every warning starts with this, so users can tell where it came from. */
  static final String WARNING_PREFIX = "heapcapture: ";

  private static final Logger log = LoggerFactory.getLogger(SidecarInjector.class);
  private static final String JSON_PATCH = "JSONPatch";
  // Plain add/replace/remove operations: the easiest patch to read in an audit log.
  private static final EnumSet<DiffFlags> PATCH_FLAGS =
      EnumSet.of(
          DiffFlags.OMIT_MOVE_OPERATION,
          DiffFlags.OMIT_COPY_OPERATION,
          DiffFlags.OMIT_VALUE_ON_REMOVE);

  private final InjectionSettings settings;
  private final InjectionPolicy policy;
  private final List<PodMutator> mutators;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final AtomicLong failures = new AtomicLong();

  /**
   * @param clientCa PEM of the CA certificate(s) whose client certificates may command the
   *     sidecars; read at each injection, so a rotated CA reaches new pods
   */
  public SidecarInjector(
      InjectionSettings settings, InjectionPolicy policy, Supplier<String> clientCa) {
    this.settings = settings;
    this.policy = policy;
    // Order matters: the identity is set on the container that SidecarContainer adds.
    this.mutators =
        List.of(
            new ShareProcessNamespace(),
            new DumpVolume(),
            new SidecarContainer(settings, clientCa),
            new SidecarIdentity(),
            new InjectedAnnotation(settings.image()));
  }

  /** How many admissions failed and were answered without a patch, since start. */
  public long failures() {
    return failures.get();
  }

  /** The response to {@code request}: always allowed, with a patch when the sidecar is added. */
  public AdmissionResponse admit(AdmissionRequest request) {
    AdmissionResponse response = new AdmissionResponse();
    response.setUid(request.getUid());
    response.setAllowed(true);
    String pod = describe(request);
    try {
      if (!isPodCreation(request)) {
        return response;
      }
      Pod original = toPod(request.getObject());
      String namespace =
          request.getNamespace() != null ? request.getNamespace() : namespaceOf(original);
      InjectionPolicy.Verdict verdict = policy.decide(namespace, original);
      if (!verdict.inject()) {
        log.debug("not injecting {}: {}", pod, verdict.reason());
        if (verdict.tellUser()) {
          response.setWarnings(List.of(WARNING_PREFIX + "not injected: " + verdict.reason()));
        }
        return response;
      }
      InjectionPlan plan = InjectionPlan.of(original, settings);
      Pod mutated = serialization.clone(original);
      for (PodMutator mutator : mutators) {
        mutator.mutate(mutated, plan);
      }
      JsonNode patch = JsonDiff.asJson(tree(original), tree(mutated), PATCH_FLAGS);
      if (!patch.isEmpty()) {
        response.setPatchType(JSON_PATCH);
        response.setPatch(
            Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
      }
      List<String> warnings = new ArrayList<>();
      plan.warnings().forEach(w -> warnings.add(WARNING_PREFIX + w));
      response.setWarnings(warnings.isEmpty() ? null : warnings);
      log.info(
          "injecting the sidecar into {}: app container {}, dumps at {}, runs as {}{}",
          pod,
          plan.appContainer(),
          plan.dumpDirectory(),
          plan.identity(),
          warnings.isEmpty() ? "" : "; warnings: " + warnings);
      return response;
    } catch (InjectionException e) {
      return failed(response, pod, e.getMessage(), null);
    } catch (RuntimeException e) {
      return failed(response, pod, e.toString(), e);
    }
  }

  private AdmissionResponse failed(
      AdmissionResponse response, String pod, String reason, Exception cause) {
    failures.incrementAndGet();
    if (cause == null) {
      log.warn("not injecting {}: {}", pod, reason);
    } else {
      log.warn("not injecting {}: {}", pod, reason, cause);
    }
    response.setPatch(null);
    response.setPatchType(null);
    response.setWarnings(
        List.of(WARNING_PREFIX + "sidecar not injected: " + reason.replace('\n', ' ')));
    return response;
  }

  private static boolean isPodCreation(AdmissionRequest request) {
    return "CREATE".equals(request.getOperation())
        && request.getKind() != null
        && "Pod".equals(request.getKind().getKind())
        && (request.getSubResource() == null || request.getSubResource().isEmpty())
        && request.getObject() != null;
  }

  private Pod toPod(Object object) {
    return object instanceof Pod pod ? pod : serialization.convertValue(object, Pod.class);
  }

  private JsonNode tree(Pod pod) {
    return serialization.convertValue(pod, JsonNode.class);
  }

  private static String namespaceOf(Pod pod) {
    return pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
  }

  /**
   * {@code namespace/name} for logs; a pod with only a generateName is shown as {@code prefix*}.
   */
  private static String describe(AdmissionRequest request) {
    String name = request.getName();
    if ((name == null || name.isEmpty())
        && request.getObject() instanceof Pod pod
        && pod.getMetadata() != null
        && pod.getMetadata().getGenerateName() != null) {
      name = pod.getMetadata().getGenerateName() + "*";
    }
    return request.getNamespace() + "/" + (name == null ? "?" : name);
  }
}
