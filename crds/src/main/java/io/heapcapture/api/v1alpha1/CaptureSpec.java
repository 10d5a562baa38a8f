package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** What to capture. */
public class CaptureSpec {
  @Default("HeapDumpLive")
  @JsonPropertyDescription(
      "HeapDumpLive dumps reachable objects after a full GC; HeapDumpAll dumps every object"
          + " without a GC; HeapSnapshot takes a V8 heap snapshot of a Node.js process started"
          + " with --heapsnapshot-signal=SIGUSR2.")
  private CaptureKind kind = CaptureKind.HeapDumpLive;

  public CaptureKind getKind() {
    return kind;
  }

  public void setKind(CaptureKind kind) {
    this.kind = kind;
  }
}
