package io.heapcapture.operator.capture;

import io.heapcapture.operator.storage.StorageFailure;
import io.heapcapture.sidecar.api.FailureReason;

/** Status and Event reasons. Stable identifiers: automation may depend on them. */
public enum Reason {
  // Planning.
  NoMatchingPods,
  PodNotFound,
  SidecarNotInjected,
  WaitingForSidecar,
  WaitingForPod,
  WaitingForEphemeralContainer,
  ContainerNotFound,
  ContainerAmbiguous,
  // Progress and success.
  Planned,
  Capturing,
  Stored,
  // Target failures raised by the operator.
  PodGone,
  SidecarUnreachable,
  SidecarUnauthorized,
  SidecarLostCapture,
  EphemeralContainerRefused,
  EphemeralContainerFailed,
  SizeMismatch,
  Timeout,
  // Target failures reported by the sidecar.
  NoJvmFound,
  MultipleJvms,
  AttachDisabled,
  AttachFailed,
  InsufficientDisk,
  DumpFailed,
  UploadFailed,
  EndpointNotAllowed,
  SidecarRejected,
  SidecarInternalError,
  // Storage failures.
  StorageUnavailable,
  StorageAccessDenied,
  BucketNotFound,
  StorageCredentialsMissing,
  StorageError;

  public static Reason of(FailureReason sidecarReason) {
    return switch (sidecarReason) {
      case NO_JVM_FOUND -> NoJvmFound;
      case MULTIPLE_JVMS -> MultipleJvms;
      case ATTACH_DISABLED -> AttachDisabled;
      case ATTACH_FAILED -> AttachFailed;
      case INSUFFICIENT_DISK -> InsufficientDisk;
      case DUMP_FAILED -> DumpFailed;
      case UPLOAD_FAILED -> UploadFailed;
      case ENDPOINT_NOT_ALLOWED -> EndpointNotAllowed;
      case BAD_REQUEST -> SidecarRejected;
      case INTERNAL -> SidecarInternalError;
    };
  }

  public static Reason of(StorageFailure storageFailure) {
    return switch (storageFailure) {
      case StorageUnavailable -> StorageUnavailable;
      case StorageAccessDenied -> StorageAccessDenied;
      case BucketNotFound -> BucketNotFound;
      case StorageCredentialsMissing -> StorageCredentialsMissing;
      case StorageError -> StorageError;
    };
  }
}
