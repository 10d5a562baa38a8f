package io.heapcapture.sidecar.api;

import java.util.List;

/** What the sidecar holds for one policy: the answer to {@code PUT /v1/rules}. */
public record ArmedPolicy(
    String policy, String policyUid, long generation, boolean outOfMemory, List<RuleState> rules) {
  public ArmedPolicy {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
