package io.heapcapture.operator.analysis;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.StorageSpec;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.storage.ObjectLocation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the baseline of a new dump: the newest dump stored before it, of the same workload and
 * container, in the same namespace, bucket and endpoint. It may come from the same HeapCapture (a
 * capture with several dumps over time) or from another one. Dumps of other workloads are never
 * compared: their heaps hold different things.
 */
public final class Baselines {
  private Baselines() {}

  public static Optional<BaselineDump> previousOf(
      HeapCapture capture, TargetStatus target, List<HeapCapture> namespaceCaptures) {
    if (target.getWorkload() == null || target.getFinishedAt() == null) {
      return Optional.empty();
    }
    Instant before = instant(target.getFinishedAt());
    if (before == null) {
      return Optional.empty();
    }
    StorageSpec storage = capture.getSpec().getStorage();
    return namespaceCaptures.stream()
        .filter(other -> sameStore(storage, other.getSpec().getStorage()))
        .filter(other -> other.getStatus() != null && other.getStatus().getTargets() != null)
        .flatMap(other -> other.getStatus().getTargets().stream())
        .filter(t -> t.getPhase() == TargetPhase.Succeeded && t.getObjectUri() != null)
        .filter(t -> !t.getId().equals(target.getId()))
        .filter(t -> target.getWorkload().equals(t.getWorkload()))
        .filter(t -> Objects.equals(target.getContainer(), t.getContainer()))
        .filter(t -> instant(t.getFinishedAt()) != null)
        .filter(t -> instant(t.getFinishedAt()).isBefore(before))
        .max(Comparator.comparing((TargetStatus t) -> instant(t.getFinishedAt())))
        .flatMap(t -> locationOf(t.getObjectUri(), storage.getBucket()).map(l -> dumpOf(l, t)));
  }

  private static BaselineDump dumpOf(ObjectLocation location, TargetStatus target) {
    return new BaselineDump(
        location,
        Objects.requireNonNullElse(target.getRawBytes(), 0L),
        Objects.requireNonNullElse(target.getStoredBytes(), 0L));
  }

  private static boolean sameStore(StorageSpec a, StorageSpec b) {
    return b != null
        && Objects.equals(a.getBucket(), b.getBucket())
        && Objects.equals(a.getEndpoint(), b.getEndpoint());
  }

  /** {@code s3://bucket/key} in the given bucket, or empty. */
  static Optional<ObjectLocation> locationOf(String uri, String bucket) {
    String prefix = "s3://" + bucket + "/";
    if (uri == null || !uri.startsWith(prefix) || uri.length() == prefix.length()) {
      return Optional.empty();
    }
    return Optional.of(new ObjectLocation(bucket, uri.substring(prefix.length())));
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
