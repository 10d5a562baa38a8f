package io.heapcapture.operator.storage;

import java.util.List;

/**
 * Presigned URLs that let a holder of no credentials upload the parts of one multipart upload.
 *
 * @param partSize size of every part but the last
 * @param partUrls one presigned PUT URL per part number, starting at 1
 */
public record PartAuthorization(long partSize, List<String> partUrls) {
  public PartAuthorization {
    partUrls = List.copyOf(partUrls);
  }
}
