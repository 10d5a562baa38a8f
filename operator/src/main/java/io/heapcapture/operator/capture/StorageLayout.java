package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.storage.ObjectLocation;

/**
 * Where a target's objects go: {@code <prefix><namespace>/<capture>/<pod>-<id>.hprof.zst}, and the
 * JSON manifest beside it.
 */
public final class StorageLayout {
  public static final String DUMP_SUFFIX = ".hprof.zst";
  public static final String MANIFEST_SUFFIX = ".manifest.json";

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
            + DUMP_SUFFIX;
    return new ObjectLocation(capture.getSpec().getStorage().getBucket(), key);
  }

  public static ObjectLocation manifest(ObjectLocation dump) {
    return dump.withSuffix(DUMP_SUFFIX, MANIFEST_SUFFIX);
  }
}
