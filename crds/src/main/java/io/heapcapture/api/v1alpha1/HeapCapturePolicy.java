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

/**
 * Creates HeapCaptures when its triggers fire, as a CronJob creates Jobs: on a schedule, when a
 * memory threshold holds in a target pod, or when a JVM writes a dump on OutOfMemoryError.
 */
@Group(HeapCapture.GROUP)
@Version(HeapCapture.VERSION)
@Kind("HeapCapturePolicy")
@Plural("heapcapturepolicies")
@Singular("heapcapturepolicy")
@ShortNames("hcpol")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Triggers",
    jsonPath = ".spec.triggers[*].name",
    getDescription = "The names of the triggers")
@AdditionalPrinterColumn(
    name = "Captures",
    jsonPath = ".status.capturesCreated",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "HeapCaptures created so far")
@AdditionalPrinterColumn(
    name = "Last",
    jsonPath = ".status.lastCapture.time",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "How long ago the last HeapCapture was created")
@AdditionalPrinterColumn(
    name = "Next",
    jsonPath = ".status.nextCapture.time",
    getDescription = "When the next scheduled capture is due (RFC 3339)")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    priority = 1)
public class HeapCapturePolicy
    extends CustomResource<HeapCapturePolicySpec, HeapCapturePolicyStatus> implements Namespaced {

  // Overridden only to describe spec and mark it required.
  @Override
  @Required
  @JsonPropertyDescription("Which pods, what to capture, where to store it, and when.")
  public HeapCapturePolicySpec getSpec() {
    return super.getSpec();
  }
}
