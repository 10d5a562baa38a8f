package io.heapcapture.sidecar.api;

import java.util.List;

/**
 * What the sidecar stored.
 *
 * @param storedBytes bytes of the compressed object
 * @param sha256 hex SHA-256 of the stored (compressed) object
 * @param contentEncoding how the object is compressed, e.g. {@code zstd}
 * @param parts the parts in order
 */
public record UploadResult(
    long storedBytes, String sha256, String contentEncoding, List<UploadedPart> parts) {
  public UploadResult {
    parts = List.copyOf(parts);
  }
}
