package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.CaptureKind;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.storage.ObjectLocation;

/**
 * Where a target's objects go: {@code <prefix><namespace>/<capture>/<pod>-<id>.hprof.zst} (or
 * {@code .heapsnapshot.zst} for a Node.js heap snapshot), and the JSON manifest beside it.
 */
public final class StorageLayout {
  public static final String DUMP_SUFFIX = ".hprof.zst";
  public static final String SNAPSHOT_SUFFIX = ".heapsnapshot.zst";
  public static final String MANIFEST_SUFFIX = ".manifest.json";
  static final String HPROF_CONTENT_TYPE = "application/vnd.heapcapture.hprof+zstd";
  static final String SNAPSHOT_CONTENT_TYPE = "application/vnd.heapcapture.heapsnapshot+zstd";

  private StorageLayout() {}

  public static ObjectLocation dump(HeapCapture capture, TargetStatus target) {
    String prefix = capture.getSpec().getStorage().getPrefix();
    if (prefix == null) {
      prefix = "";
    } else if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    String key =
        prefix
            + capture.getMetadata().getNamespace()
            + "/"
            + capture.getMetadata().getName()
            + "/"
            + target.getPod()
            + "-"
            + target.getId()
            + suffix(capture);
    return new ObjectLocation(capture.getSpec().getStorage().getBucket(), key);
  }

  public static ObjectLocation manifest(ObjectLocation dump) {
    return dump.key().endsWith(SNAPSHOT_SUFFIX)
        ? dump.withSuffix(SNAPSHOT_SUFFIX, MANIFEST_SUFFIX)
        : dump.withSuffix(DUMP_SUFFIX, MANIFEST_SUFFIX);
  }

  /** The content type of the stored dump, which tells readers the format of the capture. */
  static String contentType(HeapCapture capture) {
    return isSnapshot(capture) ? SNAPSHOT_CONTENT_TYPE : HPROF_CONTENT_TYPE;
  }

  private static String suffix(HeapCapture capture) {
    return isSnapshot(capture) ? SNAPSHOT_SUFFIX : DUMP_SUFFIX;
  }

  private static boolean isSnapshot(HeapCapture capture) {
    return capture.getSpec().getCapture() != null
        && capture.getSpec().getCapture().getKind() == CaptureKind.HeapSnapshot;
  }
}
