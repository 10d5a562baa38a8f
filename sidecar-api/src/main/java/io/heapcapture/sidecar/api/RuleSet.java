package io.heapcapture.sidecar.api;

import java.util.List;
import java.util.Objects;

/**
 * Arms the sidecar with one policy's rules: {@code PUT /v1/rules}. It replaces what that policy
 * armed before; other policies' rules are untouched. The process is picked as for a {@link
 * CaptureRequest}.
 *
 * @param policy the HeapCapturePolicy's name (the namespace is the pod's)
 * @param policyUid its uid, so that a policy deleted and created again is a new one
 * @param generation the policy's metadata.generation these rules come from
 * @param outOfMemory true when the policy wants dumps the JVM writes on OutOfMemoryError
 */
public record RuleSet(
    String policy,
    String policyUid,
    long generation,
    String container,
    String containerId,
    String commandPattern,
    CaptureKind kind,
    List<Rule> rules,
    boolean outOfMemory) {
  public RuleSet {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(kind, "kind");
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
