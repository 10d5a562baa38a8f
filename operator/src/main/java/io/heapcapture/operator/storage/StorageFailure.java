package io.heapcapture.operator.storage;

/** Why the object store refused or could not be reached; becomes a status reason. */
public enum StorageFailure {
  /** The server could not be reached or timed out. */
  StorageUnavailable,
  /** The credentials were refused or lack a permission. */
  StorageAccessDenied,
  /** The bucket does not exist. */
  BucketNotFound,
  /** The credentials Secret is missing or lacks a key. */
  StorageCredentialsMissing,
  /** Any other refusal by the store. */
  StorageError
}
