package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.HeapCapture;
import java.util.List;

/** The HeapCaptures a policy creates, reads and cleans up. */
public interface PolicyCaptures {
  /** Every HeapCapture in the namespace, whoever created it. */
  List<HeapCapture> inNamespace(String namespace);

  /** Creates the capture; false when one of that name exists already (an earlier pass made it). */
  boolean create(HeapCapture capture);

  void delete(HeapCapture capture);

  /** Drops the owner reference to {@code ownerUid}, so the capture outlives its policy. */
  void release(HeapCapture capture, String ownerUid);
}
