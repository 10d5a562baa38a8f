package io.heapcapture.sidecar.api;

/**
 * One part the sidecar stored.
 *
 * @param partNumber 1-based part number
 * @param etag the ETag the store returned, needed to complete the upload
 * @param size bytes in the part
 */
public record UploadedPart(int partNumber, String etag, long size) {}
