package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.operator.storage.ObjectStore;
import java.time.Duration;

/**
 * What every step of one capture needs.
 *
 * @param capture the resource
 * @param store its object store
 * @param urlTtl how long presigned part URLs stay valid
 */
public record CaptureContext(HeapCapture capture, ObjectStore store, Duration urlTtl) {
  public String namespace() {
    return capture.getMetadata().getNamespace();
  }
}
