package io.heapcapture.operator.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetStatus;

/**
 * The small JSON document stored beside each dump, so the object store alone says what a dump is,
 * where it came from and how to check it, even after the HeapCapture is deleted.
 */
final class CaptureManifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CaptureManifest() {}

  static byte[] of(HeapCapture capture, TargetStatus target, String contentEncoding) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", "heapcapture.io/manifest/v1");
    root.put("namespace", capture.getMetadata().getNamespace());
    root.put("heapCapture", capture.getMetadata().getName());
    root.put("captureId", target.getId());
    root.put("pod", target.getPod());
    root.put("container", target.getContainer());
    if (target.getPid() != null) {
      root.put("pid", target.getPid());
    }
    root.put("trigger", target.getTrigger());
    root.put("kind", capture.getSpec().getCapture().getKind().name());
    root.put("startedAt", target.getStartedAt());
    root.put("finishedAt", target.getFinishedAt());
    if (target.getPauseMillis() != null) {
      root.put("pauseMillis", target.getPauseMillis());
    }
    if (target.getRawBytes() != null) {
      root.put("rawBytes", target.getRawBytes());
    }
    root.put("storedBytes", target.getStoredBytes());
    root.put("contentEncoding", contentEncoding);
    root.put("sha256", target.getSha256());
    root.put("object", target.getObjectUri());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }
}
