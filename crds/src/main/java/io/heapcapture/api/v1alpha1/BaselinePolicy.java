package io.heapcapture.api.v1alpha1;

/** What a dump is compared with. */
public enum BaselinePolicy {
  /**
   * The newest earlier stored dump of the same workload and container in this namespace and bucket,
   * from this or another HeapCapture.
   */
  PreviousCapture,
  /** No comparison: the report shows what holds the heap, not what grew. */
  None
}
