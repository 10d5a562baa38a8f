package io.heapcapture.sidecar.api;

import java.util.List;
import java.util.Objects;

/**
 * Authorization to store one dump as one object: presigned URLs for the parts of a multipart
 * upload, in part-number order (the first URL is part 1). The sidecar never sees storage
 * credentials; these URLs are good for exactly this object and expire.
 *
 * @param partSize bytes in every part but the last
 * @param partUrls presigned PUT URLs, one per part that may be used
 */
public record UploadInstruction(long partSize, List<String> partUrls) {
  /** The smallest part S3 accepts (all but the last part). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  public UploadInstruction {
    Objects.requireNonNull(partUrls, "partUrls");
    partUrls = List.copyOf(partUrls);
  }
}
