package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * The CRD schema of {@code spec.target.selector}, which Java code sees as a plain {@link
 * io.fabric8.kubernetes.api.model.LabelSelector}. The API server validates label selectors of
 * built-in kinds but not inside custom resources, so this one spells out the operators and bounds
 * the lists, which also keeps the CEL rules on the selector within their cost budget.
 */
final class LabelSelectorSchema {
  @Size(max = 64)
  @JsonPropertyDescription("Labels that a pod must have, all of them, with these values.")
  public Map<String, String> matchLabels;

  @Size(max = 32)
  @JsonPropertyDescription("Label requirements that a pod must meet, all of them.")
  public List<Requirement> matchExpressions;

  private LabelSelectorSchema() {}

  /** One label requirement. */
  static final class Requirement {
    @Required
    @Size(min = 1, max = 317)
    @JsonPropertyDescription("Label key.")
    public String key;

    @Required
    @JsonPropertyDescription("In and NotIn need values; Exists and DoesNotExist take none.")
    public Operator operator;

    @Size(max = 64)
    @JsonPropertyDescription("Label values for In and NotIn.")
    public List<String> values;

    private Requirement() {}
  }

  /** The operators of a Kubernetes label requirement. */
  enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }
}
