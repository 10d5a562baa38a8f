package io.heapcapture.sidecar.upload;

import io.heapcapture.sidecar.api.UploadedPart;
import java.io.IOException;

/** Stores one part of a multipart upload. */
public interface PartPublisher {
  /** Stores {@code length} bytes of {@code data} as part {@code partNumber} and returns it. */
  UploadedPart publish(int partNumber, byte[] data, int length) throws IOException;
}
