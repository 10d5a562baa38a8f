package io.heapcapture.operator.storage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

  /** Deletes one object; an object that is already gone counts as deleted. */
  void deleteObject(ObjectLocation location) throws StorageException;

  /** Presigns a GET of one object, valid for {@code ttl} (capped at the store's maximum). */
  String presignGet(ObjectLocation location, Duration ttl) throws StorageException;

  /**
   * Presigns a PUT of one object with exactly this content type, valid for {@code ttl} (capped at
   * the store's maximum). The uploader must send the same {@code Content-Type}.
   */
  String presignPut(ObjectLocation location, String contentType, Duration ttl)
      throws StorageException;

  /**
   * Reads a small object whole; empty when it does not exist. Refuses objects larger than {@code
   * maxBytes}.
   */
  Optional<byte[]> readSmallObject(ObjectLocation location, long maxBytes) throws StorageException;

  @Override
  void close();
}
