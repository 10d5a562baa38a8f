package io.heapcapture.sidecar.api;

import java.util.List;

/** Everything armed in one sidecar: the answer to {@code GET /v1/rules}. */
public record ArmedRules(List<ArmedPolicy> policies) {
  public ArmedRules {
    policies = policies == null ? List.of() : List.copyOf(policies);
  }
}
