package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A dump the sidecar of one pod already holds, which a HeapCapture adopts and uploads. */
public class CaptureSource {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("The pod whose sidecar holds the dump.")
  private String pod;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("The pod's uid: a pod of the same name created later is another pod.")
  private String podUid;

  @Required
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
  @JsonPropertyDescription("The sidecar's id of the dump.")
  private String sidecarCapture;

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getPodUid() {
    return podUid;
  }

  public void setPodUid(String podUid) {
    this.podUid = podUid;
  }

  public String getSidecarCapture() {
    return sidecarCapture;
  }

  public void setSidecarCapture(String sidecarCapture) {
    this.sidecarCapture = sidecarCapture;
  }
}
