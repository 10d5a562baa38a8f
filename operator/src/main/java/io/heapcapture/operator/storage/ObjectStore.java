package io.heapcapture.operator.storage;

import java.time.Duration;
import java.util.List;

/** The operations the operator needs from an S3-compatible store. */
public interface ObjectStore extends AutoCloseable {
  /** Opens a multipart upload and returns its id. */
  String createUpload(ObjectLocation location, String contentType) throws StorageException;

  /** Presigns part URLs 1..parts of an open upload, valid for {@code ttl}. */
  PartAuthorization authorizeParts(
      ObjectLocation location, String uploadId, int parts, long partSize, Duration ttl)
      throws StorageException;

  /** Completes an upload from its parts and returns the stored object's size. */
  long completeUpload(ObjectLocation location, String uploadId, List<CompletedPart> parts)
      throws StorageException;

  /** Aborts one upload; an upload that is already gone counts as aborted. */
  void abortUpload(ObjectLocation location, String uploadId) throws StorageException;

  /** Aborts every open upload of that key, e.g. one left behind by an interrupted reconcile. */
  int abortUploads(ObjectLocation location) throws StorageException;

  /** Writes a small object in one request. */
  void putSmallObject(ObjectLocation location, String contentType, byte[] content)
      throws StorageException;

  @Override
  void close();
}
