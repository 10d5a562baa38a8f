package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request to capture heap dumps from JVMs in pods of this namespace and store them. */
@Group(HeapCapture.GROUP)
@Version(HeapCapture.VERSION)
@Kind("HeapCapture")
@Plural("heapcaptures")
@Singular("heapcapture")
@ShortNames("hcap")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Targets",
    jsonPath = ".status.summary",
    getDescription = "Captured of planned targets")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.reason")
@AdditionalPrinterColumn(
    name = "Analysis",
    jsonPath = ".status.conditions[?(@.type==\"Analyzed\")].reason",
    getDescription = "Analyzing, Analyzed, or why the analysis failed")
@AdditionalPrinterColumn(
    name = "Trigger",
    jsonPath = ".metadata.labels.heapcapture\\.io/trigger",
    getDescription = "The HeapCapturePolicy trigger that created it; empty when applied by hand")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", priority = 1)
public class HeapCapture extends CustomResource<HeapCaptureSpec, HeapCaptureStatus>
    implements Namespaced {
  public static final String GROUP = "heapcapture.io";
  public static final String VERSION = "v1alpha1";

  /** Label naming the HeapCapturePolicy that created a capture. */
  public static final String POLICY_LABEL = GROUP + "/policy";

  /** Label naming the policy's trigger that created a capture. */
  public static final String TRIGGER_LABEL = GROUP + "/trigger";

  // Overridden only to describe spec and mark it required: a HeapCapture without spec means
  // nothing.
  @Override
  @Required
  @JsonPropertyDescription("What to capture, from which pods, and where to store it.")
  public HeapCaptureSpec getSpec() {
    return super.getSpec();
  }
}
