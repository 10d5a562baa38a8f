package io.heapcapture.operator.storage;

/** A failed object-store operation, with a typed reason. */
public class StorageException extends Exception {
  private final StorageFailure failure;

  public StorageException(StorageFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public StorageFailure failure() {
    return failure;
  }
}
